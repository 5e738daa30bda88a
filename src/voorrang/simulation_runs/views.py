"""The simulation pages: the runs, a new run, one run (progress, then charts, tables and
files), its progress for the page's script, its files, and cancelling it."""

from __future__ import annotations

import mimetypes
from pathlib import PurePosixPath
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from voorrang.errors import DomainError
from voorrang.files import file_storage
from voorrang.jobs import selectors as background
from voorrang.jobs.models import Job
from voorrang.jobs.states import JobStatus
from voorrang.rules import RulesError
from voorrang.simulation_runs import selectors, services
from voorrang.simulation_runs.forms import RunForm, ScenarioChoiceForm
from voorrang.simulation_runs.headline import headline
from voorrang.simulation_runs.jobs import ARCHIVE
from voorrang.simulation_runs.parameters import RunParameters, shipped_scenarios
from voorrang.web.access import staff_page

SECTION = {"staff_section": "simulations"}
# Shown in the page (charts); everything else is a download.
INLINE_TYPES = {".svg": "image/svg+xml", ".png": "image/png"}
DOWNLOAD_TYPES = {
    ".csv": "text/csv; charset=utf-8",
    ".parquet": "application/vnd.apache.parquet",
    ".json": "application/json",
    ".zip": "application/zip",
}


def _run(pk: int) -> Job:
    return get_object_or_404(selectors.runs(), pk=pk)


@staff_page
@require_safe
def run_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.runs(), 25).get_page(request.GET.get("page"))
    return render(request, "simulation_runs/run_list.html", {"page": page, **SECTION})


@staff_page
def run_new(request: HttpRequest) -> HttpResponse:
    """Without a scenario: choose one. With one: its policy in a form; posting it queues
    the run and leads to the run's page."""
    asked = request.method == "POST" or "scenario" in request.GET
    scenario = request.POST.get("scenario") or request.GET.get("scenario")
    if scenario not in shipped_scenarios():
        choice = ScenarioChoiceForm({"scenario": scenario or ""} if asked else None)
        if asked:
            choice.is_valid()
        return render(
            request,
            "simulation_runs/choose_scenario.html",
            {"form": choice, "failed": choice if asked else None, **SECTION},
            status=400 if asked else 200,
        )
    if request.method == "POST":
        form = RunForm(scenario, request.POST)
        if form.is_valid():
            try:
                job = services.start_run(
                    actor=request.user,
                    run=form.run,
                    title=form.cleaned_data["title"] or form.default_title(),
                )
            except (DomainError, RulesError) as exc:
                form.add_error(None, str(getattr(exc, "message", exc)))
            else:
                messages.success(
                    request,
                    _("The run was queued. This page shows its progress."),
                )
                return HttpResponseRedirect(reverse("simulations:run", args=[job.pk]))
        return _show_form(request, form, status=400)
    return _show_form(request, RunForm(scenario, initial=_initial(request, scenario)))


def _initial(request: HttpRequest, scenario: str) -> dict[str, Any]:
    """The scenario as shipped, or the values of an earlier run (``?from=ID``)."""
    earlier = request.GET.get("from", "")
    if earlier.isdigit():
        job = selectors.runs().filter(pk=int(earlier)).first()
        if job is not None and job.parameters.get("scenario") == scenario:
            try:
                return RunForm.initial_for(RunParameters.from_job(job.parameters))
            except RulesError:
                pass
    return RunForm.initial_for(RunParameters.of_scenario(scenario))


def _show_form(request: HttpRequest, form: RunForm, status: int = 200) -> HttpResponse:
    return render(
        request,
        "simulation_runs/run_new.html",
        {
            "form": form,
            "scenario": form.scenario_name,
            "failed": form if form.is_bound else None,
            "tier_fields": [form[name] for name in ("tier_1", "tier_2", "tier_3", "tier_4")],
            "no_worker": not background.a_worker_runs_jobs(),
            **SECTION,
        },
        status=status,
    )


def _progress(job: Job) -> dict[str, Any]:
    return {
        "status": job.status,
        "status_label": str(JobStatus(job.status).label),
        "done": job.progress_done,
        "total": job.progress_total,
        "percent": job.percent,
        "finished": job.finished,
    }


@staff_page
@require_safe
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _run(pk)
    found = selectors.results(job) if job.status == JobStatus.DONE else None
    try:
        run = RunParameters.from_job(job.parameters)
    except RulesError:
        run = None
    return render(
        request,
        "simulation_runs/run_detail.html",
        {
            "job": job,
            "run": run,
            "results": found,
            "headline": headline(job, run) if found is not None else None,
            "progress": _progress(job),
            "archive_name": ARCHIVE,
            "no_worker": job.status == JobStatus.QUEUED and not background.a_worker_runs_jobs(),
            **SECTION,
        },
    )


@staff_page
@require_safe
def run_progress(request: HttpRequest, pk: int) -> JsonResponse:
    response = JsonResponse(_progress(_run(pk)))
    response["Cache-Control"] = "no-store"
    return response


@staff_page
@require_POST
def run_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    job = _run(pk)
    try:
        services.cancel_run(actor=request.user, job=job)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The run was cancelled."))
    return HttpResponseRedirect(reverse("simulations:run", args=[job.pk]))


@staff_page
@require_safe
def run_file(request: HttpRequest, pk: int, name: str) -> FileResponse:
    """A file of a finished run: only one its manifest lists, from the run's results in the
    file storage. Charts are shown in the page; the data are downloads."""
    job = _run(pk)
    stored = selectors.downloadable(job, name) if job.status == JobStatus.DONE else None
    if stored is None:
        raise Http404(name)
    path = PurePosixPath(stored)
    try:
        handle = file_storage().open(stored, "rb")
    except FileNotFoundError:
        raise Http404(name) from None
    suffix = path.suffix.lower()
    inline = suffix in INLINE_TYPES
    content_type = (
        INLINE_TYPES.get(suffix)
        or DOWNLOAD_TYPES.get(suffix)
        or mimetypes.guess_type(path.name)[0]
        or "application/octet-stream"
    )
    filename = f"voorrang-simulation-{job.pk}.zip" if name == ARCHIVE else path.name
    response = FileResponse(
        handle, as_attachment=not inline, filename=filename, content_type=content_type
    )
    response["Cache-Control"] = "private, max-age=3600"
    # A chart opened on its own runs nothing, whatever it contains.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    return response
