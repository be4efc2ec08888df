"""Background work of the job zone: the search index follows the database (ADR 0010).

A service that changes postings calls ``postings_reindex_later(ids)`` inside its
transaction; the task row commits with the change and the worker applies it to the tantivy
index. The task reads the postings as they are when it runs (under the index's single-writer
lock), so a late or repeated task never puts an old version back; a posting gone from the
database leaves the index.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bashu.core.tasks import RetryPolicy, background, enqueue_on_commit
from bashu.jobs import search as index
from bashu.jobs.models import JobPosting
from bashu.jobs.selectors import posting_docs


@background(retry=RetryPolicy(attempts=5, first_delay=10.0))
def postings_reindex(*, ids: list[int]) -> dict[str, Any]:
    """Bring the index entries of ``ids`` in line with the database."""
    present = set(JobPosting.objects.filter(pk__in=ids).values_list("pk", flat=True))
    index.index_update(posting_docs(ids), removed=[i for i in ids if i not in present])
    return {"postings": len(ids)}


def postings_reindex_later(ids: Iterable[int]) -> None:
    """Enqueue the index update of ``ids``; it runs once the caller's transaction commits."""
    enqueue_on_commit(postings_reindex, ids=sorted(set(ids)))
