"""The worker loop behind ``voorrang manage run_jobs``.

The handler of a job runs in a thread of its own; this thread keeps the database: every few
seconds it writes the job's progress and heartbeat, notices a cancellation, and at the end
records the outcome. A failing job is recorded with its error and the worker goes on with the
next one."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import traceback
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import structlog
from django.db import DatabaseError, connection

from voorrang.jobs import registry, services
from voorrang.jobs.models import Job

log = structlog.get_logger(__name__)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class _Progress:
    """Shared between the handler's thread (which reports) and the worker (which records)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.done = 0
        self.total = 0
        self.stop = threading.Event()

    def report(self, done: int, total: int) -> None:
        with self._lock:
            self.done, self.total = done, total
        if self.stop.is_set():
            raise registry.JobCancelled

    def read(self) -> tuple[int, int]:
        with self._lock:
            return self.done, self.total


def describe(exc: BaseException) -> str:
    """A failure as one message for the person who asked for the job."""
    if isinstance(exc, registry.JobFailed):
        return str(exc)
    message = getattr(exc, "message", None) or str(exc)
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


@dataclass
class Worker:
    name: str = field(default_factory=worker_name)
    poll: float = 2.0  # seconds between looks at an empty queue
    heartbeat: float = 5.0  # seconds between progress writes while a job runs
    stale_after: timedelta = timedelta(minutes=2)
    max_attempts: int = services.MAX_ATTEMPTS
    stopping: threading.Event = field(default_factory=threading.Event)

    def run(self, *, once: bool = False, max_jobs: int | None = None) -> int:
        """Work until stopped; with ``once``, until the queue is empty; with ``max_jobs``,
        until that many jobs were run. Returns the number of jobs run."""
        ran = 0
        log.info("worker started", worker=self.name, kinds=sorted(registry.kinds()))
        while not self.stopping.is_set():
            try:
                for pk, status in services.recover_stale(
                    stale_after=self.stale_after, max_attempts=self.max_attempts
                ):
                    log.warning("stale job recovered", job=pk, status=status)
                job = services.claim_next(worker=self.name, kinds=registry.kinds())
            except DatabaseError:
                # The database went away (a restart): try again after a pause.
                log.exception("worker could not reach the database", worker=self.name)
                self._reconnect()
                if once:
                    raise
                self.stopping.wait(self.poll)
                continue
            if job is None:
                if once:
                    break
                self.stopping.wait(self.poll)
                continue
            self.run_job(job)
            ran += 1
            if max_jobs is not None and ran >= max_jobs:
                break
        log.info("worker stopped", worker=self.name, jobs=ran)
        return ran

    def _reconnect(self) -> None:
        if not connection.in_atomic_block:
            connection.close()

    def run_job(self, job: Job) -> None:
        log.info("job started", job=job.pk, kind=job.kind, attempt=job.attempts)
        handler = registry.handler_for(job.kind)
        if handler is None:  # claim_next asks only for known kinds; a safeguard
            services.fail(job=job, worker=self.name, error=f"no handler for {job.kind!r}")
            return
        try:
            folder = services.clear_folder(job)
        except (OSError, DatabaseError) as exc:
            services.fail(job=job, worker=self.name, error=describe(exc))
            log.error("job failed", job=job.pk, error=describe(exc))
            return
        try:
            self._run_in(job, handler, folder)
        finally:
            # The results are in the file storage by now (or dropped): the working folder goes.
            shutil.rmtree(folder, ignore_errors=True)

    def _run_in(self, job: Job, handler: registry.Handler, folder: Path) -> None:
        progress = _Progress()
        outcome: dict[str, BaseException] = {}
        context = registry.JobContext(
            job_id=job.pk, parameters=dict(job.parameters), folder=folder, progress=progress.report
        )

        def work() -> None:
            try:
                handler(context)
            except BaseException as exc:  # every failure is recorded on the job
                outcome["error"] = exc
                if not isinstance(exc, registry.JobCancelled):
                    log.error(
                        "job raised",
                        job=job.pk,
                        error=describe(exc),
                        traceback="".join(traceback.format_exception(exc)),
                    )

        thread = threading.Thread(target=work, name=f"job-{job.pk}", daemon=True)
        thread.start()
        given_back = False
        while thread.is_alive():
            thread.join(timeout=self.heartbeat)
            if self.stopping.is_set() and not given_back:
                # Stopped (SIGTERM): the job goes back to the queue for another worker.
                given_back = services.give_back(job=job, worker=self.name)
                progress.stop.set()
                log.warning("job given back", job=job.pk)
                thread.join(timeout=self.heartbeat)
                break
            if thread.is_alive():
                done, total = progress.read()
                if not services.beat(job=job, worker=self.name, done=done, total=total):
                    progress.stop.set()
        if given_back or (self.stopping.is_set() and "error" in outcome):
            # Stopped while the job ran, or as it failed (the stop signal may have reached its
            # processes too): another worker runs it again from the start.
            if not given_back:
                services.give_back(job=job, worker=self.name)
            services.drop_folder(job)
            return
        done, total = progress.read()
        services.beat(job=job, worker=self.name, done=done, total=total)
        error = outcome.get("error")
        if error is None:
            # The results go to the file storage first: a job is done only when every server
            # can show them.
            try:
                services.publish_results(job, folder)
            except (OSError, DatabaseError) as exc:
                error = exc
            else:
                if services.finish(job=job, worker=self.name):
                    log.info("job done", job=job.pk, seconds=self._seconds(job))
                    return
        if (
            error is not None
            and not isinstance(error, registry.JobCancelled)
            and services.fail(job=job, worker=self.name, error=describe(error))
        ):
            log.error("job failed", job=job.pk, error=describe(error))
            services.drop_folder(job)
            return
        # Cancelled (or taken from this worker) while it ran: what it made is dropped.
        log.info("job cancelled", job=job.pk)
        services.drop_folder(job)

    @staticmethod
    def _seconds(job: Job) -> float | None:
        job.refresh_from_db(fields=["started_at", "finished_at"])
        if job.started_at and job.finished_at:
            return round((job.finished_at - job.started_at).total_seconds(), 1)
        return None
