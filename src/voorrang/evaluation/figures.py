"""The registry of computed indicators, and each indicator's figure: its numbers as a table
(periods down, groups across), ready for a chart, a page or the report.

A computed indicator names one entry of ``COMPUTATIONS``; an entered one reads its
observations; a survey one asks the surveys app (when installed) for its scale's series."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.apps import apps
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from voorrang.evaluation import computations as c
from voorrang.evaluation import records
from voorrang.evaluation.models import Indicator, SourceKind

# Start of the targeted track in Zeist: December 2021 (see the policy files' sources).
TRACK_START = date(2021, 12, 1)
# Below this number of records behind a value (people, tenancies, lettings), the value is
# not shown: too few to say anything, and too few to protect those behind it.
SMALL = 5

GROUP_LABELS: dict[str, Any] = {
    "published": _("vacancies published"),
    "targeted_vacancies": _("targeted by the quota"),
    "targeted_lettings": _("let through the targeted track"),
    "quota": _("quota (share, at most the cap)"),
    "targeted": _("targeted"),
    "regular": _("regular"),
}


@dataclass(frozen=True)
class Figure:
    key: str
    title: str
    unit: str
    period_label: str
    periods: tuple[str, ...]
    groups: tuple[str, ...]
    # (period, group) -> (value or None, n)
    cells: dict[tuple[str, str], tuple[float | None, int]]
    # Whether a value is an average or share of few records, hidden below SMALL.
    suppress_small: bool
    chart: str = "line"  # or "bar"
    note: str = ""

    def rows(self) -> list[tuple[str, list[tuple[float | None, int, bool]]]]:
        """Table rows: the period, then per group (value, n, hidden)."""
        out = []
        for period in self.periods:
            cells = []
            for group in self.groups:
                value, n = self.cells.get((period, group), (None, 0))
                hidden = self.suppress_small and value is not None and 0 < n < SMALL
                cells.append((None if hidden else value, n, hidden))
            out.append((period, cells))
        return out

    @property
    def empty(self) -> bool:
        return not self.cells


def period_in_words(label: object, *, short: bool = False) -> str:
    """A figure's period as the active language writes it: a month ("2022-01") as "januari
    2022" ("jan 2022" on a chart's axis), a span of dates ("2022-01-01/2022-06-30") as
    "1 januari 2022 – 30 juni 2022"; a year or a number of months as it is."""
    text = str(label)
    if re.fullmatch(r"\d{4}-\d{2}", text):
        year, month = map(int, text.split("-"))
        return date_format(date(year, month, 1), "N Y" if short else "F Y")
    if re.fullmatch(r"\d{4}-Q[1-4]", text):
        year, quarter = text.split("-Q")
        form = (
            _("Q%(quarter)s %(year)s")
            if short
            else pgettext_lazy("a quarter in full", "Q%(quarter)s %(year)s")
        )
        return str(form) % {"quarter": quarter, "year": year}
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}/\d{4}-\d{2}-\d{2}", text):
        start, end = (date.fromisoformat(part) for part in text.split("/"))
        form = "N Y" if short else "j F Y"
        return f"{date_format(start, form)} – {date_format(end, form)}"
    return text


def _label(group: tuple[str, ...]) -> str:
    return " · ".join(str(GROUP_LABELS.get(part, part)) for part in group if part)


def figure_from_points(
    points: list[c.Point],
    *,
    key: str,
    title: str,
    unit: str,
    period_label: str,
    suppress_small: bool,
    chart: str = "line",
    note: str = "",
    period_order: Sequence[str] | None = None,
) -> Figure:
    """The points as a figure; its periods in ``period_order`` when given (labels that do not
    sort by themselves), else numbers by value and names alphabetically."""
    if period_order is not None:
        periods = tuple(period_order)
    else:
        periods = tuple(sorted({p.period for p in points}, key=_period_order))
    groups: list[str] = []
    cells = {}
    for p in points:
        label = _label(p.group)
        if label not in groups:
            groups.append(label)
        cells[p.period, label] = (p.value, p.n)
    return Figure(
        key=key,
        title=title,
        unit=unit,
        period_label=period_label,
        periods=periods,
        groups=tuple(groups),
        cells=cells,
        suppress_small=suppress_small,
        chart=chart,
        note=note,
    )


def _period_order(period: str) -> tuple[int, str]:
    return (int(period), "") if period.isdigit() else (0, period)


@dataclass(frozen=True)
class Computation:
    title: Any
    unit: Any
    period_label: Any
    compute: Callable[[date], list[c.Point]]
    suppress_small: bool
    chart: str = "line"
    note: Any = ""


def _targeted_against_quota(as_of: date) -> list[c.Point]:
    publications = records.publications(as_of)
    lettings = records.lettings(as_of)
    years = {p.published_on.year for p in publications} | {x.let_on.year for x in lettings}
    return c.targeted_allocations_against_quota(
        publications, lettings, records.quotas(years), as_of=as_of
    )


def _days_to_let(as_of: date) -> list[c.Point]:
    return c.days_to_let(
        [x for x in records.lettings(as_of) if x.let_on >= TRACK_START], as_of=as_of
    )


def _still_living_there(as_of: date) -> list[c.Point]:
    stays = c.tenancies(records.lettings(as_of), since=TRACK_START, as_of=as_of)
    return c.still_living_there(stays, as_of=as_of)


COMPUTATIONS: dict[str, Computation] = {
    "targeted_allocations_against_quota": Computation(
        title=_("Targeted allocations per year against the quota"),
        unit=_("vacancies"),
        period_label=_("year"),
        compute=_targeted_against_quota,
        suppress_small=False,
        chart="bar",
        note=_(
            "Vacancies of the designated buildings by year of publication; targeted lettings "
            "by year of letting. The quota is the year's share of the vacancies published, "
            "rounded up, and at most the yearly cap of that year's policy."
        ),
    ),
    "days_to_let": Computation(
        title=_("Days to let"),
        unit=_("days (median)"),
        period_label=_("quarter"),
        compute=_days_to_let,
        suppress_small=True,
        note=_(
            "Days from publication of the vacancy to the letting, median per quarter of "
            "letting, targeted and regular vacancies apart."
        ),
    ),
    "tenancy_duration": Computation(
        title=_("New tenants still living in their home"),
        unit=_("share"),
        period_label=_("months after moving in"),
        compute=_still_living_there,
        suppress_small=True,
        chart="bar",
        note=_(
            "Kaplan-Meier estimate for the new tenants of the designated buildings since "
            "December 2021, targeted against regular. A tenancy ends when the home is "
            "published again; tenancies still running are counted up to the data date. "
            "Months are calendar months: 6 months after 31 August is 28 February. "
            "n is the number of tenancies observed that long."
        ),
    ),
}


def register(name: str, computation: Computation) -> None:
    """Add a computation (the targeted track's indicators add theirs when installed)."""
    COMPUTATIONS[name] = computation


def computation_names() -> frozenset[str]:
    return frozenset(COMPUTATIONS)


def survey_series(indicator: Indicator, as_of: date) -> tuple[list[c.Point], list[str]] | None:
    """The survey scale's means per building and wave, all cohorts together, as the
    indicators define them (small cells already suppressed there, in one plan with the
    report's survey section), with its waves in time order; None when the surveys app is not
    installed. Targeted buildings are named so; no figure pools them with comparison ones."""
    if not apps.is_installed("voorrang.surveys"):
        return None
    from voorrang.surveys.report import ALL, scale_series

    rows = scale_series(
        instrument=indicator.survey_instrument, scale=indicator.survey_scale, as_of=as_of
    )
    rows = sorted((row for row in rows if row["cohort"] == ALL), key=lambda row: row["wave"])
    points = [
        c.Point(
            str(row["wave_label"]),
            (
                _("%(building)s (targeted)") % {"building": row["building"]}
                if row["treated"]
                else str(row["building"]),
            ),
            None if row.get("mean") is None else float(row["mean"]),
            int(row.get("n") or 0),
        )
        for row in sorted(rows, key=lambda row: (not row["treated"], row["building"]))
    ]
    return points, list(dict.fromkeys(str(row["wave_label"]) for row in rows))


def indicator_figure(indicator: Indicator, as_of: date) -> Figure | None:
    """The figure of one indicator as of a date (None when it has no source of numbers
    here, such as a survey indicator without the surveys app)."""
    if indicator.source_kind == SourceKind.COMPUTED:
        computation = COMPUTATIONS.get(indicator.computation)
        if computation is None:
            return None
        return figure_from_points(
            computation.compute(as_of),
            key=indicator.key,
            title=indicator.name,
            unit=indicator.unit or str(computation.unit),
            period_label=str(computation.period_label),
            suppress_small=computation.suppress_small,
            chart=computation.chart,
            note=str(computation.note),
        )
    if indicator.source_kind == SourceKind.SURVEY:
        series = survey_series(indicator, as_of)
        if series is None:
            return None
        points, waves = series
        return figure_from_points(
            points,
            key=indicator.key,
            title=indicator.name,
            unit=indicator.unit,
            period_label=str(_("wave")),
            suppress_small=True,
            period_order=waves,
        )
    return figure_from_points(
        c.series_per_period(records.observations(indicator.pk, as_of)),
        key=indicator.key,
        title=indicator.name,
        unit=indicator.unit,
        period_label=str(_("period")),
        suppress_small=False,
        note=indicator.data_source,
    )


def _register_track() -> None:
    from voorrang.evaluation.track import register_track_computations

    register_track_computations()


_register_track()
