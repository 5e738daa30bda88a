"""Starting a simulation run: it is queued as a job, never run in the request."""

from __future__ import annotations

from typing import Any

from voorrang.jobs import services as jobs
from voorrang.jobs.models import Job
from voorrang.simulation_runs.jobs import KIND
from voorrang.simulation_runs.parameters import RunParameters


def start_run(*, actor: Any, run: RunParameters, title: str) -> Job:
    """Queue the run (the job's service records it in one transaction with its audit event).
    ``run`` has been checked: the worker builds the same scenarios from the stored values."""
    run.check()
    return jobs.enqueue(
        actor=actor, kind=KIND, parameters=run.as_job(), title=title, total=run.steps
    )


def cancel_run(*, actor: Any, job: Job) -> Job:
    return jobs.cancel(actor=actor, job=job)
