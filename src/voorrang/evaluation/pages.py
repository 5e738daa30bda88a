"""What the evaluation pages and the report show of a theory of change: the diagram, the
text outline beside it, and the indicators with their figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.apps import apps
from django.db import models
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from voorrang import snapshots
from voorrang.evaluation import diagram, selectors
from voorrang.evaluation import theory as t
from voorrang.evaluation.charts import chart_svg
from voorrang.evaluation.figures import COMPUTATIONS, Figure, indicator_figure
from voorrang.evaluation.models import (
    AssumptionKind,
    ElementKind,
    EvidenceLevel,
    Indicator,
    SourceKind,
    TheoryOfChange,
)


@dataclass(frozen=True)
class OutlineElement:
    element: t.Element
    links: list[dict[str, Any]]
    assumptions: list[t.Assumption]
    working_elements: list[t.WorkingElement]
    indicators: list[t.Indicator]


def kind_labels() -> dict[str, str]:
    return {kind.value: str(kind.label).capitalize() for kind in ElementKind}


def diagram_svg(theory: t.Theory, *, id_prefix: str = "toc") -> SafeString:
    svg = diagram.draw(
        theory,
        kind_labels=kind_labels(),
        title=_("Theory of change: %(title)s") % {"title": theory.title},
        description=diagram.describe(
            theory,
            leads_to=_("%(source)s leads to %(target)s")
            % {"source": "{source}", "target": "{target}"},
        ),
        id_prefix=id_prefix,
    )
    return mark_safe(svg)  # noqa: S308 - every text in it is escaped by diagram.draw


def outline(theory: t.Theory) -> list[tuple[str, list[OutlineElement]]]:
    """The theory as text, column by column: each element with the links leaving it (with
    their rationale and evidence), its assumptions, working elements and indicators."""
    titles = {e.key: e.title for e in theory.elements}
    evidence = dict(EvidenceLevel.choices)
    labels = kind_labels()
    out = []
    for kind in t.ELEMENT_KINDS:
        elements = [e for e in theory.elements if e.kind == kind]
        if not elements:
            continue
        items = []
        for e in elements:
            links = [
                {
                    "target": titles[k.target],
                    "rationale": k.rationale,
                    "evidence": evidence.get(k.evidence, k.evidence),
                    "assumptions": [
                        a for a in theory.assumptions if a.link == (k.source, k.target)
                    ],
                }
                for k in theory.links
                if k.source == e.key
            ]
            items.append(
                OutlineElement(
                    element=e,
                    links=links,
                    assumptions=[a for a in theory.assumptions if a.element == e.key],
                    working_elements=[w for w in theory.working_elements if w.element == e.key],
                    indicators=[i for i in theory.indicators if i.element == e.key],
                )
            )
        out.append((labels[kind], items))
    return out


def assumption_kind(kind: str) -> str:
    return str(dict(AssumptionKind.choices).get(kind, kind))


@dataclass(frozen=True)
class IndicatorView:
    indicator: Indicator
    figure: Figure | None
    chart: SafeString | None
    caption_id: str
    source: str


def source_text(indicator: Indicator) -> str:
    if indicator.source_kind == SourceKind.COMPUTED:
        computation = COMPUTATIONS.get(indicator.computation)
        name = str(computation.title) if computation is not None else indicator.computation
        return _("computed from Voorrang's records (%(name)s)") % {"name": name}
    if indicator.source_kind == SourceKind.SURVEY:
        instrument, scale = survey_names(indicator)
        return _("the scale ‘%(scale)s’ of the questionnaire ‘%(instrument)s’") % {
            "scale": scale,
            "instrument": instrument,
        }
    return _("entered or imported by staff")


def survey_names(indicator: Indicator) -> tuple[str, str]:
    """The names of a survey indicator's questionnaire and scale in the active language; its
    codes when the surveys app is not installed or does not know them."""
    if apps.is_installed("voorrang.surveys"):
        from voorrang.surveys.instruments import display_names

        names = display_names(
            indicator.survey_instrument, indicator.survey_scale, get_language() or "nl"
        )
        if names is not None:
            return names
    return indicator.survey_instrument, indicator.survey_scale


def indicator_views(
    toc: TheoryOfChange, as_of: date, *, charts: bool = True
) -> list[IndicatorView]:
    out = []
    for indicator in selectors.indicators_of(toc):
        figure = indicator_figure(indicator, as_of)
        caption_id = f"figure-{indicator.key}"
        chart = None
        if charts and figure is not None and not figure.empty:
            chart = mark_safe(chart_svg(figure, title_id=caption_id))  # noqa: S308 - matplotlib's own SVG
        out.append(
            IndicatorView(
                indicator=indicator,
                figure=figure,
                chart=chart,
                caption_id=caption_id,
                source=source_text(indicator),
            )
        )
    return out


def indicator_records() -> list[type[models.Model]]:
    """The models the indicators' figures are read from (evaluation.records, evaluation.track
    and the surveys' series): the lettings and publications, the stock they name, the
    targeted track, the surveys and the evaluation's own theories and observations. Not the
    responses, which change all day and no indicator reads."""
    from voorrang.allocation.models import Allocation, Vacancy

    record_models: list[type[models.Model]] = [Allocation, Vacancy]
    for label in ("housing", "evaluation", "commitments", "surveys"):
        if apps.is_installed(f"voorrang.{label}"):
            record_models += apps.get_app_config(label).get_models()
    return record_models


def indicator_sections(toc: TheoryOfChange | None, as_of: date) -> SafeString:
    """The indicators of ``toc`` with their figures as of ``as_of``, rendered once for each
    version of their records (voorrang.snapshots)."""
    if toc is None:
        return render_to_string("evaluation/_indicator_sections.html", {"views": []})
    return snapshots.kept_section(
        "indicators",
        key=(toc.pk, as_of, get_language()),
        record_models=indicator_records(),
        render=lambda: render_to_string(
            "evaluation/_indicator_sections.html", {"views": indicator_views(toc, as_of)}
        ),
    )


def _warm_indicators() -> None:
    """The indicators page as a visitor first sees it: the first theory, today."""
    from django.utils import timezone

    toc = selectors.chosen_theory(None)
    if toc is not None:
        today = timezone.localdate()
        snapshots.in_each_language(lambda: indicator_sections(toc, today))


snapshots.register_warmer("indicators", record_models=indicator_records, warm=_warm_indicators)
