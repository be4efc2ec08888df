"""``bashu worker``: run the background tasks (``make run`` starts it beside the server).

The queue is django-tasks' database backend; this runs its ``db_worker`` with a worker id of
our own and, in a housekeeping thread every 15 seconds: a heartbeat (so a killed worker's
attempts are known to be lost), recovery of lost attempts (``bashu.core.tasks.tasks_recover``)
and, unless ``--no-schedule``, the periodic commands of ``settings.BASHU_SCHEDULE``. Ctrl-C or
SIGTERM lets the running task finish; a second one stops at once. See ADR 0010.
"""

from __future__ import annotations

import logging
import threading
from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connections
from django.utils.crypto import get_random_string

from bashu.core.tasks import (
    HEARTBEAT_EVERY,
    WORKER_PREFIX,
    schedule_tick,
    tasks_recover,
    worker_heartbeat,
)

logger = logging.getLogger(__name__)


class Housekeeping(threading.Thread):
    """Heartbeat, lost-attempt recovery and the schedule, beside the worker's own loop."""

    def __init__(self, worker_id: str, *, schedule: bool, every: float = HEARTBEAT_EVERY):
        super().__init__(name="bashu-housekeeping", daemon=True)
        self.worker_id, self.schedule, self.every = worker_id, schedule, every
        self.stopped = threading.Event()

    def tick(self) -> None:
        try:
            worker_heartbeat(self.worker_id)
            tasks_recover()
            if self.schedule:
                for name in schedule_tick():
                    logger.info("scheduled %s", name)
        except Exception:  # a bad tick must not stop the heartbeat; the next one tries again
            logger.exception("worker housekeeping failed")
        finally:
            connections.close_all()  # this thread's connections only

    def run(self) -> None:
        while not self.stopped.wait(self.every):
            self.tick()


class Command(BaseCommand):
    help = "运行后台任务（含定时任务）(run the background tasks and the schedule)"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--no-schedule",
            action="store_false",
            dest="schedule",
            help="不安排定时任务（再开一个工作进程时用）(do not enqueue the periodic commands)",
        )
        parser.add_argument(
            "--batch",
            action="store_true",
            help="运行完队列中已就绪的任务后退出 (run what is ready, then exit)",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="队列为空时的轮询间隔（秒）(seconds between polls of an empty queue)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        worker_id = f"{WORKER_PREFIX}{get_random_string(16)}"
        housekeeping = Housekeeping(
            worker_id, schedule=options["schedule"] and not options["batch"]
        )
        housekeeping.tick()  # beat before the first claim; schedule what is due now
        housekeeping.start()
        try:
            call_command(
                "db_worker",
                queue_name="*",
                worker_id=worker_id,
                interval=options["interval"],
                batch=options["batch"],
                reload=False,
                startup_delay=not options["batch"],
                verbosity=options["verbosity"],
                stdout=self.stdout,
            )
        finally:
            housekeeping.stopped.set()
