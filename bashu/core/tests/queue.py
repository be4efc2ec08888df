"""Tests run the real background worker: ``drain()`` after the writes whose side effects the
test then looks at (docs/adr/0010-task-queue.md).

The worker is django-tasks' ``db_worker`` in batch mode: it runs every task that is ready
(deferred retries wait for their time) and returns. Like the worker process it stands for,
it commits its own transactions, so a test that drains is a transactional test
(``pytest.mark.django_db(transaction=True)``).
"""

from __future__ import annotations

import signal

from django.core.management import call_command
from django.db import connection
from django_tasks_db.models import DBTaskResult


def drain() -> int:
    """Run every ready task, as ``bashu worker --batch`` would; how many ran."""
    assert not connection.in_atomic_block, (
        "drain() runs the worker, which commits: mark the test django_db(transaction=True)"
    )
    before = DBTaskResult.objects.finished().count()
    # The worker installs its Ctrl-C handlers; give the test run its own back afterwards.
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        call_command(
            "db_worker",
            "--batch",
            "--no-startup-delay",
            "--no-reload",
            "--queue-name=*",
            verbosity=0,
        )
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)
    return DBTaskResult.objects.finished().count() - before


def pending() -> int:
    """Tasks waiting (ready or deferred) in the queue."""
    return DBTaskResult.objects.filter(status="READY").count()
