"""The worker command: it runs queued jobs, records their progress and outcome, survives a
failing job, recovers a job whose worker died, and gives a job back when it is stopped."""

from __future__ import annotations

import threading
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.factories import UserFactory
from voorrang.jobs import registry, services
from voorrang.jobs.models import Job
from voorrang.jobs.states import JobStatus
from voorrang.jobs.worker import Worker

pytestmark = pytest.mark.django_db


def enqueue(kind: str = "test.numbers", **parameters) -> Job:
    return services.enqueue(
        actor=UserFactory(), kind=kind, parameters=parameters or {"steps": 4}, title=kind
    )


def run_jobs(*args, **options) -> str:
    out = StringIO()
    call_command("run_jobs", *args, stdout=out, **options)
    return out.getvalue()


def test_the_worker_runs_a_queued_job_and_keeps_its_results(data_dir) -> None:
    job = enqueue(steps=4)
    assert "jobs run: 1" in run_jobs(once=True)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert (job.progress_done, job.progress_total, job.percent) == (4, 4, 100)
    assert job.started_at <= job.finished_at
    assert (data_dir / job.result_folder / "numbers.txt").read_text() == "1 2 3 4"


def test_a_failing_job_is_recorded_with_its_error_and_the_worker_goes_on(data_dir) -> None:
    broken = enqueue("test.broken")
    refused = enqueue("test.refused")
    fine = enqueue(steps=2)
    assert "jobs run: 3" in run_jobs(once=True)
    for job in (broken, refused, fine):
        job.refresh_from_db()
    assert broken.status == JobStatus.FAILED
    assert broken.error == "ValueError: the numbers do not add up"
    assert broken.progress_done == 1
    assert refused.status == JobStatus.FAILED
    assert refused.error == "the scenario names no buildings"
    assert not (data_dir / broken.result_folder).exists()
    assert fine.status == JobStatus.DONE


def test_max_jobs_stops_the_worker_after_that_many() -> None:
    first, second = enqueue(), enqueue()
    assert "jobs run: 1" in run_jobs(max_jobs=1)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (JobStatus.DONE, JobStatus.QUEUED)


def test_once_with_an_empty_queue_exits_at_once() -> None:
    assert "jobs run: 0" in run_jobs("--once")


def test_a_job_whose_worker_died_is_run_again_by_the_next_worker(data_dir) -> None:
    job = enqueue(steps=2)
    services.claim_next(worker="gone:1")
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=10))
    # What the dead worker left behind is cleared before the new attempt.
    (data_dir / job.result_folder).mkdir(parents=True)
    (data_dir / job.result_folder / "half.txt").write_text("1")
    run_jobs(once=True)
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.DONE, 2)
    assert sorted(p.name for p in (data_dir / job.result_folder).iterdir()) == ["numbers.txt"]


def test_a_stopped_worker_gives_its_job_back_to_the_queue(monkeypatch) -> None:
    worker = Worker(heartbeat=0.01)

    def stop_midway(context: registry.JobContext) -> None:
        context.progress(1, 100)
        worker.stopping.set()  # as SIGTERM does
        for step in range(2, 101):
            threading.Event().wait(0.01)
            context.progress(step, 100)

    registry.register("test.slow", stop_midway)
    job = enqueue("test.slow")
    assert worker.run() == 1
    job.refresh_from_db()
    assert (job.status, job.attempts, job.worker) == (JobStatus.QUEUED, 0, "")
    assert job.progress_done < 100


@pytest.mark.django_db(transaction=True)
def test_a_job_cancelled_while_it_runs_stops_and_leaves_no_results(data_dir) -> None:
    started, cancelled = threading.Event(), threading.Event()

    def wait_for_cancel(context: registry.JobContext) -> None:
        (context.folder / "partial.txt").write_text("…")
        started.set()
        for step in range(1000):
            cancelled.wait(0.01)
            context.progress(step, 1000)
        raise AssertionError("the job was not stopped")

    registry.register("test.long", wait_for_cancel)
    job = enqueue("test.long")

    def cancel_when_started() -> None:
        from django.db import connections

        try:
            started.wait(10)
            services.cancel(actor=None, job=job)
            cancelled.set()
        finally:
            connections.close_all()

    canceller = threading.Thread(target=cancel_when_started)
    canceller.start()
    Worker(heartbeat=0.02).run(once=True)
    canceller.join(10)
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    assert not (data_dir / job.result_folder).exists()


def test_bad_options_are_refused() -> None:
    with pytest.raises(CommandError, match="stale-after"):
        run_jobs(once=True, stale_after=5, heartbeat=5)
