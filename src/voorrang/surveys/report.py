"""The survey part of the evaluation report, and the survey series that indicators read.

``section(as_of=...)`` is the context of ``surveys/report_section.html``;
``scale_series(...)`` gives one scale's means per wave and cohort. Both suppress every cell
of fewer than ``analysis.MIN_CELL`` respondents (its n, mean and interval are None)."""

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
from voorrang.surveys import analysis, charts, selectors
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
    """The cells to suppress, per building and wave, so that the cohorts and their total
    never show (or let one derive) a group under the minimum."""
    tables: dict[tuple[str, int], dict[str, int]] = defaultdict(dict)
    for (place, wave, cohort), values in cells.items():
        tables[(place, wave)][cohort] = len(values)
    return {
        (place, wave, cohort)
        for (place, wave), counts in tables.items()
        for cohort in analysis.complementary_suppression(counts, ALL)
    }


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
    """Per wave and cohort (and 'all' cohorts): n, mean, ci_low, ci_high, suppressed; for one
    building or, without ``building_id``, for all buildings together; only questionnaires
    completed on or before ``as_of`` when it is given."""
    questionnaire = _instrument(instrument)
    questionnaire.scale(scale)  # KeyError for an unknown scale
    responses = [
        r
        for r in selectors.responses(as_of=as_of, instrument_code=instrument)
        if building_id is None or r.building_id == building_id
    ]
    cells = _cells(responses, scale, by_building=False)
    hidden = _hidden(cells)
    rows = []
    for key in sorted(cells, key=lambda k: (k[1], COHORT_ORDER.index(k[2]))):
        row = _row(key, cells[key], (instrument, scale, building_id or ALL), hidden=key in hidden)
        rows.append(
            {
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
    tally["small"] += sum(1 for row in rows if row["small"] and not row["suppressed"])
    name = scale.name(language)

    alpha = analysis.cronbach_alpha(item_matrix(questionnaire, scale, [r.answers for r in mine]))

    did = analysis.difference_in_differences(
        [
            analysis.Observation(r.building, r.wave, r.treated, r.scores[scale.code])
            for r in mine
            if r.scores.get(scale.code) is not None
        ],
        seed=analysis.seed_for(*seed_key),
    )
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
        "did": {
            "estimate": did.estimate,
            "std_error": did.std_error,
            "p_value": did.p_value,
            "assignments": did.assignments,
            "exact": did.exact,
            "smallest_p": did.smallest_p,
            "n": did.n,
            "buildings": did.buildings,
            "treated_buildings": did.treated_buildings,
            "dropped_cells": did.dropped_cells,
            "reason": did.reason,
        },
        "chart": {"svg": svg, "description": description, "rows": chart_rows},
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
                "%(count)s figure rests on fewer than %(small)s respondents (marked *): its "
                "interval is wide and differences with it are uncertain.",
                "%(count)s figures rest on fewer than %(small)s respondents (marked *): their "
                "intervals are wide and differences between them are uncertain.",
                tally["small"],
            )
            % {"count": tally["small"], "small": analysis.SMALL_GROUP}
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
                "%(scale)s: %(count)s building-wave group has fewer than %(min)s "
                "respondents and was left out of the difference-in-differences.",
                "%(scale)s: %(count)s building-wave groups have fewer than %(min)s "
                "respondents and were left out of the difference-in-differences.",
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
    tally: dict[str, Any] = {"suppressed": 0, "small": 0, "limits": set(), "dropped": []}
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
    warnings = _warnings(tally)
    return {
        "as_of": as_of,
        "submissions": submissions,
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
