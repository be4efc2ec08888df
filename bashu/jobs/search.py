"""Job search (岗位检索): a tantivy index of pre-segmented postings.

What is indexed (declared here, next to the domain): title, skills and description as
rjieba-segmented text, with region, industry and occupation as prefix terms so that a
filter on ``51`` (Sichuan), ``5101`` (Chengdu) or ``510104`` takes everything below it.
The index stores only the posting id; results are read back from the database.

The index lives in ``BASHU_DATA_DIR/search/jobs`` and is updated after every commit that
changes a posting (``transaction.on_commit``); ``bashu reindex_jobs`` rebuilds it.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import tantivy
from django.conf import settings

from bashu.core import bounds
from bashu.core.codes import region_prefix
from bashu.jobs.text import query_terms, segmented

EPOCH = dt.date(1970, 1, 1)
TITLE_BOOST, SKILLS_BOOST, BODY_BOOST = 3.0, 2.0, 1.0
_lock = threading.Lock()
_indexes: dict[Path, tantivy.Index] = {}


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    # i64, not u64: delete_documents_by_term builds an i64 term from a Python int.
    builder.add_integer_field("id", stored=True, indexed=True, fast=True)
    for name in ("title", "skills", "body"):
        builder.add_text_field(name, tokenizer_name="whitespace", index_option="position")
    # Region and industry are also fast fields: facets are one terms aggregation.
    for name in ("region", "industry"):
        builder.add_text_field(name, tokenizer_name="raw", index_option="basic", fast=True)
    builder.add_text_field("occupation", tokenizer_name="raw", index_option="basic")
    for name in ("salary_min", "salary_max", "open_day", "close_day"):
        builder.add_integer_field(name, indexed=True, fast=True)
    builder.add_unsigned_field("education_rank", indexed=True, fast=True)
    return builder.build()


SCHEMA = _schema()


#: Bumped whenever the schema changes: a new directory, filled by ``bashu reindex_jobs``.
SCHEMA_VERSION = 2


def index_dir() -> Path:
    default = settings.DATA_DIR / "search" / f"jobs-v{SCHEMA_VERSION}"
    return Path(getattr(settings, "JOBS_INDEX_DIR", default))


def _index(path: Path | None = None) -> tantivy.Index:
    path = path or index_dir()
    with _lock:
        index = _indexes.get(path)
        if index is None:
            path.mkdir(parents=True, exist_ok=True)
            index = tantivy.Index(SCHEMA, path=str(path), reuse=True)
            _indexes[path] = index
        return index


def _day(value: dt.date) -> int:
    return (value - EPOCH).days


# --- documents ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PostingDoc:
    """What the index needs of a posting; built by ``selectors`` from the database."""

    id: int
    title: str
    description: str
    skills: list[str]
    region: str
    industry: str
    industry_section: str
    occupation: str
    status: str
    salary_min: int
    salary_max: int
    education_rank: int
    open_date: dt.date
    close_date: dt.date
    canonical: bool


def _prefix_terms(kind: str, code: str) -> list[str]:
    if kind == "region":
        return [f"p{code[:2]}", f"f{code[:4]}", f"c{code}"]
    parts = code.split("-")
    return [f"o{'-'.join(parts[: i + 1])}" for i in range(len(parts))]


def _document(doc: PostingDoc) -> tantivy.Document:
    document = tantivy.Document()
    document.add_integer("id", doc.id)
    document.add_text("title", segmented(doc.title))
    document.add_text("skills", segmented(" ".join(doc.skills)))
    document.add_text("body", segmented(doc.description))
    for term in _prefix_terms("region", doc.region):
        document.add_text("region", term)
    for term in (f"s{doc.industry_section}", f"d{doc.industry}"):
        document.add_text("industry", term)
    for term in _prefix_terms("occupation", doc.occupation):
        document.add_text("occupation", term)
    document.add_integer("salary_min", doc.salary_min)
    document.add_integer("salary_max", doc.salary_max)
    document.add_integer("open_day", _day(doc.open_date))
    document.add_integer("close_day", _day(doc.close_date))
    document.add_unsigned("education_rank", doc.education_rank)
    return document


def _writer(index: tantivy.Index, heap: int = 64_000_000) -> tantivy.IndexWriter:
    """The index has one writer at a time (a lock file); wait briefly for another to finish."""
    for attempt in range(50):
        try:
            return index.writer(heap_size=heap, num_threads=1)
        except ValueError:
            time.sleep(0.05 * (attempt + 1))
    return index.writer(heap_size=heap, num_threads=1)


def searchable(doc: PostingDoc) -> bool:
    """Only open, canonical postings are in the index: search lists what one can apply to.
    (Closed postings and cross-posted copies stay in the database, for history and analytics.)"""
    return doc.status == "open" and doc.canonical


def index_update(docs: Iterable[PostingDoc], removed: Iterable[int] = ()) -> None:
    """Replace the given postings in the index (and drop ``removed`` ids); commit."""
    index = _index()
    writer = _writer(index)
    try:
        for posting_id in removed:
            writer.delete_documents_by_term("id", posting_id)
        for doc in docs:
            writer.delete_documents_by_term("id", doc.id)
            if searchable(doc):
                writer.add_document(_document(doc))
        writer.commit()
        writer.wait_merging_threads()
    except Exception:
        writer.rollback()
        raise
    index.reload()


def index_rebuild(docs: Iterator[PostingDoc], *, progress: Any = None) -> int:
    """Build a fresh index beside the live one from ``docs``, then swap it in."""
    live = index_dir()
    fresh = live.with_name(live.name + ".new")
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir(parents=True)
    index = tantivy.Index(SCHEMA, path=str(fresh))
    writer = index.writer(heap_size=512_000_000, num_threads=0)
    count = 0
    for seen, doc in enumerate(docs, start=1):
        if progress is not None and seen % 10_000 == 0:
            progress(10_000)
        if searchable(doc):
            writer.add_document(_document(doc))
            count += 1
    writer.commit()
    writer.wait_merging_threads()
    with _lock:
        old = live.with_name(live.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if live.exists():
            live.rename(old)
        fresh.rename(live)
        shutil.rmtree(old, ignore_errors=True)
        _indexes.pop(live, None)
        _indexes.pop(fresh, None)
    return count


# --- queries -------------------------------------------------------------------------------


@dataclass
class SearchFilters:
    region: str | None = None
    industry: str | None = None
    occupation: str | None = None
    salary_min: int | None = None
    education_rank: int | None = None
    posted_within_days: int | None = None
    today: dt.date = field(default_factory=dt.date.today)


@dataclass
class SearchHits:
    count: int
    hits: list[tuple[int, float]]  # (posting id, score)
    terms: list[str]  # every alternative that the query looked for, for highlighting
    facets: dict[str, dict[str, int]]
    relaxed: bool = False  # no posting had every word: any-word results instead


@lru_cache(maxsize=8192)
def _tokens(alternative: str) -> tuple[str, ...]:
    return tuple(segmented(alternative).split())


def _concept_query(alternatives: tuple[str, ...]) -> tantivy.Query:
    """One concept of the query: any of its alternatives, in the title, skills or body."""
    clauses = []
    for alternative in alternatives:
        tokens = list(_tokens(alternative))
        for name, boost in (("title", TITLE_BOOST), ("skills", SKILLS_BOOST), ("body", BODY_BOOST)):
            if len(tokens) == 1:
                query = tantivy.Query.term_query(SCHEMA, name, tokens[0])
            elif tokens:
                query = tantivy.Query.phrase_query(
                    SCHEMA, name, list[str | tuple[int, str]](tokens)
                )
            else:
                continue
            clauses.append((tantivy.Occur.Should, tantivy.Query.boost_query(query, boost)))
    return tantivy.Query.boolean_query(clauses) if clauses else tantivy.Query.empty_query()


def _filter_clauses(filters: SearchFilters) -> list[tuple[tantivy.Occur, tantivy.Query]]:
    must = tantivy.Occur.Must
    # Only open postings are indexed; those past their close date leave the index when
    # they are closed (daily) and until then this filter hides them.
    clauses = [
        (
            must,
            tantivy.Query.range_query(
                SCHEMA, "close_day", tantivy.FieldType.Integer, _day(filters.today), None
            ),
        ),
    ]
    if filters.region:
        prefix = region_prefix(filters.region)
        level = {2: "p", 4: "f"}.get(len(prefix), "c")
        clauses.append((must, tantivy.Query.term_query(SCHEMA, "region", f"{level}{prefix}")))
    if filters.industry:
        kind = "s" if filters.industry.isalpha() else "d"
        clauses.append(
            (must, tantivy.Query.term_query(SCHEMA, "industry", f"{kind}{filters.industry}"))
        )
    if filters.occupation:
        clauses.append(
            (must, tantivy.Query.term_query(SCHEMA, "occupation", f"o{filters.occupation}"))
        )
    if filters.salary_min:
        clauses.append(
            (
                must,
                tantivy.Query.range_query(
                    SCHEMA, "salary_max", tantivy.FieldType.Integer, filters.salary_min, None
                ),
            )
        )
    if filters.education_rank is not None:
        clauses.append(
            (
                must,
                tantivy.Query.range_query(
                    SCHEMA,
                    "education_rank",
                    tantivy.FieldType.Unsigned,
                    None,
                    filters.education_rank,
                ),
            )
        )
    if filters.posted_within_days is not None:
        since = _day(filters.today) - filters.posted_within_days
        clauses.append(
            (
                must,
                tantivy.Query.range_query(
                    SCHEMA, "open_day", tantivy.FieldType.Integer, since, None
                ),
            )
        )
    return clauses


def _facets(searcher: tantivy.Searcher, query: tantivy.Query) -> dict[str, dict[str, int]]:
    """Counts per province, prefecture and industry section of everything the query matches,
    in one terms aggregation over the fast fields."""
    result = searcher.aggregate(
        query,
        {
            "region": {"terms": {"field": "region", "size": 1000}},
            "industry": {"terms": {"field": "industry", "size": 200}},
        },
    )
    facets: dict[str, dict[str, int]] = {"province": {}, "prefecture": {}, "industry": {}}
    for bucket in result.get("region", {}).get("buckets", []):
        key, n = str(bucket["key"]), int(bucket["doc_count"])
        if key[0] == "p":
            facets["province"][key[1:]] = n
        elif key[0] == "f":
            facets["prefecture"][key[1:]] = n
    for bucket in result.get("industry", {}).get("buckets", []):
        key = str(bucket["key"])
        if key[0] == "s":
            facets["industry"][key[1:]] = int(bucket["doc_count"])
    return facets


def _count(result: tantivy.SearchResult) -> int:
    return int(getattr(result, "count", 0) or 0)


def _ids(searcher: tantivy.Searcher, result: tantivy.SearchResult) -> list[int]:
    """Posting ids of the hits, from the fast field (no stored-document reads)."""
    return [
        int(v or 0) for v in searcher.fast_field_values("id", [addr for _, addr in result.hits])
    ]


def search(
    q: str,
    filters: SearchFilters,
    *,
    offset: int = 0,
    limit: int = 20,
    facets: bool = True,
    count: bool = True,
) -> SearchHits:
    """Postings matching every concept of ``q`` (or any, if none match all) under ``filters``.

    An empty ``q`` lists everything the filters admit, newest first. Without ``count`` the
    total is not computed (0), unless the all-words query found nothing and must relax.
    """
    limit = max(1, limit)  # tantivy refuses a limit of 0
    # tantivy allocates offset + limit slots up front: an unbounded offset (page 999999999999)
    # is a terabyte allocation that kills the process. Callers bound pages; this is the floor.
    offset = max(0, min(offset, bounds.MAX_OFFSET))
    index = _index()
    searcher = index.searcher()
    concepts = query_terms(q) if q.strip() else []
    filter_clauses = _filter_clauses(filters)
    terms = sorted({alt for concept in concepts for alt in concept}, key=len, reverse=True)
    if not concepts:
        query = tantivy.Query.boolean_query(filter_clauses)
        result = searcher.search(
            query, limit=limit, offset=offset, count=count, order_by_field="open_day"
        )
        hits = [(posting_id, 0.0) for posting_id in _ids(searcher, result)]
        return SearchHits(_count(result), hits, [], _facets(searcher, query) if facets else {})
    relaxed = False
    must_all = [(tantivy.Occur.Must, _concept_query(c)) for c in concepts]
    query = tantivy.Query.boolean_query([*must_all, *filter_clauses])
    result = searcher.search(query, limit=limit, offset=offset, count=count)
    if not result.hits and not _count(result) and len(concepts) > 1:
        relaxed = True
        any_of = tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, _concept_query(c)) for c in concepts]
        )
        query = tantivy.Query.boolean_query([(tantivy.Occur.Must, any_of), *filter_clauses])
        result = searcher.search(query, limit=limit, offset=offset, count=count)
    hits = [
        (posting_id, float(score))
        for posting_id, (score, _) in zip(_ids(searcher, result), result.hits, strict=True)
    ]
    return SearchHits(
        _count(result), hits, terms, _facets(searcher, query) if facets else {}, relaxed
    )


def candidate_ids(q: str, filters: SearchFilters, *, limit: int) -> list[tuple[int, float]]:
    """Top postings for any concept of ``q`` (for matching: recall first, the matcher ranks)."""
    searcher = _index().searcher()
    concepts = query_terms(q)
    if not concepts:
        return []
    any_of = tantivy.Query.boolean_query(
        [(tantivy.Occur.Should, _concept_query(c)) for c in concepts]
    )
    query = tantivy.Query.boolean_query([(tantivy.Occur.Must, any_of), *_filter_clauses(filters)])
    result = searcher.search(query, limit=max(1, limit), count=False)
    return [
        (posting_id, float(score))
        for posting_id, (score, _) in zip(_ids(searcher, result), result.hits, strict=True)
    ]


# --- highlighting --------------------------------------------------------------------------


def highlight(text: str, terms: list[str], *, window: int | None = None) -> str:
    """HTML-escaped ``text`` with every query term wrapped in ``<mark>``.

    With ``window``, only that many characters around the first match (an excerpt).
    """
    if not text:
        return ""
    if not terms:
        return html.escape(text[:window] if window else text)
    pattern = re.compile("|".join(re.escape(t) for t in terms if t), re.IGNORECASE)
    if window:
        match = pattern.search(text)
        start = max(0, (match.start() if match else 0) - window // 3)
        excerpt = text[start : start + window]
        text = ("…" if start else "") + excerpt + ("…" if start + window < len(text) else "")
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts.append(html.escape(text[last : match.start()]))
        parts.append(f"<mark>{html.escape(match.group(0))}</mark>")
        last = match.end()
    parts.append(html.escape(text[last:]))
    return "".join(parts)
