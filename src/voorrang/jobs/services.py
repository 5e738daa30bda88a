"""Every write of a job: queueing and cancelling (people), claiming, progress, outcome and
recovery (the worker). Each checks the state machine; each change of status is recorded as an
audit event in the same transaction.

Claiming is safe with any number of workers: on PostgreSQL the queued row is locked with
``SELECT ... FOR UPDATE SKIP LOCKED``; elsewhere (SQLite) a compare-and-set ``UPDATE ... WHERE
status = 'queued'`` lets exactly one worker win. The worker's later writes are conditional on
the job still being ``running`` under its name, so a job cancelled or given to another worker
meanwhile is never overwritten."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Collection
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.core.files import File
from django.db import connection, transaction
from django.db.models import F, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from voorrang.audit.services import record
from voorrang.errors import InvalidChange
from voorrang.files import file_storage, remove_under, sizes_under
from voorrang.jobs import registry
from voorrang.jobs.models import Job
from voorrang.jobs.states import JOB_MACHINE, JobStatus

RESULTS_FOLDER = "jobs"
# A job is tried this many times when its worker keeps disappearing, then recorded as failed.
MAX_ATTEMPTS = 3


def results_of(job: Job) -> str:
    """Where the job's results are kept in the file storage (voorrang.files): under
    ``jobs/<id>/``, in the data folder or the database, never among the static files."""
    return f"{RESULTS_FOLDER}/{job.pk}"


def result_files(job: Job) -> dict[str, int]:
    """Every result file of the job by its name within the results: its size."""
    return sizes_under(file_storage(), results_of(job))


# --- People ----------------------------------------------------------------------------------


@transaction.atomic
def enqueue(
    *, actor: Any, kind: str, parameters: dict[str, Any], title: str = "", total: int = 0
) -> Job:
    """Queue a job; a worker (``voorrang manage run_jobs``) will pick it up."""
    if registry.handler_for(kind) is None:
        raise InvalidChange(_("There is no worker for jobs of kind %s.") % kind, field="kind")
    try:
        json.dumps(parameters)
    except (TypeError, ValueError) as exc:
        raise InvalidChange(
            _("The parameters cannot be stored: %s") % exc, field="parameters"
        ) from None
    job = Job.objects.create(
        kind=kind,
        title=title[:200],
        parameters=parameters,
        progress_total=max(total, 0),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    job.result_folder = results_of(job)
    job.save(update_fields=["result_folder"])
    record(
        actor=actor,
        action="job.enqueued",
        obj=job,
        summary=title,
        after={"kind": kind, "status": job.status, "parameters": parameters},
    )
    return job


@transaction.atomic
def cancel(*, actor: Any, job: Job) -> Job:
    """Cancel a queued job, or stop a running one: its worker stops at its next progress
    report and drops what it made."""
    job = Job.objects.select_for_update().get(pk=job.pk)
    old = JOB_MACHINE.move(job, JobStatus.CANCELLED)
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "finished_at"])
    record(
        actor=actor,
        action="job.cancelled",
        obj=job,
        before={"status": old},
        after={"status": job.status},
    )
    return job


# --- The worker ------------------------------------------------------------------------------


def _queued(kinds: Collection[str] | None) -> QuerySet[Job]:
    queued = Job.objects.filter(status=JobStatus.QUEUED)
    if kinds is not None:
        queued = queued.filter(kind__in=list(kinds))
    return queued.order_by("created_at", "id")


def _started(job: Job, worker: str) -> Job:
    record(
        actor=None,
        action="job.started",
        obj=job,
        summary=worker,
        before={"status": JobStatus.QUEUED},
        after={"status": JobStatus.RUNNING, "attempt": job.attempts},
    )
    return job


def claim_next(*, worker: str, kinds: Collection[str] | None = None) -> Job | None:
    """The oldest queued job (of ``kinds``), now running under ``worker``; None when there
    is none. Two workers never get the same job."""
    JOB_MACHINE.check(JobStatus.QUEUED, JobStatus.RUNNING)
    if connection.features.has_select_for_update_skip_locked:
        with transaction.atomic():
            job = _queued(kinds).select_for_update(skip_locked=True).first()
            if job is None:
                return None
            now = timezone.now()
            job.status = JobStatus.RUNNING
            job.started_at = job.heartbeat_at = now
            job.worker = worker
            job.attempts += 1
            job.error = ""
            job.save(
                update_fields=[
                    "status",
                    "started_at",
                    "heartbeat_at",
                    "worker",
                    "attempts",
                    "error",
                ]
            )
            return _started(job, worker)
    while True:
        candidates = list(_queued(kinds).values_list("pk", flat=True)[:20])
        if not candidates:
            return None
        for pk in candidates:
            with transaction.atomic():
                now = timezone.now()
                won = Job.objects.filter(pk=pk, status=JobStatus.QUEUED).update(
                    status=JobStatus.RUNNING,
                    started_at=now,
                    heartbeat_at=now,
                    worker=worker,
                    attempts=F("attempts") + 1,
                    error="",
                )
                if won:
                    return _started(Job.objects.get(pk=pk), worker)
        # Every candidate went to another worker meanwhile: look again.


def beat(*, job: Job, worker: str, done: int, total: int) -> bool:
    """Record the job's progress and that its worker is alive. False when the job is no
    longer running under this worker (cancelled, or given to another): stop working on it."""
    return bool(
        Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, worker=worker).update(
            heartbeat_at=timezone.now(), progress_done=max(done, 0), progress_total=max(total, 0)
        )
    )


def _own_running(job: Job, worker: str) -> Job | None:
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.status != JobStatus.RUNNING or job.worker != worker:
        return None
    return job


@transaction.atomic
def finish(*, job: Job, worker: str) -> bool:
    """The job is done and its results are in its folder. False (and nothing changed) when
    it was cancelled or taken from this worker meanwhile."""
    current = _own_running(job, worker)
    if current is None:
        return False
    JOB_MACHINE.move(current, JobStatus.DONE)
    current.finished_at = timezone.now()
    current.progress_done = max(current.progress_done, current.progress_total)
    current.save(update_fields=["status", "finished_at", "progress_done"])
    record(
        actor=None,
        action="job.done",
        obj=current,
        before={"status": JobStatus.RUNNING},
        after={"status": current.status},
    )
    return True


@transaction.atomic
def fail(*, job: Job, worker: str, error: str) -> bool:
    """The job failed with ``error`` (shown to the people who may see the job)."""
    current = _own_running(job, worker)
    if current is None:
        return False
    JOB_MACHINE.move(current, JobStatus.FAILED)
    current.finished_at = timezone.now()
    current.error = error
    current.save(update_fields=["status", "finished_at", "error"])
    record(
        actor=None,
        action="job.failed",
        obj=current,
        reason=error,
        before={"status": JobStatus.RUNNING},
        after={"status": current.status},
    )
    return True


@transaction.atomic
def give_back(*, job: Job, worker: str) -> bool:
    """The worker stops (a stop signal) before the job is done: it goes back to the queue,
    and this attempt does not count."""
    current = _own_running(job, worker)
    if current is None:
        return False
    JOB_MACHINE.move(current, JobStatus.QUEUED)
    current.worker = ""
    current.started_at = current.heartbeat_at = None
    current.progress_done = 0
    current.attempts = max(current.attempts - 1, 0)
    current.save(
        update_fields=[
            "status",
            "worker",
            "started_at",
            "heartbeat_at",
            "progress_done",
            "attempts",
        ]
    )
    record(
        actor=None,
        action="job.requeued",
        obj=current,
        summary=worker,
        reason="the worker was stopped",
        before={"status": JobStatus.RUNNING},
        after={"status": current.status},
    )
    return True


def recover_stale(
    *, stale_after: timedelta, max_attempts: int = MAX_ATTEMPTS
) -> list[tuple[int, str]]:
    """Running jobs whose worker has given no sign of life for ``stale_after`` (it crashed,
    or its machine stopped): back to the queue, or failed after ``max_attempts`` attempts.
    Returns (job id, new status) of each."""
    limit = timezone.now() - stale_after
    changed = []
    stale = Job.objects.filter(status=JobStatus.RUNNING, heartbeat_at__lt=limit).values_list(
        "pk", "heartbeat_at"
    )
    for pk, heartbeat in list(stale):
        with transaction.atomic():
            # Compare-and-set on the heartbeat: a worker that was only slow and beats now, or
            # another worker recovering the same job, makes this a no-op.
            job = (
                Job.objects.select_for_update()
                .filter(pk=pk, status=JobStatus.RUNNING, heartbeat_at=heartbeat)
                .first()
            )
            if job is None:
                continue
            worker = job.worker
            if job.attempts < max_attempts:
                JOB_MACHINE.move(job, JobStatus.QUEUED)
                job.worker = ""
                job.started_at = job.heartbeat_at = None
                job.progress_done = 0
                action = "job.requeued"
            else:
                JOB_MACHINE.move(job, JobStatus.FAILED)
                job.finished_at = timezone.now()
                action = "job.failed"
            job.error = _(
                "The worker running this job (%(worker)s) stopped giving signs of life after "
                "%(time)s (attempt %(attempt)s of %(attempts)s)."
            ) % {
                "worker": worker,
                "time": formats.date_format(timezone.localtime(heartbeat), "j F Y H:i:s"),
                "attempt": job.attempts,
                "attempts": max_attempts,
            }
            job.save()
            record(
                actor=None,
                action=action,
                obj=job,
                summary=worker,
                reason=job.error,
                before={"status": JobStatus.RUNNING},
                after={"status": job.status},
            )
            changed.append((job.pk, job.status))
    return changed


def clear_folder(job: Job) -> Path:
    """An empty working folder on this machine for the job's handler (the engine writes
    plain files), private to the owner; what an earlier, interrupted attempt kept is
    removed. ``publish_results`` puts what the handler made into the file storage, where
    every application server finds it."""
    remove_under(file_storage(), results_of(job))
    return Path(tempfile.mkdtemp(prefix=f"voorrang-job-{job.pk}-"))


def publish_results(job: Job, folder: Path) -> int:
    """Copy every file the handler left in ``folder`` to the job's results in the file
    storage, under the same relative names; the number of files."""
    storage = file_storage()
    root = results_of(job)
    remove_under(storage, root)
    published = 0
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        name = f"{root}/{path.relative_to(folder).as_posix()}"
        with path.open("rb") as handle:
            stored = storage.save(name, File(handle, name=path.name))
        if stored != name:  # taken meanwhile: another attempt of the same job
            raise FileExistsError(name)
        published += 1
    return published


def drop_folder(job: Job) -> None:
    """Remove the job's results from the file storage."""
    remove_under(file_storage(), results_of(job))
