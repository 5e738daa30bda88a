"""What the status page and the pages that queue jobs read about the background work: the
duties with their schedule and last run, the workers alive, the job queue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from voorrang.jobs.duties import DUTIES, DutySpec
from voorrang.jobs.models import Duty, DutyOutcome, Job, WorkerProcess
from voorrang.jobs.presence import ALIVE_WITHIN
from voorrang.jobs.schedules import DailyAt, Every, Schedule
from voorrang.jobs.states import JobStatus

# A duty whose next run is this far past counts as late: no worker took it up.
LATE_AFTER = timedelta(minutes=2)


def schedule_text(schedule: Schedule) -> str:
    if isinstance(schedule, Every):
        minutes = round(schedule.interval.total_seconds() / 60)
        return ngettext("every minute", "every %(count)d minutes", minutes) % {"count": minutes}
    if isinstance(schedule, DailyAt):
        return _("daily at %(time)s") % {"time": formats.time_format(schedule.at, "TIME_FORMAT")}
    raise TypeError(schedule)


@dataclass(frozen=True)
class DutyState:
    spec: DutySpec
    schedule: str
    record: Duty | None
    outcome: str  # what the last run did, or its error; empty before the first run
    failed: bool
    late: bool
    running_in: str  # the worker holding its lease now


def duties(*, now: datetime | None = None) -> list[DutyState]:
    now = now or timezone.now()
    records = Duty.objects.in_bulk([spec.name for spec in DUTIES])
    states = []
    for spec in DUTIES:
        record = records.get(spec.name)
        holding = bool(
            record and record.lease_holder and record.lease_until and record.lease_until >= now
        )
        failed = bool(record and record.last_outcome == DutyOutcome.FAILED)
        if record is None or not record.last_outcome:
            outcome = ""
        elif failed:
            outcome = record.last_error
        else:
            outcome = spec.describe(record.last_counts)
        states.append(
            DutyState(
                spec=spec,
                schedule=schedule_text(spec.schedule),
                record=record,
                outcome=outcome,
                failed=failed,
                late=record is not None and not holding and record.next_run_at < now - LATE_AFTER,
                running_in=record.lease_holder if holding else "",
            )
        )
    return states


def workers_alive(*, now: datetime | None = None):
    now = now or timezone.now()
    return WorkerProcess.objects.filter(
        stopped_at__isnull=True, last_seen_at__gte=now - ALIVE_WITHIN
    ).order_by("name")


def a_worker_runs_jobs() -> bool:
    """Whether a worker alive takes the queued jobs (simulations, reports) now."""
    return workers_alive().filter(runs_jobs=True).exists()


def a_worker_runs_duties() -> bool:
    return workers_alive().filter(runs_duties=True).exists()


def queue_counts() -> dict[str, int]:
    counted = dict(
        Job.objects.filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.FAILED])
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return {
        status: counted.get(status, 0)
        for status in (JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.FAILED)
    }


def oldest_queued() -> Job | None:
    return Job.objects.filter(status=JobStatus.QUEUED).order_by("created_at", "id").first()
