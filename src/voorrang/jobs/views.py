"""The status page of the background work, for the application manager."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from voorrang.jobs import selectors
from voorrang.jobs.states import JobStatus
from voorrang.web.access import staff_page


@staff_page
@require_safe
def status(request: HttpRequest) -> HttpResponse:
    workers = list(selectors.workers_alive())
    counts = selectors.queue_counts()
    return render(
        request,
        "jobs/status.html",
        {
            "duties": selectors.duties(),
            "workers": workers,
            "runs_jobs": any(w.runs_jobs for w in workers),
            "runs_duties": any(w.runs_duties for w in workers),
            "queued": counts[JobStatus.QUEUED],
            "running": counts[JobStatus.RUNNING],
            "failed": counts[JobStatus.FAILED],
            "oldest_queued": selectors.oldest_queued(),
        },
    )
