"""Validated loading of the shipped data files (数据文件校验加载). Plain Python: pydantic, no
Django (import-linter), so the pure rule modules may use it.

Every CSV and JSON file under ``bashu/<app>/data/`` has a pydantic model here (``MODELS``,
keyed by its path under ``bashu/``), and every reader loads it through
``data_file_load(path)``. A file that breaks its model is refused before anything uses it,
with ``DataFileError`` naming the file, the line and the field::

    bashu/core/data/regions.csv: line 7: level: Input should be 'province', 'prefecture' or
    'county'

What it returns is what the readers always had: a CSV's rows as ``csv.DictReader`` gives
them (every value a string), a JSON file's parsed document. The model checks; the reader's
code is unchanged. ``data_file_models`` gives the validated models instead, for new code.

A CSV row model forbids columns it does not declare and the header must name exactly its
fields; ``UNIQUE`` names the columns whose values may appear once per file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    RootModel,
    ValidationError,
    model_validator,
)

#: The ``bashu`` package: files are named relative to its parent (``bashu/core/data/…``).
PACKAGE = Path(__file__).resolve().parent.parent


class DataFileError(ValueError):
    """A shipped data file that breaks its model: ``file``, ``line`` (1-based; 0 when the file
    as a whole is wrong), ``field`` (a dotted path, or ``""``) and the rule's ``message``."""

    def __init__(self, file: str, line: int, field: str, message: str) -> None:
        self.file, self.line, self.field, self.message = file, line, field, message
        where = f"{file}: line {line}" if line else file
        super().__init__(f"{where}: {field}: {message}" if field else f"{where}: {message}")


# --- field types -----------------------------------------------------------------------------

_TRIMMED = r"^\S(?:.*\S)?$"  # not empty, no space around, one line


def _blank_is_none(value: Any) -> Any:
    return None if value == "" else value


Text = Annotated[str, Field(min_length=1, max_length=500, pattern=_TRIMMED)]
Name = Annotated[str, Field(min_length=1, max_length=128, pattern=_TRIMMED)]
Slug = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
RegionCode = Annotated[str, Field(pattern=r"^\d{6}$")]
RegionPrefix = Annotated[str, Field(pattern=r"^\d{2}(\d{2}){0,2}$")]  # 51, 5101, 510104
ParentRegion = Annotated[str, Field(pattern=r"^(\d{6})?$")]
IndustryCode = Annotated[str, Field(pattern=r"^([A-T]|\d{2})$")]  # GB/T 4754 section/division
OccupationCode = Annotated[str, Field(pattern=r"^\d(-\d{2}){0,3}$")]  # 大典 1-06-01-02
Rank = Annotated[int, Field(ge=1, le=20)]
Share = Annotated[Decimal, Field(gt=0, le=1)]
Longitude = Annotated[
    Annotated[Decimal, Field(ge=-180, le=180)] | None, BeforeValidator(_blank_is_none)
]
Latitude = Annotated[
    Annotated[Decimal, Field(ge=-90, le=90)] | None, BeforeValidator(_blank_is_none)
]
DashedId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- bashu/core/data -------------------------------------------------------------------------


class RegionRow(_Strict):
    """GB/T 2260 divisions (行政区划代码), ``regions.csv`` and ``regions_other_provinces.csv``."""

    code: RegionCode
    name: Name
    level: Literal["province", "prefecture", "county"]
    parent_code: ParentRegion
    longitude: Longitude
    latitude: Latitude

    @model_validator(mode="after")
    def _parent(self) -> RegionRow:
        if (self.level == "province") != (self.parent_code == ""):
            raise ValueError("a province has no parent_code, every other level has one")
        return self


class IndustryRow(_Strict):
    """GB/T 4754-2017 sections and divisions (国民经济行业分类), with the English name shown in
    English mode (at most 64 characters, the column's width)."""

    code: IndustryCode
    name: Name
    level: Literal["section", "division"]
    parent_code: Annotated[str, Field(pattern=r"^([A-T])?$")]
    name_en: Annotated[str, Field(min_length=1, max_length=64, pattern=_TRIMMED)]


class OccupationRow(_Strict):
    """《职业分类大典》(2022) groups (职业分类)."""

    code: OccupationCode
    name: Name
    level: Literal["major", "medium", "minor", "detailed"]
    parent_code: Annotated[str, Field(pattern=r"^(\d(-\d{2}){0,2})?$")]


class EducationLevelRow(_Strict):
    """Education levels (学历), ranked."""

    code: Slug
    name: Name
    name_en: Name
    rank: Rank


class EducationAliasRow(_Strict):
    """Another way sites write an education level (学历别名): 大学本科 → ``bachelor``, 技校 →
    ``secondary_vocational``; ``none`` for 不限 (no requirement). Read by
    ``bashu.jobs.published``, which also checks the code is in ``education_levels.csv``."""

    alias: Name
    code: Slug


class RankedLevelRow(_Strict):
    """Title levels (职称层级) and skill levels (职业技能等级), ranked."""

    rank: Rank
    name: Name
    name_en: Name


class TitleSeriesRow(_Strict):
    """Title series (职称系列), with the English name shown in English mode."""

    code: Slug
    name: Name
    name_en: Name


class PinyinInitialsRow(_Strict):
    """The pinyin initials (拼音首字母) and whole pinyin of a region, industry or occupation
    name, written by ``scripts/reference_initials.py``: what the pickers match ``qbj`` and
    ``qingbaijiang`` against."""

    table: Literal["region", "industry", "occupation"]
    code: Annotated[str, Field(min_length=1, max_length=16)]
    initials: Annotated[str, Field(pattern=r"^[a-z0-9]*$", max_length=64)]
    pinyin: Annotated[str, Field(pattern=r"^[a-z0-9]*$", max_length=255)]


# --- bashu/jobs/data -------------------------------------------------------------------------


class FairHiringPhraseRow(_Strict):
    """A discriminatory phrase in a posting (就业歧视用语), its rule and source, dated."""

    phrase: Name
    category: Slug
    action: Literal["flag", "refuse"]
    rule: Text
    source: Name
    effective_from: dt.date


#: The longest repetition a fair-hiring pattern may ask for (``.{0,12}``): with no unbounded
#: and no nested quantifier, scanning a posting stays linear in its length, whatever the data.
REGEX_MAX_REPEAT = 20
_QUANTIFIER = re.compile(r"\{(\d*)(?:,(\d*))?\}")


def _regex_check(pattern: str) -> str:
    """A pattern that compiles, is written as normalised text would read it (half-width, lower
    case) and cannot backtrack catastrophically: no ``*``, ``+`` or ``{n,}``, no bound above
    ``REGEX_MAX_REPEAT``, no repeated group that holds a quantifier (an optional one may), no
    backreference."""
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"does not compile: {exc}") from None
    if unicodedata.normalize("NFKC", pattern) != pattern:
        raise ValueError("write it half-width (NFKC): normalised postings are matched")
    groups: list[bool] = []  # per open group: does it hold a quantifier?
    last_group_quantified = False  # the atom just closed was a group holding a quantifier
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            if pattern[i + 1 : i + 2].isdigit():
                raise ValueError("no backreferences")
            i, last_group_quantified = i + 2, False
            continue
        if char == "[":
            end = i + 1
            while end < len(pattern) and (pattern[end] != "]" or end == i + 1):
                end += 2 if pattern[end] == "\\" else 1
            i, last_group_quantified = end + 1, False
            continue
        if char == "(":
            groups.append(False)
            i += 2 if pattern[i + 1 : i + 2] == "?" else 1
            last_group_quantified = False
            continue
        if char == ")":
            last_group_quantified = groups.pop() if groups else False
            if last_group_quantified and groups:
                groups[-1] = True
            i += 1
            continue
        bound = _QUANTIFIER.match(pattern, i) if char == "{" else None
        if char in "*+" or bound or (char == "?" and pattern[i - 1 : i] not in "(*+?}"):
            if char in "*+":
                raise ValueError(
                    f"unbounded {char!r}: write a bound such as {{0,{REGEX_MAX_REPEAT}}}"
                )
            if bound:
                upper = bound.group(2) if bound.group(2) is not None else bound.group(1)
                if not upper or int(upper) > REGEX_MAX_REPEAT:
                    raise ValueError(f"a repetition bound above {REGEX_MAX_REPEAT}")
            optional = char == "?" or (bound is not None and bound.group(0) == "{0,1}")
            if last_group_quantified and not optional:  # (?:a{0,3})? is harmless
                raise ValueError("a repeated group holds a quantifier (nested quantifiers)")
            if groups:
                groups[-1] = True
            i = bound.end() if bound else i + 1
            last_group_quantified = False
            continue
        i, last_group_quantified = i + 1, False
    return pattern


Regex = Annotated[str, Field(min_length=1, max_length=400), AfterValidator(_regex_check)]


def _regex_matches(pattern: str, example: str) -> None:
    normalised = unicodedata.normalize("NFKC", example).lower()
    if not re.search(pattern, normalised):
        raise ValueError(f"the pattern does not find its own example {example!r}")


class FairHiringPatternRow(_Strict):
    """A pattern of a discriminatory restriction (就业歧视表述), one protected ground, its
    action, rule and source, dated; ``example`` is a posting sentence it must find."""

    name: Slug
    pattern: Regex
    category: Slug
    action: Literal["flag", "refuse"]
    rule: Text
    source: Name
    effective_from: dt.date
    example: Text

    @model_validator(mode="after")
    def _example(self) -> FairHiringPatternRow:
        _regex_matches(self.pattern, self.example)
        return self


class FairHiringNeutralRow(_Strict):
    """A neutral or negated use (男女不限, 女装销售, 乙肝疫苗接种) that the screen leaves alone:
    its span is blanked before the patterns run. ``reason`` says why it is not a restriction."""

    name: Slug
    pattern: Regex
    category: Slug
    reason: Text
    example: Text

    @model_validator(mode="after")
    def _example(self) -> FairHiringNeutralRow:
        _regex_matches(self.pattern, self.example)
        return self


class SynonymRow(_Strict):
    """A search term and its synonym group (同义词)."""

    group: Slug
    term: Name


class SynonymBroaderRow(_Strict):
    """A synonym group and the broader group it belongs to (上位词), as SKOS ``broader``: a
    query for the broader term also finds the narrower group's terms, never the reverse."""

    group: Slug
    broader: Slug


class OccupationTitleRow(_Strict):
    """A title employers write for a detailed occupation (岗位常用名称), for automatic coding
    (``bashu.jobs.coding``): 美工 is 视觉传达设计人员, 叉车司机 起重装卸机械操作工."""

    code: Annotated[str, Field(pattern=r"^\d-\d{2}-\d{2}-\d{2}$")]
    title: Name


class OccupationTermRow(_Strict):
    """A word of employers' titles and the word the classification uses for it (职业用语对照),
    for automatic coding: 司机 → 驾驶员, 老师 → 教师, 高中 → 高级中学."""

    written: Name
    means: Name


class OccupationEnglishRow(_Strict):
    """An English word for a job and the Chinese word of the classification it means
    (职业英文检索词): welder → 焊工, nurse → 护士, so an English reader finds occupations and
    postings written in Chinese. Each ``name`` is part of at least one detailed occupation's
    name (checked by a test)."""

    english: Annotated[str, Field(pattern=r"^[a-z]{3,24}$")]
    name: Name


Weight = Annotated[float, Field(ge=0, le=1)]


class MatchWeightSet(_Strict):
    occupation: Weight
    skills: Weight
    text: Weight
    commute: Weight
    salary: Weight
    education: Weight
    experience: Weight

    @model_validator(mode="after")
    def _sum(self) -> MatchWeightSet:
        if abs(sum(self.model_dump().values()) - 1) > 1e-9:
            raise ValueError("the weights must add up to 1")
        return self


class PreviousWeights(_Strict):
    version: Name
    weights: MatchWeightSet


class RailNode(_Strict):
    """A city on the high-speed corridor (高铁站点城市) and the regions its station serves."""

    name: Name
    regions: Annotated[list[RegionPrefix], Field(min_length=1)]


class CommuteRule(_Strict):
    """How far a job is (通勤规则), as travel time: by road, or by high-speed rail between two
    cities of the corridor, whichever is quicker (docs/adr/0014-commute-by-travel-time.md)."""

    rule: Text
    near_minutes: Annotated[int, Field(gt=0)]
    far_minutes: Annotated[int, Field(gt=0)]
    road_minutes_per_km: Annotated[float, Field(gt=0)]
    rail_access_minutes: Annotated[int, Field(ge=0)]
    rail_minutes_per_km: Annotated[float, Field(gt=0)]
    rail_nodes: Annotated[list[RailNode], Field(min_length=2)]
    source: Text

    @model_validator(mode="after")
    def _times(self) -> CommuteRule:
        if self.far_minutes <= self.near_minutes:
            raise ValueError("far_minutes must be larger than near_minutes")
        if self.rail_minutes_per_km >= self.road_minutes_per_km:
            raise ValueError("rail must be quicker per kilometre than road")
        seen: set[str] = set()
        for node in self.rail_nodes:
            for region in node.regions:
                if any(region.startswith(s) or s.startswith(region) for s in seen):
                    raise ValueError(f"region {region} is in two rail nodes")
                seen.add(region)
        return self


Fraction = Annotated[float, Field(ge=0, le=1)]


class Calibration(_Strict):
    """Raw score → the share of such recommendations found relevant (匹配度校准), fitted by
    bench/jobs/calibrate.py; the pages interpolate between the points."""

    source: Text
    points: Annotated[
        list[Annotated[list[Fraction], Field(min_length=2, max_length=2)]], Field(min_length=2)
    ]

    @model_validator(mode="after")
    def _monotone(self) -> Calibration:
        for (x0, y0), (x1, y1) in itertools.pairwise(self.points):
            if x1 <= x0 or y1 < y0:
                raise ValueError("points must rise in score and never fall in share")
        return self


class MatchWeights(_Strict):
    """``match_weights.json``: the matcher's weights (匹配权重), commute rule and calibration,
    dated, with their evidence."""

    version: Name
    effective_from: dt.date
    source: Text
    weights: MatchWeightSet
    commute: CommuteRule
    calibration: Calibration | None = None
    previous: PreviousWeights | None = None


Pair = Annotated[list[Annotated[int, Field(ge=0)]], Field(min_length=2, max_length=2)]


class OccupationProfile(_Strict):
    """What postings of one occupation look like (职业画像), for the generator and matcher."""

    name: Name
    titles: Annotated[list[Name], Field(min_length=1)]
    skills: Annotated[list[Name], Field(min_length=1)]
    core_skills: list[Name]
    duties: list[Text]
    requirements: list[Text]
    industries: Annotated[list[IndustryCode], Field(min_length=1)]
    education: Slug
    experience_years: Pair
    salary: Pair

    @model_validator(mode="after")
    def _ranges(self) -> OccupationProfile:
        for name in ("experience_years", "salary"):
            low, high = getattr(self, name)
            if low > high:
                raise ValueError(f"{name}: the lower bound is above the upper")
        return self


class OccupationProfiles(RootModel[dict[OccupationCode, OccupationProfile]]):
    """``occupation_profiles.json``: profiles by occupation code."""


# --- bashu/recognition/data ------------------------------------------------------------------


class AgreementScope(_Strict):
    kinds: Annotated[
        list[Literal["title", "skill", "talent_card", "agency_licence"]], Field(min_length=1)
    ]
    card_classes: list[Literal["A", "B", "C"]] | None = None
    levels: list[Name] | None = None
    purposes: list[Slug] | None = None


class Clause(_Strict):
    id: Annotated[str, Field(min_length=1, max_length=16)]
    text: Text


class Agreement(_Strict):
    """A mutual-recognition agreement (互认协议) as data: parties, scope, dates, clauses."""

    id: DashedId
    name: Name
    parties: Annotated[list[RegionCode], Field(min_length=2)]
    scope: AgreementScope
    effective_from: dt.date
    effective_to: dt.date | None
    outcome: Literal["recognised", "recognised_as", "needs_review"]
    equivalents: dict[RegionCode, dict[Literal["A", "B", "C"], Name]] | None = None
    clauses: Annotated[list[Clause], Field(min_length=1)]
    source: Text

    @model_validator(mode="after")
    def _dates(self) -> Agreement:
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError("effective_to is before effective_from")
        if (self.outcome == "recognised_as") != (self.equivalents is not None):
            raise ValueError("equivalents are given exactly when the outcome is recognised_as")
        return self


class Agreements(RootModel[list[Agreement]]):
    """``agreements.json``."""


class VocabularyRow(_Strict):
    """An alias of a title series or level (系列、层级别名), e.g. 工程 → 工程技术人员, 中级职称 →
    中级: one vocabulary for the register import and the pre-check (bashu.recognition.vocabulary,
    which also checks that ``name`` is in the reference table)."""

    kind: Literal["series", "title_level", "skill_level"]
    alias: Name
    name: Name


class CardServiceRow(_Strict):
    """A talent-card service (人才卡服务) of a province, for the card classes listed."""

    region: RegionCode
    code: DashedId
    category: Name
    name: Name
    classes: Annotated[str, Field(pattern=r"^[ABC](;[ABC])*$")]


# --- bashu/transfers/data --------------------------------------------------------------------


class Bracket(_Strict):
    from_months: Annotated[int, Field(ge=0)]
    to_months: Annotated[int, Field(gt=0)] | None
    benefit_months: Annotated[int, Field(ge=0, le=24)]  # 失业保险条例 第十七条: at most 24

    @model_validator(mode="after")
    def _order(self) -> Bracket:
        if self.to_months is not None and self.to_months <= self.from_months:
            raise ValueError("to_months must be above from_months")
        return self


class DurationTable(_Strict):
    """A benefit-duration table (领取期限表)."""

    id: DashedId
    name: Name
    source: Text
    regions: Annotated[list[RegionCode], Field(min_length=1)]
    effective_from: dt.date
    effective_to: dt.date | None
    verified: bool
    brackets: Annotated[list[Bracket], Field(min_length=1)]


class WageShare(_Strict):
    regions: Annotated[list[RegionCode], Field(min_length=1)]
    share: Share
    effective_from: dt.date
    source: Text


class MinimumWage(_Strict):
    province: RegionCode
    tier: Annotated[int, Field(ge=1, le=4)]
    monthly: Annotated[int, Field(gt=0, le=100_000)]
    effective_from: dt.date
    source: Text


class WageTier(_Strict):
    """Which minimum-wage tier (最低工资档次) a region is in: by one prefix or several, one tier
    or one for districts and one for counties."""

    prefix: RegionPrefix | None = None
    prefixes: list[RegionCode] | None = None
    tier: Annotated[int, Field(ge=1, le=4)] | None = None
    districts_tier: Annotated[int, Field(ge=1, le=4)] | None = None
    counties_tier: Annotated[int, Field(ge=1, le=4)] | None = None
    note: Text

    @model_validator(mode="after")
    def _one_way(self) -> WageTier:
        if (self.prefix is None) == (self.prefixes is None):
            raise ValueError("give prefix or prefixes")
        split = self.districts_tier is not None and self.counties_tier is not None
        if (self.tier is None) == (not split):
            raise ValueError("give tier, or districts_tier and counties_tier")
        return self


class Standards(_Strict):
    share_of_minimum_wage: Annotated[list[WageShare], Field(min_length=1)]
    minimum_wage: Annotated[list[MinimumWage], Field(min_length=1)]
    tiers: Annotated[list[WageTier], Field(min_length=1)]


class TransferRule(_Strict):
    source: Text
    name: Name
    effective_from: dt.date
    supplement_share: Share
    relationship_only_source: Text


class BenefitRules(_Strict):
    """``benefit_rules.json``: unemployment-benefit durations, standards, transfer funds."""

    duration_tables: Annotated[list[DurationTable], Field(min_length=1)]
    standards: Standards
    transfer: TransferRule


class CaseKind(_Strict):
    """A one-window case kind (事项): its service time and which field names the competent
    region."""

    kind: Slug
    name: Name
    name_en: Name
    service_days: Annotated[int, Field(ge=1, le=365)]
    competent: Slug
    source: Text


class CaseKinds(RootModel[list[CaseKind]]):
    """``case_kinds.json``."""


# --- the registry ----------------------------------------------------------------------------

#: Every shipped data file and its model (a CSV: the model of one row).
MODELS: dict[str, type[BaseModel]] = {
    "core/data/regions.csv": RegionRow,
    "core/data/regions_other_provinces.csv": RegionRow,
    "core/data/industries.csv": IndustryRow,
    "core/data/occupations.csv": OccupationRow,
    "core/data/education_levels.csv": EducationLevelRow,
    "core/data/education_aliases.csv": EducationAliasRow,
    "core/data/title_levels.csv": RankedLevelRow,
    "core/data/skill_levels.csv": RankedLevelRow,
    "core/data/title_series.csv": TitleSeriesRow,
    "core/data/pinyin_initials.csv": PinyinInitialsRow,
    "core/data/occupation_english.csv": OccupationEnglishRow,
    "jobs/data/fair_hiring_phrases.csv": FairHiringPhraseRow,
    "jobs/data/fair_hiring_patterns.csv": FairHiringPatternRow,
    "jobs/data/fair_hiring_neutral.csv": FairHiringNeutralRow,
    "jobs/data/synonyms.csv": SynonymRow,
    "jobs/data/synonym_broader.csv": SynonymBroaderRow,
    "jobs/data/occupation_titles.csv": OccupationTitleRow,
    "jobs/data/occupation_terms.csv": OccupationTermRow,
    "jobs/data/match_weights.json": MatchWeights,
    "jobs/data/occupation_profiles.json": OccupationProfiles,
    "recognition/data/agreements.json": Agreements,
    "recognition/data/card_services.csv": CardServiceRow,
    "recognition/data/vocabulary.csv": VocabularyRow,
    "transfers/data/benefit_rules.json": BenefitRules,
    "transfers/data/case_kinds.json": CaseKinds,
}

#: Columns whose values appear once per CSV file.
UNIQUE: dict[str, tuple[str, ...]] = {
    "core/data/regions.csv": ("code",),
    "core/data/regions_other_provinces.csv": ("code",),
    "core/data/industries.csv": ("code",),
    "core/data/occupations.csv": ("code",),
    "core/data/education_levels.csv": ("code",),
    "core/data/education_aliases.csv": ("alias",),
    "core/data/title_levels.csv": ("rank", "name"),
    "core/data/skill_levels.csv": ("rank", "name"),
    "core/data/title_series.csv": ("code", "name"),
    "core/data/occupation_english.csv": ("english",),
    "jobs/data/fair_hiring_phrases.csv": ("phrase",),
    "jobs/data/fair_hiring_patterns.csv": ("name",),
    "jobs/data/fair_hiring_neutral.csv": ("name",),
    "jobs/data/synonyms.csv": ("term",),
    "jobs/data/synonym_broader.csv": ("group",),
    "jobs/data/occupation_titles.csv": ("title",),
    "jobs/data/occupation_terms.csv": ("written",),
    "recognition/data/card_services.csv": ("code",),
}


def shipped_files() -> list[Path]:
    """Every CSV and JSON file under ``bashu/<app>/data/``."""
    return sorted(
        path
        for pattern in ("*/data/*.csv", "*/data/*.json")
        for path in PACKAGE.glob(pattern)
        if path.is_file()
    )


def _key(path: Path) -> str:
    try:
        return path.resolve().relative_to(PACKAGE).as_posix()
    except ValueError:
        return path.name


def _name(path: Path) -> str:
    key = _key(path)
    return f"bashu/{key}" if key in MODELS else str(path)


# --- loading ---------------------------------------------------------------------------------


def data_file_load(
    path: Path, model: type[BaseModel] | None = None, *, unique: tuple[str, ...] | None = None
) -> Any:
    """The file's content as its reader uses it (CSV: a list of string-valued rows as
    ``csv.DictReader`` gives them; JSON: the parsed document), after checking it against
    ``model`` and, for a CSV, the ``unique`` columns (by default the file's entries in
    ``MODELS`` and ``UNIQUE``). Raises ``DataFileError`` naming file, line and field."""
    data, _models = _load(path, model, unique)
    return data


def data_file_models(
    path: Path, model: type[BaseModel] | None = None, *, unique: tuple[str, ...] | None = None
) -> Any:
    """The file as validated models: a list of row models for a CSV, the document's model
    for a JSON file."""
    _data, models = _load(path, model, unique)
    return models


def _load(
    path: Path, model: type[BaseModel] | None, unique: tuple[str, ...] | None
) -> tuple[Any, Any]:
    name = _name(path)
    model = model or MODELS.get(_key(path))
    if model is None:
        raise DataFileError(name, 0, "", "no model declared for this file (bashu.core.loaders)")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataFileError(name, raw.count(b"\n", 0, exc.start) + 1, "", "not UTF-8") from None
    if text.startswith("\ufeff"):
        raise DataFileError(name, 1, "", "starts with a byte-order mark; save as plain UTF-8")
    if path.suffix == ".csv":
        return _csv(name, text, model, UNIQUE.get(_key(path), ()) if unique is None else unique)
    if path.suffix == ".json":
        return _json(name, text, model)
    raise DataFileError(name, 0, "", f"unsupported data file type {path.suffix!r}")


def _first_error(exc: ValidationError) -> tuple[tuple[int | str, ...], str]:
    error = exc.errors(include_url=False)[0]
    return tuple(error["loc"]), str(error["msg"])


def _dotted(loc: Sequence[int | str]) -> str:
    return ".".join(str(part) for part in loc if part != "[key]")


def _csv(
    name: str, text: str, model: type[BaseModel], unique: tuple[str, ...]
) -> tuple[list[dict[str, str]], list[BaseModel]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise DataFileError(name, 1, "", "no header line") from None
    expected = list(model.model_fields)
    if header != expected:
        missing = [f for f in expected if f not in header]
        extra = [f for f in header if f not in expected]
        field = (missing or extra or [""])[0]
        raise DataFileError(
            name, 1, field, f"the header must be {','.join(expected)} (got {','.join(header)})"
        )
    rows: list[dict[str, str]] = []
    models: list[BaseModel] = []
    seen: dict[str, dict[str, int]] = {column: {} for column in unique}
    line = reader.line_num
    while True:
        start = line + 1
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise DataFileError(name, start, "", f"not CSV: {exc}") from None
        line = reader.line_num
        if not values:
            continue
        if len(values) != len(header):
            raise DataFileError(
                name, start, "", f"{len(values)} cells where the header has {len(header)}"
            )
        row = dict(zip(header, values, strict=True))
        try:
            models.append(model.model_validate(row))
        except ValidationError as exc:
            loc, message = _first_error(exc)
            raise DataFileError(name, start, _dotted(loc), message) from None
        for column in unique:
            first = seen[column].setdefault(row[column], start)
            if first != start:
                raise DataFileError(name, start, column, f"repeats line {first}")
        rows.append(row)
    return rows, models


def _json(name: str, text: str, model: type[BaseModel]) -> tuple[Any, BaseModel]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataFileError(name, exc.lineno, "", f"not JSON: {exc.msg}") from None
    try:
        validated = model.model_validate(data)
    except ValidationError as exc:
        loc, message = _first_error(exc)
        position = _json_position(text, loc)
        line = text.count("\n", 0, position) + 1
        raise DataFileError(name, line, _dotted(loc), message) from None
    return data, validated


_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def _skip(text: str, at: int) -> int:
    match = _SPACE.match(text, at)
    return match.end() if match else at


def _json_position(text: str, loc: Sequence[int | str]) -> int:
    """Where in ``text`` the value at ``loc`` (a pydantic location) starts, following it as
    far as the document goes: a missing field is placed at its object, a bad key at the key."""
    at = _skip(text, 0)
    parts = list(loc)
    for index, part in enumerate(parts):
        if part == "[key]" or at >= len(text):
            break
        want_key = index + 1 < len(parts) and parts[index + 1] == "[key]"
        found = None
        if text[at] == "{" and isinstance(part, str):
            cursor = _skip(text, at + 1)
            while cursor < len(text) and text[cursor] == '"':
                key_at = cursor
                key, cursor = _DECODER.raw_decode(text, cursor)
                cursor = _skip(text, _skip(text, cursor) + 1)  # past the colon
                if key == part:
                    found = key_at if want_key else cursor
                    break
                _value, cursor = _DECODER.raw_decode(text, cursor)
                cursor = _skip(text, cursor)
                if cursor < len(text) and text[cursor] == ",":
                    cursor = _skip(text, cursor + 1)
        elif text[at] == "[" and isinstance(part, int):
            cursor = _skip(text, at + 1)
            count = 0
            while cursor < len(text) and text[cursor] != "]":
                if count == part:
                    found = cursor
                    break
                _value, cursor = _DECODER.raw_decode(text, cursor)
                cursor = _skip(text, cursor)
                if cursor < len(text) and text[cursor] == ",":
                    cursor = _skip(text, cursor + 1)
                count += 1
        if found is None:
            break
        at = found
    return at
