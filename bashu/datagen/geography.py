"""Where the synthetic people, employers and postings are (地区权重).

Sichuan's prefectures are weighted by their resident population in the 2020 census
(第七次全国人口普查, 万人), so 成都 holds a quarter of Sichuan's people and 甘孜 one in
eighty, as in life; within a prefecture (and in Chongqing, whose districts hang directly
under the municipality) the core urban districts are larger labour markets. Postings
concentrate further in the two centres: 成都 and 重庆's 主城 offer more jobs per resident.
These are assumptions, stated here; the seeds give only the joint totals.
"""

from __future__ import annotations

from collections.abc import Iterable

#: Resident population of Sichuan's prefectures in the 2020 census, 万人.
SICHUAN_PREFECTURE_POPULATION = {
    "510100": 2093.8,  # 成都市
    "510300": 248.9,  # 自贡市
    "510400": 121.2,  # 攀枝花市
    "510500": 425.4,  # 泸州市
    "510600": 345.6,  # 德阳市
    "510700": 486.8,  # 绵阳市
    "510800": 230.5,  # 广元市
    "510900": 281.4,  # 遂宁市
    "511000": 314.1,  # 内江市
    "511100": 316.0,  # 乐山市
    "511300": 560.8,  # 南充市
    "511400": 295.5,  # 眉山市
    "511500": 458.9,  # 宜宾市
    "511600": 325.5,  # 广安市
    "511700": 538.5,  # 达州市
    "511800": 143.5,  # 雅安市
    "511900": 271.2,  # 巴中市
    "512000": 230.9,  # 资阳市
    "513200": 82.3,  # 阿坝藏族羌族自治州
    "513300": 110.7,  # 甘孜藏族自治州
    "513400": 485.8,  # 凉山彝族自治州
}
#: Chongqing's central districts (主城): 渝中 … 巴南.
CHONGQING_CORE = ("500103", "500113")
#: Postings per resident in the two centres, relative to the rest (an assumption).
CENTRE_POSTING_PREMIUM = 2.0


def _district_weight(code: str) -> float:
    """Within its prefecture (or Chongqing): the urban districts (市辖区, codes xxxx01–19)
    are larger labour markets, Chongqing's 主城 the largest."""
    if code.startswith("50"):
        if CHONGQING_CORE[0] <= code <= CHONGQING_CORE[1]:
            return 4.0
        return 2.0 if code[4:6] < "20" else 1.0
    return 3.0 if code[4:6] < "20" else 1.0


def is_centre(code: str) -> bool:
    """成都市 or 重庆's 主城."""
    return code.startswith("5101") or CHONGQING_CORE[0] <= code <= CHONGQING_CORE[1]


def county_weights(
    counties: Iterable[str], prefecture_of: dict[str, str], *, postings: bool = False
) -> list[float]:
    """One weight per county of one province, in the order given: a Sichuan county's
    prefecture population shared among the prefecture's counties by district weight;
    Chongqing's counties by district weight. ``postings`` adds the centres' premium."""
    counties = list(counties)
    within: dict[str, float] = {}
    for code in counties:
        parent = prefecture_of.get(code, code[:4] + "00")
        within[parent] = within.get(parent, 0.0) + _district_weight(code)
    weights = []
    for code in counties:
        parent = prefecture_of.get(code, code[:4] + "00")
        weight = _district_weight(code)
        if code.startswith("51"):
            population = SICHUAN_PREFECTURE_POPULATION.get(parent, 100.0)
            weight = population * weight / within[parent]
        if postings and is_centre(code):
            weight *= CENTRE_POSTING_PREMIUM
        weights.append(weight)
    return weights
