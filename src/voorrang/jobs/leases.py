"""The periodic duties' leases: a worker runs a duty only while it holds the duty's lease.

A lease is claimed with one conditional ``UPDATE ... WHERE next_run_at <= now AND (no lease or
a lapsed one)``: on SQLite one writer at a time runs it, on PostgreSQL the second of two
concurrent updates waits for the first's row lock and then finds the condition false; either
way exactly one worker wins. The holder renews the lease while the duty runs; a worker that
died stops renewing, its lease lapses, and the next worker that looks takes the duty over.
Every later write is conditional on the lease still being this worker's.

These writes record no audit event: they are the bookkeeping of the schedule (two duties run
every minute), and the duties' own services record what they change, as publishing the audit
roots records none of its own either."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.db.models import F, Q
from django.utils import timezone

from voorrang.jobs.models import Duty, DutyOutcome


def ensure_duties(names: Iterable[str], *, now: datetime | None = None) -> None:
    """A row for every declared duty; a duty never run before is due at once. Two workers
    starting together both ask: the conflict is ignored, the first row stays."""
    now = now or timezone.now()
    Duty.objects.bulk_create(
        [Duty(name=name, next_run_at=now) for name in names], ignore_conflicts=True
    )


def due(names: Iterable[str], *, now: datetime | None = None) -> set[str]:
    """Which of the duties ``names`` are due and free now (a read: claiming decides)."""
    now = now or timezone.now()
    return set(
        Duty.objects.filter(name__in=list(names), next_run_at__lte=now)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .values_list("name", flat=True)
    )


def claim(*, name: str, worker: str, lease: timedelta, now: datetime | None = None) -> bool:
    """Take the lease of duty ``name`` when it is due and nobody holds it (or the holder's
    lease lapsed). True for exactly one of any number of workers asking at once."""
    now = now or timezone.now()
    return bool(
        Duty.objects.filter(name=name, next_run_at__lte=now)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .update(lease_holder=worker, lease_until=now + lease, last_started_at=now)
    )


def renew(*, name: str, worker: str, lease: timedelta, now: datetime | None = None) -> bool:
    """Keep the lease while the duty runs; False when it is no longer this worker's."""
    now = now or timezone.now()
    return bool(Duty.objects.filter(name=name, lease_holder=worker).update(lease_until=now + lease))


def finish(
    *,
    name: str,
    worker: str,
    next_run_at: datetime,
    counts: dict[str, Any] | None = None,
    error: str = "",
    now: datetime | None = None,
) -> bool:
    """Record the outcome of the run (what it did, or its error) and when it runs next, and
    give the lease up. False (and nothing written) when another worker took the duty over."""
    now = now or timezone.now()
    failed = bool(error)
    return bool(
        Duty.objects.filter(name=name, lease_holder=worker).update(
            lease_holder="",
            lease_until=None,
            last_finished_at=now,
            last_worker=worker,
            last_outcome=DutyOutcome.FAILED if failed else DutyOutcome.OK,
            last_counts={} if failed else dict(counts or {}),
            last_error=error,
            next_run_at=max(next_run_at, now) if failed else next_run_at,
            runs=F("runs") + 1,
            failures_in_a_row=F("failures_in_a_row") + 1 if failed else 0,
        )
    )


def release(*, name: str, worker: str) -> bool:
    """Give the lease up without a run recorded (the worker stops before the duty started)."""
    return bool(
        Duty.objects.filter(name=name, lease_holder=worker).update(
            lease_holder="", lease_until=None
        )
    )
