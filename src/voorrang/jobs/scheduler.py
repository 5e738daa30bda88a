"""The periodic duties' loop, in a thread of the worker beside its job loop: a simulation that
runs for an hour never holds up the offers that expire every minute.

Every ``tick`` the loop claims the lease of each due duty that is not running here, and starts
it in a thread of its own (a slow daily duty does not hold up the minute duties either). While
a duty runs, the loop renews its lease; when it ends, the loop records the outcome and the
next run. A failing duty is recorded with its error and tried again at its next run (a daily
one after ``RETRY_AFTER``); the loop goes on."""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import structlog
from django.db import DatabaseError, connection
from django.utils import timezone

from voorrang.jobs import leases
from voorrang.jobs.duties import DUTIES, Counts, DutySpec

log = structlog.get_logger(__name__)

# A lease lapses this long after its last renewal: a dead worker's duty is taken over then.
LEASE = timedelta(minutes=2)
# Seconds a stopping worker waits for the duties still running, to record them.
STOP_WAIT = 10.0
# A failed daily duty is tried again this long after its failed start.
RETRY_AFTER = timedelta(minutes=10)


def describe_error(exc: BaseException) -> str:
    message = getattr(exc, "message", None) or str(exc)
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


@dataclass
class _Running:
    duty: DutySpec
    started: datetime
    thread: threading.Thread
    renewed: datetime
    counts: Counts | None = None
    error: str = ""


@dataclass
class DutyScheduler:
    name: str
    duties: Sequence[DutySpec] = DUTIES
    tick: float = 5.0  # seconds between looks at the schedule
    lease: timedelta = LEASE
    clock: Callable[[], datetime] = timezone.now
    stopping: threading.Event = field(default_factory=threading.Event)
    running: dict[str, _Running] = field(default_factory=dict)
    # Set after the first look at the schedule (``voorrang worker --once`` waits for it).
    looked: threading.Event = field(default_factory=threading.Event)
    # Set by ``finish``: no duty is started any more, those running are seen to their end.
    draining: threading.Event = field(default_factory=threading.Event)
    _ensured: bool = False
    _thread: threading.Thread | None = None

    # --- the thread ----------------------------------------------------------------------

    def start(self) -> None:
        self._thread = threading.Thread(target=self.run, name="duties", daemon=True)
        self._thread.start()

    def join(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    def finish(self, timeout: float) -> None:
        """Start no more duties and wait (at most ``timeout`` seconds) until those running
        have ended and are recorded (``voorrang worker --once``)."""
        self.draining.set()
        deadline = time.monotonic() + timeout
        while self.running and time.monotonic() < deadline:
            time.sleep(0.1)

    def run(self) -> None:
        """Look at the schedule every ``tick`` until stopped; then wait a little for the duties
        still running (each in its own transactions: one cut off by the end of the process is
        rolled back, and its lease lapses)."""
        log.info("duties started", worker=self.name, duties=[d.name for d in self.duties])
        try:
            while not self.stopping.is_set():
                try:
                    self.step(start_new=not self.draining.is_set())
                except DatabaseError:
                    log.exception("duties could not reach the database", worker=self.name)
                    connection.close()
                self.looked.set()
                self.stopping.wait(self.tick)
            deadline = time.monotonic() + STOP_WAIT
            while self.running and time.monotonic() < deadline:
                self.stopping.wait(0.1)
                self.step(start_new=False)
        finally:
            connection.close()
            log.info("duties stopped", worker=self.name)

    # --- one look at the schedule ----------------------------------------------------------

    def step(self, *, start_new: bool = True) -> None:
        """Record the duties that ended, renew the leases of those still running, and start
        the due ones (when ``start_new``)."""
        self._collect()
        if not start_new:
            return
        if not self._ensured:
            leases.ensure_duties([duty.name for duty in self.duties], now=self.clock())
            self._ensured = True
        # One read for the schedule; the claim (a write) only for what looks due.
        due = leases.due([duty.name for duty in self.duties], now=self.clock())
        for duty in self.duties:
            if duty.name not in due or duty.name in self.running or self.stopping.is_set():
                continue
            now = self.clock()
            if leases.claim(name=duty.name, worker=self.name, lease=self.lease, now=now):
                self._start(duty, now)

    def _start(self, duty: DutySpec, now: datetime) -> None:
        log.debug("duty started", duty=duty.name, worker=self.name)

        def work() -> None:
            try:
                entry.counts = duty.run()
            except Exception as exc:  # every failure is recorded on the duty
                entry.error = describe_error(exc)
                log.error(
                    "duty failed",
                    duty=duty.name,
                    error=entry.error,
                    traceback="".join(traceback.format_exception(exc)),
                )
            finally:
                connection.close()

        thread = threading.Thread(target=work, name=f"duty-{duty.name}", daemon=True)
        entry = _Running(duty=duty, started=now, thread=thread, renewed=now)
        self.running[duty.name] = entry
        thread.start()

    def _collect(self) -> None:
        for name, entry in list(self.running.items()):
            now = self.clock()
            if entry.thread.is_alive():
                if now - entry.renewed >= self.lease / 4:
                    if not leases.renew(name=name, worker=self.name, lease=self.lease, now=now):
                        log.warning("duty lease lost while it runs", duty=name, worker=self.name)
                    entry.renewed = now
                continue
            # Recorded first: if the database is away now, the next look records it.
            self._record(entry, now)
            del self.running[name]

    def _record(self, entry: _Running, now: datetime) -> None:
        duty = entry.duty
        zone = timezone.get_current_timezone()
        next_run = duty.schedule.next_after(entry.started, zone)
        if entry.error:
            next_run = min(next_run, entry.started + max(RETRY_AFTER, _interval(duty)))
        recorded = leases.finish(
            name=duty.name,
            worker=self.name,
            next_run_at=next_run,
            counts=entry.counts,
            error=entry.error,
            now=now,
        )
        if not recorded:
            log.warning("duty was taken over by another worker", duty=duty.name)
        elif entry.error:
            log.warning("duty recorded as failed", duty=duty.name, error=entry.error)
        elif entry.counts and any(entry.counts.values()):
            log.info("duty done", duty=duty.name, **entry.counts)


def _interval(duty: DutySpec) -> timedelta:
    return getattr(duty.schedule, "interval", timedelta(0))
