"""The survey part of the evaluation report, and the survey series that indicators read.

``section(as_of=...)`` is the context of ``surveys/report_section.html``;
``scale_series(...)`` gives one scale's means per building, wave and cohort. Both suppress
every cell of fewer than ``analysis.MIN_CELL`` respondents (its n, mean and interval are
None), and the cells that would give one away, with one plan for both
(voorrang.surveys.disclosure); ``scale_did`` gives the difference-in-differences over
everyone and over the incumbents (voorrang.surveys.did)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.apps import apps
from django.template.loader import render_to_string
from django.utils.formats import get_format, number_format
from django.utils.safestring import SafeString
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from voorrang import snapshots
from voorrang.surveys import analysis, charts, disclosure, selectors
from voorrang.surveys import did as did_module
from voorrang.surveys.instruments import Instrument, Scale, instrument, library
from voorrang.surveys.models import Cohort
from voorrang.surveys.scoring import item_matrix
from voorrang.surveys.wave_months import wave_label

ALL = "all"
COHORT_ORDER = [*Cohort.values, ALL]


def _cohort_label(code: str) -> str:
    return _("all cohorts") if code == ALL else str(Cohort(code).label)


def _cells(
    responses: Iterable[selectors.Response], scale: str, *, by_building: bool
) -> dict[tuple[str, int, str], list[float]]:
    """Scores by (building or ALL, wave, cohort or ALL)."""
    cells: dict[tuple[str, int, str], list[float]] = defaultdict(list)
    for response in responses:
        score = response.scores.get(scale)
        if score is None:
            continue
        place = response.building if by_building else ALL
        cells[(place, response.wave, response.cohort)].append(score)
        cells[(place, response.wave, ALL)].append(score)
    return cells


def _hidden(cells: dict[tuple[str, int, str], list[float]]) -> set[tuple[str, int, str]]:
    """The cells to suppress, planned over every table that shows them together
    (voorrang.surveys.disclosure): the cohorts of each building and wave with their total.
    The section, the results page and the indicators all show these same cells, so no group
    under the minimum can be seen or worked out by differencing one against another. (The
    number of questionnaires is guarded in ``section``.)"""
    counts: dict[object, int] = {key: len(values) for key, values in cells.items()}
    parts: dict[tuple[str, int], list[tuple[str, int, str]]] = defaultdict(list)
    for place, wave, cohort in cells:
        if cohort != ALL:
            parts[(place, wave)].append((place, wave, cohort))
    relations = [
        disclosure.Relation((place, wave, ALL), tuple(sorted(cohorts)))
        for (place, wave), cohorts in sorted(parts.items())
    ]
    return disclosure.plan(counts, relations)


def _row(
    key: tuple[str, int, str],
    values: list[float],
    seed_key: tuple,
    *,
    hidden: bool = False,
    names: dict[tuple[str, int], str] | None = None,
) -> dict[str, Any]:
    """One cell's row; its wave is called by the building's own name of the wave where
    ``names`` has it, else by its months after the baseline."""
    building, wave, cohort = key
    if hidden:
        summary = analysis.suppressed_summary()
    else:
        summary = analysis.summarise(values, seed=analysis.seed_for(*seed_key, *key))
    return {
        "building": building,
        "wave": wave,
        "wave_label": (names or {}).get((building, wave)) or wave_label(wave),
        "cohort": cohort,
        "cohort_label": _cohort_label(cohort),
        **summary.as_dict(),
    }


def scale_series(
    *, instrument: str, scale: str, building_id: int | None = None, as_of: date | None = None
) -> list[dict[str, Any]]:
    """Per building, wave and cohort (and 'all' cohorts): building, treated, n, mean, ci_low,
    ci_high, suppressed; only one building's rows with ``building_id``; only questionnaires
    completed on or before ``as_of`` when it is given. Never pooled over buildings, so never
    over targeted and comparison buildings together; suppressed exactly as in the survey
    section of the same date (one plan over every building), so that a report showing both
    lets no one work out a hidden group by differencing one against the other."""
    questionnaire = _instrument(instrument)
    questionnaire.scale(scale)  # KeyError for an unknown scale
    responses = selectors.responses(as_of=as_of, instrument_code=instrument)
    cells = _cells(responses, scale, by_building=True)
    hidden = _hidden(cells)
    ids = {r.building: r.building_id for r in responses}
    treated = {r.building for r in responses if r.treated}
    rows = []
    for key in sorted(cells, key=lambda k: (k[0], k[1], COHORT_ORDER.index(k[2]))):
        if building_id is not None and ids[key[0]] != building_id:
            continue
        row = _row(key, cells[key], (instrument, scale), hidden=key in hidden)
        rows.append(
            {
                "building": row["building"],
                "treated": row["building"] in treated,
                "wave": row["wave"],
                "wave_label": row["wave_label"],
                "cohort": row["cohort"],
                "cohort_label": row["cohort_label"],
                "n": row["n"],
                "mean": row["mean"],
                "ci_low": row["ci_low"],
                "ci_high": row["ci_high"],
                "suppressed": row["suppressed"],
            }
        )
    return rows


def _instrument(code: str) -> Instrument:
    return instrument(code)


def _scale_part(
    questionnaire: Instrument,
    scale: Scale,
    responses: list[selectors.Response],
    language: str,
    tally: dict[str, Any],
) -> dict[str, Any]:
    mine = [r for r in responses if r.instrument == questionnaire.code]
    seed_key = (questionnaire.code, scale.code)
    cells = _cells(mine, scale.code, by_building=True)
    hidden = _hidden(cells)
    names = {(r.building, r.wave): r.wave_label for r in mine}
    rows = [
        _row(key, cells[key], seed_key, hidden=key in hidden, names=names)
        for key in sorted(cells, key=lambda k: (k[0], k[1], COHORT_ORDER.index(k[2])))
    ]
    tally["suppressed"] += sum(1 for row in rows if row["suppressed"])
    shown = [row for row in rows if not row["suppressed"]]
    tally["small"] += sum(1 for row in shown if row["small"] and not row["constant"])
    tally["constant"] += sum(1 for row in shown if row["constant"])
    name = scale.name(language)

    alpha = analysis.cronbach_alpha(item_matrix(questionnaire, scale, [r.answers for r in mine]))

    did, incumbents = scale_did(questionnaire.code, scale.code, mine, hidden)
    if did.estimate is not None and did.smallest_p is not None and did.smallest_p > 0.05:
        tally["limits"].add((did.buildings, did.treated_buildings, did.smallest_p))
    if did.dropped_cells:
        tally["dropped"].append((name, did.dropped_cells))

    chart_rows = [row for row in rows if row["cohort"] == ALL]
    treated = {r.building for r in mine if r.treated}
    points = [
        charts.Point(
            _("%(building)s (targeted)") % {"building": row["building"]}
            if row["building"] in treated
            else row["building"],
            row["wave"],
            row["mean"],
            row["ci_low"],
            row["ci_high"],
        )
        for row in chart_rows
    ]
    waves = sorted({row["wave"] for row in rows}) or [0]
    description = _(
        "%(scale)s per building and wave, all cohorts, with 95%% intervals. The numbers are "
        "in the table below."
    ) % {"scale": name}
    svg = charts.line_chart_svg(
        points,
        title=name,
        x_label=_("Wave (months after baseline)"),
        y_label=_("Mean score"),
        x_ticks=[(w, str(w)) for w in waves],
        y_range=(scale.min, scale.max),
        description=description,
        decimal=get_format("DECIMAL_SEPARATOR"),
        thousands=get_format("THOUSAND_SEPARATOR"),
    )
    return {
        "instrument": questionnaire.code,
        "scale": scale.code,
        "name": name,
        "higher_is": scale.higher_is,
        "rows": rows,
        "alpha": {
            "alpha": alpha.alpha,
            "ci_low": alpha.ci_low,
            "ci_high": alpha.ci_high,
            "n": alpha.n,
            "items": alpha.items,
            "suppressed": alpha.suppressed,
        },
        "did": did_view(did),
        "did_incumbents": did_view(incumbents),
        "chart": {"svg": svg, "description": description, "rows": chart_rows},
    }


def scale_did(
    instrument_code: str,
    scale_code: str,
    responses: Iterable[selectors.Response],
    hidden: set[tuple[str, int, str]],
) -> tuple[analysis.DidResult, analysis.DidResult]:
    """The scale's difference-in-differences over every cohort, and over the incumbents only
    (residents before the baseline: newcomers arrive after it, so a pooled change mixes who
    lives there with what changed for them). Each leaves out the building-wave cells the
    tables do not show, so its number of answers gives nothing away that they hide."""
    observations = [
        analysis.Observation(r.building, r.wave, r.treated, r.scores[scale_code], r.cohort)
        for r in responses
        if r.scores.get(scale_code) is not None
    ]
    seed = analysis.seed_for(instrument_code, scale_code)
    pooled = analysis.difference_in_differences(
        observations, seed=seed, withheld={(b, w) for b, w, c in hidden if c == ALL}
    )
    incumbents = analysis.difference_in_differences(
        [o for o in observations if o.cohort == Cohort.INCUMBENT],
        seed=seed,
        withheld={(b, w) for b, w, c in hidden if c == Cohort.INCUMBENT},
    )
    return pooled, incumbents


def did_results(*, as_of: date) -> list[tuple[str, str, str, analysis.DidResult]]:
    """Every scale's difference-in-differences as the report of ``as_of`` computes them:
    (instrument, scale, 'all' or 'incumbent', result), for the research export."""
    responses = selectors.responses(as_of=as_of)
    out = []
    for questionnaire in library().values():
        mine = [r for r in responses if r.instrument == questionnaire.code]
        for scale in questionnaire.scales:
            hidden = _hidden(_cells(mine, scale.code, by_building=True))
            pooled, incumbents = scale_did(questionnaire.code, scale.code, mine, hidden)
            out.append((questionnaire.code, scale.code, ALL, pooled))
            out.append((questionnaire.code, scale.code, str(Cohort.INCUMBENT), incumbents))
    return out


def _left_out_phrase(left: did_module.LeftOut) -> str:
    if left.why == did_module.NO_BASELINE:
        return _(
            "building %(building)s has no usable baseline (fewer than %(min)s respondents)"
        ) % {"building": left.building, "min": analysis.MIN_CELL}
    return _("building %(building)s has no later wave with %(min)s respondents or more") % {
        "building": left.building,
        "min": analysis.MIN_CELL,
    }


def not_estimable_reason(result: analysis.DidResult) -> str:
    """Why there is no estimate, in the active language."""
    if result.problem in (did_module.NO_TREATED, did_module.NO_COMPARISON):
        treated = result.problem == did_module.NO_TREATED
        gone = [x for x in result.left_out if x.treated == treated]
        if not gone:
            return (
                _("there is no targeted building")
                if treated
                else _("there is no comparison building")
            )
        why = "; ".join(_left_out_phrase(x) for x in gone)
        if treated:
            return ngettext(
                "%(why)s, so its treatment effect cannot be separated from the building",
                "%(why)s, so their treatment effect cannot be separated from the buildings",
                len(gone),
            ) % {"why": why}
        return _("%(why)s, so no comparison building is left to measure the common change") % {
            "why": why
        }
    if result.problem == did_module.NO_WAVES:
        return _("it needs a baseline wave and a later wave")
    return _("the effect cannot be separated from the building and wave effects")


def did_view(result: analysis.DidResult) -> dict[str, Any]:
    """A difference-in-differences as the section, the page and the export show it."""
    return {
        "estimable": result.estimate is not None,
        "estimate": result.estimate,
        "std_error": result.std_error,
        "p_value": result.p_value,
        "ri_low": result.ri_low,
        "ri_high": result.ri_high,
        "ri_bounded": result.ri_bounded,
        "assignments": result.assignments,
        "exact": result.exact,
        "smallest_p": result.smallest_p,
        "n": result.n,
        "buildings": result.buildings,
        "treated_buildings": result.treated_buildings,
        "dropped_cells": result.dropped_cells,
        "excluded_assignments": result.excluded_assignments,
        "reason": "" if result.estimate is not None else not_estimable_reason(result),
        "left_out": [_left_out_phrase(x) for x in result.left_out],
    }


def _warnings(tally: dict[str, Any]) -> list[str]:
    """The limits of the numbers, once each, in the order a reader needs them."""
    warnings = []
    if tally["suppressed"]:
        warnings.append(
            ngettext(
                "%(count)s figure in the tables is not shown, to protect groups of fewer "
                "than %(min)s respondents (also from being worked out from the totals).",
                "%(count)s figures in the tables are not shown, to protect groups of fewer "
                "than %(min)s respondents (also from being worked out from the totals).",
                tally["suppressed"],
            )
            % {"count": tally["suppressed"], "min": analysis.MIN_CELL}
        )
    if tally["small"]:
        warnings.append(
            ngettext(
                "%(count)s figure rests on fewer than %(small)s respondents (marked *). Its "
                "95%% interval is a t-interval, which assumes the scores are not far from "
                "normally distributed; with so few respondents only a large difference "
                "with another group can be told apart from chance.",
                "%(count)s figures rest on fewer than %(small)s respondents (marked *). Their "
                "95%% intervals are t-intervals, which assume the scores are not far from "
                "normally distributed; with so few respondents only a large difference "
                "with another group can be told apart from chance.",
                tally["small"],
            )
            % {"count": tally["small"], "small": analysis.SMALL_GROUP}
        )
    if tally["constant"]:
        warnings.append(
            ngettext(
                "In %(count)s figure every respondent gave the same score: it has no "
                "interval. That these respondents agreed does not make the mean certain; "
                "other residents may well score differently.",
                "In %(count)s figures every respondent gave the same score: they have no "
                "interval. That these respondents agreed does not make the mean certain; "
                "other residents may well score differently.",
                tally["constant"],
            )
            % {"count": tally["constant"]}
        )
    for buildings, treated, smallest in sorted(tally["limits"]):
        warnings.append(
            _(
                "With %(buildings)s buildings, of which %(treated)s targeted, the smallest "
                "possible p-value of the difference-in-differences is %(p)s: it cannot show "
                "a significant effect, however large."
            )
            % {"buildings": buildings, "treated": treated, "p": number_format(smallest, 2)}
        )
    for name, count in tally["dropped"]:
        warnings.append(
            ngettext(
                "%(scale)s: %(count)s building-wave group is not shown in the tables (fewer "
                "than %(min)s respondents, or it would give such a group away) and was left "
                "out of the difference-in-differences.",
                "%(scale)s: %(count)s building-wave groups are not shown in the tables (fewer "
                "than %(min)s respondents, or they would give such a group away) and were "
                "left out of the difference-in-differences.",
                count,
            )
            % {"scale": name, "count": count, "min": analysis.MIN_CELL}
        )
    return warnings


def section(*, as_of: date) -> dict[str, Any]:
    """The survey section of the evaluation report, from the answers completed on or before
    ``as_of``. The same data and date give the same section (charts included)."""
    language = get_language() or "nl"
    responses = selectors.responses(as_of=as_of)
    tally: dict[str, Any] = {
        "suppressed": 0,
        "small": 0,
        "constant": 0,
        "limits": set(),
        "dropped": [],
    }
    instruments = []
    scales = []
    for questionnaire in library().values():
        instruments.append(
            {
                "code": questionnaire.code,
                "version": questionnaire.version,
                "name": questionnaire.name(language),
                "sources": questionnaire.sources,
                "unconfirmed": questionnaire.unconfirmed(language),
                "items": [item.text(language) for item in questionnaire.items],
            }
        )
        for scale in questionnaire.scales:
            scales.append(_scale_part(questionnaire, scale, responses, language, tally))
    submissions = len({r.submission_id for r in responses})
    # The number of questionnaires less the rows a scale shows would give the number in its
    # hidden building-waves: when that is under the minimum, say only what the rows show.
    shown = [
        sum(row["n"] for row in part["rows"] if row["cohort"] == ALL and not row["suppressed"])
        for part in scales
        if any(row["cohort"] == ALL and row["suppressed"] for row in part["rows"])
    ]
    at_least = (
        max(shown)
        if any(0 < submissions - answered < analysis.MIN_CELL for answered in shown)
        else None
    )
    warnings = _warnings(tally)
    return {
        "as_of": as_of,
        "submissions": submissions,
        "submissions_at_least": at_least,
        "buildings": sorted({r.building for r in responses}),
        "treated_buildings": sorted({r.building for r in responses if r.treated}),
        "min_cell": analysis.MIN_CELL,
        "small_group": analysis.SMALL_GROUP,
        "resamples": analysis.RESAMPLES,
        "instruments": instruments,
        "scales": scales,
        "warnings": warnings,
    }


def render_section(*, as_of: date) -> str:
    """The section as HTML, for the results page, the report or its PDF."""
    return render_to_string("surveys/report_section.html", section(as_of=as_of))


def kept_section(*, as_of: date) -> SafeString:
    """The section as the results page shows it: rendered once for each version of the
    surveys' records and the buildings they name (voorrang.snapshots)."""
    return snapshots.kept_section(
        "survey-results",
        key=(as_of, get_language()),
        record_models=_section_records(),
        render=lambda: render_section(as_of=as_of),
    )


def _section_records() -> list[Any]:
    from voorrang.housing.models import Building

    return [*apps.get_app_config("surveys").get_models(), Building]


def _warm_section() -> None:
    """The results page as a visitor sees it: today."""
    from django.utils import timezone

    today = timezone.localdate()
    snapshots.in_each_language(lambda: kept_section(as_of=today))


snapshots.register_warmer("survey-results", record_models=_section_records, warm=_warm_section)
