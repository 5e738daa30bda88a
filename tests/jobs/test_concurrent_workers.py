"""Workers claiming at the same moment, on PostgreSQL: each job is run by exactly one.

Each thread has its own database connection, so the server's locks decide. Both ways of
claiming are tried: ``FOR UPDATE SKIP LOCKED`` and the compare-and-set used on SQLite."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import connection

from tests.concurrency import at_once
from tests.factories import UserFactory
from voorrang.audit.models import AuditEvent
from voorrang.jobs import services
from voorrang.jobs.models import Job
from voorrang.jobs.states import JobStatus
from voorrang.jobs.worker import Worker

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("postgres_only"),
]

WORKERS = 4
JOBS = 30


@pytest.fixture(params=["skip locked", "compare and set"])
def claiming(request, monkeypatch) -> str:
    if request.param == "compare and set":
        monkeypatch.setattr(type(connection.features), "has_select_for_update_skip_locked", False)
    return request.param


def test_workers_claiming_at_once_never_get_the_same_job(claiming) -> None:
    user = UserFactory()
    jobs = [
        services.enqueue(actor=user, kind="test.numbers", parameters={"steps": 1})
        for _ in range(JOBS)
    ]

    def claim_all(i: int) -> list[int]:
        claimed = []
        while (job := services.claim_next(worker=f"w{i}")) is not None:
            claimed.append(job.pk)
        return claimed

    results = at_once(*(lambda i=i: claim_all(i) for i in range(WORKERS)), timeout=120)
    assert not [r for r in results if isinstance(r, Exception)], results
    claimed = Counter(pk for r in results for pk in r)
    assert sorted(claimed) == sorted(job.pk for job in jobs)
    assert set(claimed.values()) == {1}
    assert AuditEvent.objects.filter(action="job.started").count() == JOBS
    for pk, worker, attempts in Job.objects.values_list("pk", "worker", "attempts"):
        assert attempts == 1
        assert [pk in r for r in results].index(True) == int(worker[1:])


def test_workers_running_at_once_run_every_job_exactly_once(claiming, data_dir) -> None:
    user = UserFactory()
    for _ in range(12):
        services.enqueue(actor=user, kind="test.numbers", parameters={"steps": 3})
    results = at_once(
        *(lambda i=i: Worker(name=f"w{i}", heartbeat=0.01).run(once=True) for i in range(3)),
        timeout=120,
    )
    assert sum(results) == 12, results
    assert set(Job.objects.values_list("status", flat=True)) == {JobStatus.DONE}
    assert AuditEvent.objects.filter(action="job.started").count() == 12
    assert AuditEvent.objects.filter(action="job.done").count() == 12
