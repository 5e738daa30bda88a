"""``voorrang manage run_jobs``: the worker that runs queued jobs (simulation runs)."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from voorrang.jobs import services
from voorrang.jobs.presence import Presence
from voorrang.jobs.worker import Worker


def _positive(kind: type) -> Any:
    def read(text: str) -> Any:
        value = kind(text)
        if value <= 0:
            raise ValueError(text)
        return value

    read.__name__ = f"positive {kind.__name__}"
    return read


class Command(BaseCommand):
    help = (
        "Run the queued background jobs (simulation runs), one at a time, and wait for new "
        "ones. Start as many as the machine has room for: two workers never run the same "
        "job. SIGTERM or Ctrl+C gives a running job back to the queue."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once",
            action="store_true",
            help="Run the jobs queued now, then exit instead of waiting for new ones.",
        )
        parser.add_argument(
            "--max-jobs", type=_positive(int), default=None, help="Exit after this many jobs."
        )
        parser.add_argument(
            "--poll",
            type=_positive(float),
            default=2.0,
            help="Seconds between looks at an empty queue (default 2).",
        )
        parser.add_argument(
            "--heartbeat",
            type=_positive(float),
            default=5.0,
            help="Seconds between progress writes while a job runs (default 5).",
        )
        parser.add_argument(
            "--stale-after",
            type=_positive(float),
            default=120.0,
            help=(
                "Seconds without a heartbeat after which a running job counts as lost by its "
                f"worker: it is queued again, or failed after {services.MAX_ATTEMPTS} attempts "
                "(default 120)."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        worker = self.job_worker(options)
        presence = Presence(name=worker.name, runs_duties=False, stopping=worker.stopping)
        # Messages stored on a job (its error) are in the installation's language; the
        # caller's language is given back afterwards (a test or a script calling the command).
        with translation.override(settings.LANGUAGE_CODE), stop_signals(worker.stopping):
            presence.start()
            try:
                ran = worker.run(once=options["once"], max_jobs=options["max_jobs"])
            finally:
                presence.stop()
        self.stdout.write(f"jobs run: {ran}")

    @staticmethod
    def job_worker(options: dict[str, Any]) -> Worker:
        if options["stale_after"] <= options["heartbeat"] * 2:
            raise CommandError("--stale-after must be more than twice --heartbeat", returncode=2)
        return Worker(
            poll=options["poll"],
            heartbeat=options["heartbeat"],
            stale_after=timedelta(seconds=options["stale_after"]),
        )


@contextlib.contextmanager
def stop_signals(stopping: threading.Event) -> Iterator[None]:
    """SIGTERM and SIGINT (Ctrl+C) set ``stopping``: the worker gives its running job back to
    the queue and ends."""

    def stop(signum: int, frame: object) -> None:
        stopping.set()

    previous = {}
    for signum in (signal.SIGTERM, signal.SIGINT):
        # Not possible outside the main thread (a test calling the command).
        with contextlib.suppress(ValueError):
            previous[signum] = signal.signal(signum, stop)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
