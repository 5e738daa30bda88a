"""The job's state machine: every transition, allowed and refused, in the mapping and through
the services that make it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import UserFactory
from voorrang.audit.models import AuditEvent
from voorrang.errors import InvalidChange, NotAllowed
from voorrang.jobs import services
from voorrang.jobs.models import Job
from voorrang.jobs.states import ALLOWED_JOB_CHANGES, FINISHED, JOB_MACHINE, JobStatus

pytestmark = pytest.mark.django_db

ALLOWED = {
    (JobStatus.QUEUED, JobStatus.RUNNING),
    (JobStatus.QUEUED, JobStatus.CANCELLED),
    (JobStatus.RUNNING, JobStatus.DONE),
    (JobStatus.RUNNING, JobStatus.FAILED),
    (JobStatus.RUNNING, JobStatus.CANCELLED),
    (JobStatus.RUNNING, JobStatus.QUEUED),
}


@pytest.mark.parametrize("old", list(JobStatus))
@pytest.mark.parametrize("new", list(JobStatus))
def test_each_change_is_allowed_or_refused_as_declared(old, new) -> None:
    assert ((old, new) in ALLOWED) == (new in ALLOWED_JOB_CHANGES[old])
    if (old, new) in ALLOWED:
        JOB_MACHINE.check(old, new)
    else:
        with pytest.raises(NotAllowed):
            JOB_MACHINE.check(old, new)


def test_done_failed_and_cancelled_are_final() -> None:
    assert {JobStatus.DONE, JobStatus.FAILED, JobStatus.CANCELLED} == FINISHED


def queued(**kwargs) -> Job:
    return services.enqueue(
        actor=kwargs.pop("actor", None) or UserFactory(),
        kind="test.numbers",
        parameters={"steps": 3},
        title="three steps",
        **kwargs,
    )


def running(worker: str = "w1") -> Job:
    job = queued()
    assert services.claim_next(worker=worker) == job
    job.refresh_from_db()
    return job


def actions(job: Job) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type="jobs.job", object_id=str(job.pk)).values_list(
            "action", flat=True
        )
    )


def test_enqueue_stores_the_job_with_who_asked_and_records_it() -> None:
    user = UserFactory()
    job = queued(actor=user)
    assert job.status == JobStatus.QUEUED
    assert job.created_by == user
    assert job.result_folder == f"jobs/{job.pk}"
    event = AuditEvent.objects.get(action="job.enqueued")
    assert event.actor == user
    assert event.after["parameters"] == {"steps": 3}


def test_enqueue_refuses_a_kind_no_worker_can_run() -> None:
    with pytest.raises(InvalidChange) as error:
        services.enqueue(actor=UserFactory(), kind="test.unknown", parameters={})
    assert error.value.field == "kind"
    assert not Job.objects.exists()


def test_enqueue_refuses_parameters_that_cannot_be_stored() -> None:
    with pytest.raises(InvalidChange) as error:
        services.enqueue(actor=UserFactory(), kind="test.numbers", parameters={"x": object()})
    assert error.value.field == "parameters"
    assert not Job.objects.exists()


def test_queued_to_running_by_claiming() -> None:
    job = running("w1")
    assert (job.status, job.worker, job.attempts) == (JobStatus.RUNNING, "w1", 1)
    assert job.started_at is not None and job.heartbeat_at is not None
    assert actions(job) == ["job.enqueued", "job.started"]


def test_queued_to_cancelled() -> None:
    job = queued()
    services.cancel(actor=job.created_by, job=job)
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED and job.finished_at is not None
    assert actions(job) == ["job.enqueued", "job.cancelled"]
    assert services.claim_next(worker="w1") is None


def test_running_to_done() -> None:
    job = running()
    assert services.finish(job=job, worker="w1")
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.finished_at is not None
    assert actions(job)[-1] == "job.done"


def test_running_to_failed_keeps_the_error() -> None:
    job = running()
    assert services.fail(job=job, worker="w1", error="out of memory")
    job.refresh_from_db()
    assert (job.status, job.error) == (JobStatus.FAILED, "out of memory")
    assert AuditEvent.objects.get(action="job.failed").reason == "out of memory"


def test_running_to_cancelled_and_the_worker_notices() -> None:
    job = running()
    services.cancel(actor=job.created_by, job=job)
    assert not services.beat(job=job, worker="w1", done=2, total=3)
    assert not services.finish(job=job, worker="w1")
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED


def test_running_to_queued_when_the_worker_is_stopped() -> None:
    job = running()
    assert services.give_back(job=job, worker="w1")
    job.refresh_from_db()
    assert (job.status, job.worker, job.attempts, job.started_at) == (JobStatus.QUEUED, "", 0, None)
    assert actions(job)[-1] == "job.requeued"


def test_running_to_queued_when_the_worker_died() -> None:
    job = running("dead:1")
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=5))
    assert services.recover_stale(stale_after=timedelta(minutes=2)) == [(job.pk, JobStatus.QUEUED)]
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and "dead:1" in job.error
    # The dead worker, should it come back, can no longer write to the job.
    assert not services.beat(job=job, worker="dead:1", done=1, total=3)


def test_a_job_whose_workers_keep_dying_fails_after_the_last_attempt() -> None:
    job = running("dead:1")
    Job.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - timedelta(minutes=5), attempts=services.MAX_ATTEMPTS
    )
    assert services.recover_stale(stale_after=timedelta(minutes=2)) == [(job.pk, JobStatus.FAILED)]
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.finished_at is not None


def test_a_running_job_with_a_recent_heartbeat_is_left_alone() -> None:
    job = running()
    assert services.recover_stale(stale_after=timedelta(minutes=2)) == []
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING


@pytest.mark.parametrize("final", [JobStatus.DONE, JobStatus.FAILED, JobStatus.CANCELLED])
def test_a_finished_job_changes_no_more(final) -> None:
    job = running()
    if final == JobStatus.DONE:
        services.finish(job=job, worker="w1")
    elif final == JobStatus.FAILED:
        services.fail(job=job, worker="w1", error="x")
    else:
        services.cancel(actor=None, job=job)
    with pytest.raises(NotAllowed):
        services.cancel(actor=None, job=job)
    assert not services.finish(job=job, worker="w1")
    assert not services.fail(job=job, worker="w1", error="y")
    assert not services.give_back(job=job, worker="w1")
    assert not services.beat(job=job, worker="w1", done=1, total=1)
    job.refresh_from_db()
    assert job.status == final


def test_only_the_claiming_worker_may_finish_a_job() -> None:
    job = running("w1")
    assert not services.finish(job=job, worker="w2")
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING


def test_jobs_are_claimed_oldest_first_and_only_of_the_kinds_asked_for() -> None:
    first, second = queued(), queued()
    assert services.claim_next(worker="w", kinds={"test.broken"}) is None
    assert services.claim_next(worker="w", kinds={"test.numbers"}) == first
    assert services.claim_next(worker="w") == second
    assert services.claim_next(worker="w") is None
