"""The workers' signs of life: each worker process writes one every few seconds, in a thread of
its own (a long job or duty never delays it), and says when it stops. A worker counts as alive
while its last sign is younger than ``ALIVE_WITHIN``."""

from __future__ import annotations

import os
import socket
import threading
from dataclasses import dataclass, field
from datetime import timedelta

import structlog
from django.db import DatabaseError, connection
from django.utils import timezone

from voorrang.jobs.models import WorkerProcess

log = structlog.get_logger(__name__)

BEAT_EVERY = timedelta(seconds=10)
ALIVE_WITHIN = timedelta(seconds=60)
# The signs of workers gone for this long are removed when a worker starts.
FORGOTTEN_AFTER = timedelta(days=7)


def sign_on(*, name: str, runs_jobs: bool, runs_duties: bool) -> WorkerProcess:
    now = timezone.now()
    WorkerProcess.objects.filter(last_seen_at__lt=now - FORGOTTEN_AFTER).delete()
    process, _ = WorkerProcess.objects.update_or_create(
        name=name,
        defaults={
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "runs_jobs": runs_jobs,
            "runs_duties": runs_duties,
            "started_at": now,
            "last_seen_at": now,
            "stopped_at": None,
        },
    )
    return process


def beat(*, name: str) -> None:
    WorkerProcess.objects.filter(name=name).update(last_seen_at=timezone.now())


def sign_off(*, name: str) -> None:
    now = timezone.now()
    WorkerProcess.objects.filter(name=name).update(last_seen_at=now, stopped_at=now)


@dataclass
class Presence:
    """The thread that writes the worker's sign of life until ``stopping`` is set."""

    name: str
    runs_jobs: bool = True
    runs_duties: bool = True
    every: float = BEAT_EVERY.total_seconds()
    stopping: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> None:
        sign_on(name=self.name, runs_jobs=self.runs_jobs, runs_duties=self.runs_duties)
        self._thread = threading.Thread(target=self._beat, name="presence", daemon=True)
        self._thread.start()

    def _beat(self) -> None:
        try:
            while not self.stopping.wait(self.every):
                try:
                    beat(name=self.name)
                except DatabaseError:
                    log.warning("worker could not write its sign of life", worker=self.name)
                    connection.close()
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=self.every + 5)
        try:
            sign_off(name=self.name)
        except DatabaseError:
            log.warning("worker could not sign off", worker=self.name)
