"""Reads of the evaluation records that the pages, the report and the exports share."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from voorrang.evaluation import theory as t
from voorrang.evaluation.models import (
    Assumption,
    Element,
    EvaluationReport,
    Indicator,
    Link,
    Observation,
    TheoryOfChange,
    WorkingElement,
)


def theories() -> list[TheoryOfChange]:
    return list(TheoryOfChange.objects.order_by("key"))


def chosen_theory(key: str | None) -> TheoryOfChange | None:
    """The theory with ``key``, or the first one."""
    queryset = TheoryOfChange.objects.order_by("key")
    if key:
        return queryset.filter(key=key).first()
    return queryset.first()


def _measure(value: Decimal | None, on) -> t.Measure | None:
    return None if value is None or on is None else t.Measure(value=value.normalize(), on=on)


def theory_value(toc: TheoryOfChange, *, with_observations: bool = True) -> t.Theory:
    """The stored theory as the plain document value (for the diagram, exports, the report)."""
    elements = list(Element.objects.filter(theory=toc).order_by("position", "id"))
    keys = {e.pk: e.key for e in elements}
    links = list(Link.objects.filter(theory=toc).order_by("position", "id"))
    link_pairs = {k.pk: (keys[k.source_id], keys[k.target_id]) for k in links}
    indicators = list(
        Indicator.objects.filter(theory=toc)
        .order_by("position", "id")
        .prefetch_related(
            Prefetch(
                "observations",
                queryset=Observation.objects.select_related("building").order_by(
                    "period_start", "period_end", "building__name", "id"
                ),
            )
        )
    )
    observations = []
    if with_observations:
        for i in indicators:
            observations += [
                t.Observation(
                    indicator=i.key,
                    period_start=o.period_start,
                    period_end=o.period_end,
                    value=o.value.normalize(),
                    building=o.building.name if o.building else "",
                    note=o.note,
                )
                for o in i.observations.all()
            ]
    return t.Theory(
        key=toc.key,
        title=toc.title,
        description=toc.description,
        sources=tuple(
            t.Source(
                title=s.get("title", ""),
                publisher=s.get("publisher", ""),
                year=s.get("year"),
                url=s.get("url", ""),
            )
            for s in toc.sources
        ),
        elements=tuple(
            t.Element(key=e.key, kind=e.kind, title=e.title, description=e.description)
            for e in elements
        ),
        links=tuple(
            t.Link(
                source=keys[k.source_id],
                target=keys[k.target_id],
                rationale=k.rationale,
                evidence=k.evidence,
            )
            for k in links
        ),
        assumptions=tuple(
            t.Assumption(
                key=a.key,
                kind=a.kind,
                text=a.text,
                element=keys.get(a.element_id) if a.element_id else None,
                link=link_pairs.get(a.link_id) if a.link_id else None,
            )
            for a in Assumption.objects.filter(theory=toc).order_by("position", "id")
        ),
        working_elements=tuple(
            t.WorkingElement(
                key=w.key,
                title=w.title,
                description=w.description,
                element=keys.get(w.element_id) if w.element_id else None,
            )
            for w in WorkingElement.objects.filter(theory=toc).order_by("position", "id")
        ),
        indicators=tuple(
            t.Indicator(
                key=i.key,
                element=keys[i.element_id],
                name=i.name,
                definition=i.definition,
                unit=i.unit,
                source_kind=i.source_kind,
                data_source=i.data_source,
                collection_method=i.collection_method,
                frequency=i.frequency,
                baseline=_measure(i.baseline_value, i.baseline_date),
                target=_measure(i.target_value, i.target_date),
                computation=i.computation,
                survey_instrument=i.survey_instrument,
                survey_scale=i.survey_scale,
            )
            for i in indicators
        ),
        observations=tuple(observations),
    )


def indicators_of(toc: TheoryOfChange) -> list[Indicator]:
    return list(
        Indicator.objects.filter(theory=toc).select_related("element").order_by("position", "id")
    )


# --- The report's jobs ------------------------------------------------------------------------

# A queued build that waits longer than this suggests that no worker is running.
WORKER_EXPECTED_WITHIN = timedelta(minutes=2)


def report_jobs_not_done(limit: int = 10) -> list[Any]:
    """The latest requested builds of the report that have not (or not yet) given a report:
    queued, running, failed or cancelled. Those that are done are in the built reports."""
    from voorrang.evaluation.jobs import KIND
    from voorrang.jobs.models import Job
    from voorrang.jobs.states import JobStatus

    return list(
        Job.objects.filter(kind=KIND)
        .exclude(status=JobStatus.DONE)
        .select_related("created_by")
        .order_by("-created_at", "-id")[:limit]
    )


def report_job(pk: int) -> Any:
    from voorrang.evaluation.jobs import KIND
    from voorrang.jobs.models import Job

    return Job.objects.filter(pk=pk, kind=KIND).select_related("created_by").first()


def report_of_job(job: Any) -> EvaluationReport | None:
    return EvaluationReport.objects.filter(job=job).defer("html", "pdf").first()


def report_job_step(job: Any) -> str:
    """What the build is doing, in words (the steps of evaluation/jobs.py)."""
    from voorrang.jobs.states import JobStatus

    if job.status != JobStatus.RUNNING:
        return ""
    return [
        _("Reading the data and drawing the charts"),
        _("Making the PDF"),
        _("Keeping the report"),
        _("Keeping the report"),
    ][min(job.progress_done, 3)]


def report_job_waiting_long(job: Any) -> bool:
    from django.utils import timezone

    from voorrang.jobs.states import JobStatus

    return (
        job.status == JobStatus.QUEUED and timezone.now() - job.created_at > WORKER_EXPECTED_WITHIN
    )
