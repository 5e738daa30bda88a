"""The job's state machine: every service checks it here."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from voorrang.transitions import StateMachine


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")
    CANCELLED = "cancelled", _("cancelled")


ALLOWED_JOB_CHANGES: dict[str, frozenset[str]] = {
    JobStatus.QUEUED: frozenset({JobStatus.RUNNING, JobStatus.CANCELLED}),
    # running -> queued: its worker stopped (a stop signal, or no heartbeat any more) and the
    # job goes back to the queue for another attempt.
    JobStatus.RUNNING: frozenset(
        {JobStatus.DONE, JobStatus.FAILED, JobStatus.CANCELLED, JobStatus.QUEUED}
    ),
    JobStatus.DONE: frozenset(),
    JobStatus.FAILED: frozenset(),
    JobStatus.CANCELLED: frozenset(),
}

FINISHED = frozenset(state for state, allowed in ALLOWED_JOB_CHANGES.items() if not allowed)

JOB_MACHINE = StateMachine(
    field="status",
    allowed=ALLOWED_JOB_CHANGES,
    states=JobStatus,
    message=_("A job that is %(old)s cannot become %(new)s."),
    code="job_status",
)
