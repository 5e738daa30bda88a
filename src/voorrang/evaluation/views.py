"""The evaluation pages: the theory of change, the indicators, the report, imports and the
research export. Who may open which is declared in voorrang.web.access."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from voorrang.errors import DomainError
from voorrang.evaluation import pages, research, selectors, services
from voorrang.evaluation.forms import AsOfForm, ObservationsForm, ReportForm, TheoryImportForm
from voorrang.evaluation.models import EvaluationReport, SourceKind
from voorrang.evaluation.theory import CSV_COLUMNS, TheoryError, dump_theory_json, theory_rows
from voorrang.jobs import selectors as background
from voorrang.jobs.states import JobStatus
from voorrang.uploads import log_refused
from voorrang.web.access import staff_page


def _theory(request: HttpRequest):
    return selectors.chosen_theory(request.GET.get("theory"))


def _as_of(request: HttpRequest):
    form = AsOfForm(request.GET or AsOfForm.today())
    day = form.cleaned_data["as_of"] if form.is_valid() else timezone.localdate()
    return form, day


@staff_page
@require_safe
def theory_page(request: HttpRequest) -> HttpResponse:
    toc = _theory(request)
    context = {"theories": selectors.theories(), "toc": toc, "evaluation_section": "theory"}
    if toc is not None:
        theory = selectors.theory_value(toc, with_observations=False)
        context |= {
            "theory": theory,
            "diagram": pages.diagram_svg(theory),
            "outline": pages.outline(theory),
        }
    return render(request, "evaluation/theory.html", context)


@staff_page
@require_safe
def indicators_page(request: HttpRequest) -> HttpResponse:
    toc = _theory(request)
    form, day = _as_of(request)
    return render(
        request,
        "evaluation/indicators.html",
        {
            "toc": toc,
            "theories": selectors.theories(),
            "form": form,
            "as_of": day,
            "sections": pages.indicator_sections(toc, day),
            "evaluation_section": "indicators",
        },
    )


@staff_page
@require_safe
def theory_json(request: HttpRequest) -> HttpResponse:
    toc = _theory(request)
    if toc is None:
        raise Http404
    response = HttpResponse(
        dump_theory_json(selectors.theory_value(toc)), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{toc.key}.json"'
    return response


@staff_page
@require_safe
def theory_csv(request: HttpRequest) -> HttpResponse:
    toc = _theory(request)
    if toc is None:
        raise Http404
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(theory_rows(selectors.theory_value(toc)))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{toc.key}.csv"'
    return response


@staff_page
@require_http_methods(["GET", "HEAD", "POST"])
def theory_import(request: HttpRequest) -> HttpResponse:
    form = TheoryImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                theory = services.read_theory(form.cleaned_data["file"].read())
                toc = services.save_theory(
                    actor=request.user, theory=theory, replace=form.cleaned_data["replace"]
                )
            except TheoryError as exc:
                form.add_error("file", str(exc))
            except DomainError as exc:
                form.add_error("replace" if exc.field == "key" else "file", exc.message)
            else:
                messages.success(
                    request, _("The theory of change %(title)s is stored.") % {"title": toc.title}
                )
                return redirect(f"{request.path.rsplit('/', 2)[0]}/?theory={toc.key}")
        status = 400
        log_refused(form, upload="theory of change")
    return render(
        request,
        "evaluation/upload.html",
        {
            "form": form,
            "failed": form if status == 400 else None,
            "title": _("Import a theory of change"),
            "lead": _("Restore a theory of change from its JSON file, or load a new one."),
            "evaluation_section": "theory",
        },
        status=status,
    )


@staff_page
@require_http_methods(["GET", "HEAD", "POST"])
def observations_import(request: HttpRequest) -> HttpResponse:
    toc = _theory(request)
    form = ObservationsForm(request.POST or None, request.FILES or None)
    status, row_errors = 200, []
    if request.method == "POST":
        if toc is None:
            form.add_error(None, _("There is no theory of change to import observations for."))
        elif form.is_valid():
            try:
                result = services.import_observations(
                    actor=request.user, theory=toc, data=form.cleaned_data["file"].read()
                )
            except services.ObservationImportError as exc:
                form.add_error("file", exc.message)
                row_errors = exc.errors
            else:
                messages.success(
                    request,
                    _("Imported. New values: %(created)s; changed values: %(updated)s.")
                    % {"created": result.created, "updated": result.updated},
                )
                return redirect(request.get_full_path())
        status = 400
        log_refused(form, upload="observations")
    entered = (
        [i for i in selectors.indicators_of(toc) if i.source_kind == SourceKind.ENTERED]
        if toc is not None
        else []
    )
    return render(
        request,
        "evaluation/upload.html",
        {
            "form": form,
            "failed": form if status == 400 else None,
            "row_errors": row_errors,
            "title": _("Import observations"),
            "toc": toc,
            "entered": entered,
            "lead": _(
                "Figures from other registers, such as nuisance reports per building and "
                "month, for the indicators that staff enter."
            ),
            "evaluation_section": "indicators",
        },
        status=status,
    )


@staff_page
@require_http_methods(["GET", "HEAD", "POST"])
def report_page(request: HttpRequest) -> HttpResponse:
    initial = AsOfForm.today() | {"language": translation.get_language() or "nl"}
    form = ReportForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                job = services.request_report(
                    actor=request.user,
                    as_of=form.cleaned_data["as_of"],
                    language=form.cleaned_data["language"],
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(
                    request,
                    _(
                        "The report is being built. This page shows how far it is; the "
                        "report is kept with the built reports when it is ready."
                    ),
                )
                return redirect("evaluation:report_job", pk=job.pk)
        status = 400
    return render(
        request,
        "evaluation/report_page.html",
        {
            "form": form,
            "failed": form if status == 400 else None,
            "reports": EvaluationReport.objects.select_related("built_by").defer("html", "pdf")[
                :20
            ],
            "jobs": selectors.report_jobs_not_done(),
            "no_worker": not background.a_worker_runs_jobs(),
            "evaluation_section": "report",
        },
        status=status,
    )


@staff_page
@require_safe
def report_job(request: HttpRequest, pk: int) -> HttpResponse:
    """Where a requested build of the report stands; when it is done, the report itself."""
    job = selectors.report_job(pk)
    if job is None:
        raise Http404
    return render(
        request,
        "evaluation/report_job.html",
        {
            "job": job,
            "built": selectors.report_of_job(job),
            "step": selectors.report_job_step(job),
            "waiting_long": selectors.report_job_waiting_long(job),
            "no_worker": job.status == JobStatus.QUEUED and not background.a_worker_runs_jobs(),
            "evaluation_section": "report",
        },
    )


@staff_page
@require_safe
def report_download(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    built = get_object_or_404(EvaluationReport, pk=pk)
    name = f"evaluation-report-{built.as_of.isoformat()}-{built.language}"
    if kind == "pdf":
        if not built.pdf:
            raise Http404
        try:
            with built.pdf.open("rb") as handle:
                content = handle.read()
        except FileNotFoundError:
            raise Http404 from None
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    elif kind == "html":
        response = HttpResponse(built.html, content_type="text/html; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.html"'
    else:
        raise Http404
    return response


@staff_page
@require_safe
def research_page(request: HttpRequest) -> HttpResponse:
    form, day = _as_of(request)
    try:
        research.research_key()
        key_missing = False
    except research.ResearchKeyMissing:
        key_missing = True
    return render(
        request,
        "evaluation/research.html",
        {
            "form": form,
            "as_of": day,
            "key_missing": key_missing,
            "evaluation_section": "research",
        },
    )


@staff_page
@require_safe
def research_download(request: HttpRequest) -> HttpResponse:
    _form, day = _as_of(request)
    try:
        data = research.export_zip(day, actor=request.user)
    except research.ResearchKeyMissing as exc:
        return HttpResponse(exc.message, status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="voorrang-research-{day.isoformat()}.zip"'
    )
    return response
