"""``voorrang worker`` (also ``voorrang manage worker``): one process that runs the queued jobs
and every periodic duty on its schedule, until SIGTERM or Ctrl+C."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import CommandParser
from django.utils import translation

from voorrang.jobs.management.commands import run_jobs
from voorrang.jobs.presence import Presence
from voorrang.jobs.scheduler import DutyScheduler

# How long ``--once`` waits for the duties it started (rendering the figures of a large
# installation takes a while).
ONCE_WAIT = 600.0


class Command(run_jobs.Command):
    help = (
        "Run the queued background jobs (simulation runs, evaluation reports) and the periodic "
        "duties on their schedule (expire offers and send emails every minute; reminders, "
        "erasures, clean-up and the audit roots daily). Start one or more: each job and each "
        "duty runs in one worker at a time. SIGTERM or Ctrl+C gives a running job back to "
        "the queue and stops."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--tick",
            type=run_jobs._positive(float),
            default=5.0,
            help="Seconds between looks at the duties' schedule (default 5).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        worker = self.job_worker(options)
        duties = DutyScheduler(name=worker.name, tick=options["tick"], stopping=worker.stopping)
        presence = Presence(name=worker.name, stopping=worker.stopping)
        # Messages stored on a job are in the installation's language (see run_jobs).
        with translation.override(settings.LANGUAGE_CODE), run_jobs.stop_signals(worker.stopping):
            presence.start()
            duties.start()
            try:
                ran = worker.run(once=options["once"], max_jobs=options["max_jobs"])
                if options["once"]:
                    # The duties due now run too, to their end, before the worker ends.
                    duties.looked.wait(timeout=60)
                    duties.finish(timeout=ONCE_WAIT)
            finally:
                worker.stopping.set()
                duties.join(timeout=15)
                presence.stop()
        self.stdout.write(f"jobs run: {ran}")
