"""The evaluation report: one HTML document (inline styles, SVG diagram and charts) and its
PDF (WeasyPrint). The same database and the same ``as_of`` give byte-identical HTML: nothing
in it depends on the clock, and the charts are deterministic.

The surveys and stories apps contribute their own sections when they are installed, through
``<app>.report.section(*, as_of)`` rendered with ``<app>/report_section.html``."""

from __future__ import annotations

import hashlib
import importlib
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from voorrang.audit.services import record
from voorrang.evaluation import pages, selectors
from voorrang.evaluation.figures import SMALL
from voorrang.evaluation.models import EvaluationReport
from voorrang.evaluation.summary import summarise_report


@dataclass(frozen=True)
class SectionProvider:
    app: str  # the installed app, e.g. voorrang.surveys
    module: str  # its module with section(*, as_of) -> dict
    template: str
    title: Any = ""  # the section's heading, for the contents (translatable)
    anchor: str = ""  # the id of that heading in the template


@dataclass(frozen=True)
class Section:
    html: str
    title: str
    anchor: str
    app: str = ""
    context: Any = None  # what the section was rendered from (the summary reads it)

    def __str__(self) -> str:
        return self.html


SECTIONS: list[SectionProvider] = [
    SectionProvider(
        "voorrang.surveys",
        "voorrang.surveys.report",
        "surveys/report_section.html",
        _("Resident surveys"),
        "survey-results-heading",
    ),
    SectionProvider(
        "voorrang.stories",
        "voorrang.stories.report",
        "stories/report_section.html",
        _("Stories of change"),
        "stories-heading",
    ),
]


def app_sections(as_of: date) -> list[Section]:
    """The rendered sections of the installed apps that provide one, with their headings for
    the contents; an app that is not installed is left out."""
    out = []
    for provider in SECTIONS:
        if not apps.is_installed(provider.app):
            continue
        module = importlib.import_module(provider.module)
        context = module.section(as_of=as_of)
        if context is None:
            continue
        html = mark_safe(render_to_string(provider.template, context))  # noqa: S308
        out.append(
            Section(
                html=html,
                title=str(provider.title),
                anchor=provider.anchor,
                app=provider.app,
                context=context,
            )
        )
    return out


def report_html(*, as_of: date, language: str) -> str:
    with translation.override(language):
        theories = []
        for toc in selectors.theories():
            theory = selectors.theory_value(toc, with_observations=False)
            theories.append(
                {
                    "toc": toc,
                    "theory": theory,
                    "diagram": pages.diagram_svg(theory, id_prefix=f"toc-{toc.key}"),
                    "outline": pages.outline(theory),
                    "indicators": pages.indicator_views(toc, as_of),
                }
            )
        sections = app_sections(as_of)
        survey = next((s.context for s in sections if s.app == "voorrang.surveys"), None)
        summary = summarise_report(
            indicator_views=[view for item in theories for view in item["indicators"]],
            survey=survey,
        )
        return render_to_string(
            "evaluation/report.html",
            {
                "as_of": as_of,
                "theories": theories,
                "summary": summary.as_dict(),
                "sections": sections,
                "small": SMALL,
                "LANGUAGE_CODE": language,
            },
        )


def report_pdf(html: str) -> bytes:
    import logging

    from weasyprint import HTML

    # WeasyPrint reports every SVG presentation property it passes over as a warning and its
    # progress as info: thousands of lines per report that say nothing about the report.
    loggers = [
        logging.getLogger(name) for name in ("weasyprint", "weasyprint.progress", "fontTools")
    ]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        return HTML(string=html, base_url=None).write_pdf()
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


@dataclass(frozen=True)
class BuiltReport:
    html: str
    pdf: bytes
    seconds: float

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.html.encode("utf-8")).hexdigest()


def build(*, as_of: date, language: str, after_html: Any = None) -> BuiltReport:
    started = time.perf_counter()
    html = report_html(as_of=as_of, language=language)
    if after_html is not None:
        after_html()
    return BuiltReport(html=html, pdf=report_pdf(html), seconds=time.perf_counter() - started)


def write(built: BuiltReport, out: Path) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    html_path, pdf_path = out / "report.html", out / "report.pdf"
    html_path.write_text(built.html, encoding="utf-8")
    pdf_path.write_bytes(built.pdf)
    return html_path, pdf_path


def _keep(
    built: BuiltReport, *, actor: Any, as_of: date, language: str, job: Any = None
) -> EvaluationReport:
    report = EvaluationReport.objects.create(
        as_of=as_of,
        language=language,
        html=built.html,
        pdf=ContentFile(built.pdf, name=f"evaluation-report-{as_of.isoformat()}-{language}.pdf"),
        digest=built.digest,
        built_by=actor if getattr(actor, "is_authenticated", False) else None,
        seconds=built.seconds,
        job=job,
    )
    record(
        actor=actor,
        action="evaluation.report_built",
        obj=report,
        summary=f"as of {as_of.isoformat()} ({language}), sha256 {built.digest[:12]}",
    )
    return report


def build_and_keep(*, actor: Any, as_of: date, language: str) -> EvaluationReport:
    """Build the report and keep it, so that it can be downloaded again as it was."""
    from django.db import transaction

    built = build(as_of=as_of, language=language)
    with transaction.atomic():
        return _keep(built, actor=actor, as_of=as_of, language=language)


def keep_for_job(
    built: BuiltReport, *, job_id: int, as_of: date, language: str
) -> EvaluationReport:
    """Keep a report built by the job ``job_id``, for the person who asked for it; refused
    (the job stops) when the job was cancelled or taken from its worker meanwhile."""
    from django.db import transaction

    from voorrang.jobs.models import Job
    from voorrang.jobs.registry import JobCancelled
    from voorrang.jobs.states import JobStatus

    with transaction.atomic():
        job = (
            Job.objects.select_for_update(of=("self",))
            .select_related("created_by")
            .filter(pk=job_id, status=JobStatus.RUNNING)
            .first()
        )
        if job is None:
            raise JobCancelled
        return _keep(built, actor=job.created_by, as_of=as_of, language=language, job=job)
