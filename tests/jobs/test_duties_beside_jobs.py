"""Workers at the same moment, on PostgreSQL (each thread its own connection, so the server's
locks decide): a due duty is claimed by exactly one of them, and the minute duties keep their
minute while a long job runs in the same worker."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
import time

import pytest
from django.db import connections
from django.utils import timezone

from tests.allocation.flow import published, ranked
from tests.concurrency import at_once
from tests.factories import SeekerFactory, UserFactory
from tests.staff.accounts import account
from voorrang.allocation import services as allocation
from voorrang.allocation.models import Offer
from voorrang.allocation.states import OfferState
from voorrang.jobs import leases, registry, services
from voorrang.jobs.duties import BY_NAME, DutySpec
from voorrang.jobs.models import Duty, Job
from voorrang.jobs.scheduler import LEASE, DutyScheduler
from voorrang.jobs.schedules import Every
from voorrang.jobs.states import JobStatus
from voorrang.jobs.worker import Worker

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("postgres_only"),
]


def test_workers_claiming_a_due_duty_at_once_give_it_to_exactly_one() -> None:
    for round_ in range(10):
        name = f"duty-{round_}"
        now = timezone.now()
        leases.ensure_duties([name], now=now)
        results = at_once(
            *(
                lambda i=i, name=name, now=now: leases.claim(
                    name=name, worker=f"w{i}", lease=LEASE, now=now
                )
                for i in range(4)
            )
        )
        assert sorted(results) == [False, False, False, True], results
        holder = Duty.objects.get(name=name).lease_holder
        assert holder == f"w{results.index(True)}"


def test_the_minute_duties_keep_running_while_a_long_job_runs(monkeypatch) -> None:
    # An open offer past its deadline, to be expired by the real duty while the job runs.
    staff = account("verhuur1", "staff-allocation")
    vacancy = ranked(staff, published(staff), [SeekerFactory()])
    offer = allocation.offer_next(actor=staff, vacancy=vacancy)

    started = threading.Event()
    release = threading.Event()

    def long_job(context: registry.JobContext) -> None:
        started.set()
        release.wait(60)

    monkeypatch.setattr(registry, "_HANDLERS", dict(registry._HANDLERS))
    registry.register("test.long", long_job)
    job = services.enqueue(actor=UserFactory(), kind="test.long", parameters={})

    # The minute shortened to a fifth of a second; the schedule's code is the real one.
    ticks: list[float] = []
    ticking = DutySpec(
        name="ticking",
        title="ticking",
        schedule=Every(dt.timedelta(seconds=0.2)),
        run=lambda: ticks.append(time.monotonic()) or {"ticks": len(ticks)},
        describe=str,
        command="expire_offers",
    )
    expire = dataclasses.replace(
        BY_NAME["expire_offers"], schedule=Every(dt.timedelta(seconds=0.2))
    )

    worker = Worker(name="w1", poll=0.05, heartbeat=0.2)
    duties = DutyScheduler(name="w1", duties=[ticking, expire], tick=0.05, stopping=worker.stopping)

    def run_jobs() -> None:
        try:
            worker.run(max_jobs=1)
        finally:
            connections.close_all()

    jobs = threading.Thread(target=run_jobs)
    jobs.start()
    try:
        assert started.wait(30), "the job never started"
        duties.start()
        Offer.objects.filter(pk=offer.pk).update(deadline=timezone.now() - dt.timedelta(minutes=1))
        deadline = time.monotonic() + 30
        while len(ticks) < 5 or Offer.objects.get(pk=offer.pk).state != OfferState.EXPIRED:
            assert time.monotonic() < deadline, (len(ticks), Offer.objects.get(pk=offer.pk).state)
            time.sleep(0.1)
        assert Job.objects.get(pk=job.pk).status == JobStatus.RUNNING
    finally:
        release.set()
        jobs.join(timeout=30)
        worker.stopping.set()
        duties.join(timeout=30)
    assert Job.objects.get(pk=job.pk).status == JobStatus.DONE
    expired = Duty.objects.get(name="expire_offers")
    assert expired.runs >= 1
    assert expired.last_outcome == "ok"
