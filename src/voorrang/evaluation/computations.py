"""Indicators computed from the records: pure functions of plain values (no Django).

Each returns ``Point``s: a period (``2022``, ``2022-Q1``, ``2022-03`` or a duration such as
``12``), a group (a tuple of codes, e.g. ``("L-flat", "targeted")``), a value and the number of
records behind it. Readers in ``evaluation.records`` turn database rows into the inputs."""

from __future__ import annotations

import statistics
from calendar import monthrange
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from math import ceil

TARGETED_TIER = "commitment"


@dataclass(frozen=True)
class Point:
    period: str
    group: tuple[str, ...]
    value: float | None
    n: int


@dataclass(frozen=True)
class Letting:
    """One allocation: a unit let to a new tenant."""

    unit: int
    building: str
    designated: bool
    targeted_vacancy: bool
    tier: str  # the tier of the new tenant in the ranking; 'commitment' is the targeted track
    published_on: date | None
    let_on: date

    @property
    def targeted_tenant(self) -> bool:
        return self.tier == TARGETED_TIER


@dataclass(frozen=True)
class Publication:
    """A vacancy of a designated building as published: was it targeted by the quota?"""

    building: str
    published_on: date
    targeted: bool


@dataclass(frozen=True)
class Quota:
    """The quota of a year's policy: the share of vacancies targeted and the yearly cap."""

    share: Fraction
    cap: int | None


def year(day: date) -> str:
    return f"{day.year}"


def quarter(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def month(day: date) -> str:
    return f"{day.year}-{day.month:02d}"


def months_between(start: date, end: date) -> list[str]:
    """Every month from ``start`` to ``end``, both included."""
    out = []
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        out.append(f"{y}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def quota_allowed(published: int, quota: Quota) -> int:
    """How many of ``published`` vacancies the quota targets: the share, rounded up (the
    n-th vacancy is targeted when ceil(n x share) exceeds those targeted before it, as in
    voorrang.rules.quota), and never above the cap."""
    allowed = ceil(published * quota.share)
    return allowed if quota.cap is None else min(allowed, quota.cap)


def targeted_allocations_against_quota(
    publications: Iterable[Publication],
    lettings: Iterable[Letting],
    quotas: dict[int, Quota],
    *,
    as_of: date,
) -> list[Point]:
    """Per designated building and year of letting: vacancies published, targeted by the quota,
    let to a targeted-track tenant, and what the quota allowed (share and cap)."""
    published: dict[tuple[str, int], int] = defaultdict(int)
    labelled: dict[tuple[str, int], int] = defaultdict(int)
    let: dict[tuple[str, int], int] = defaultdict(int)
    buildings: set[str] = set()
    for p in publications:
        if p.published_on <= as_of:
            published[p.building, p.published_on.year] += 1
            labelled[p.building, p.published_on.year] += p.targeted
            buildings.add(p.building)
    for x in lettings:
        if x.designated and x.let_on <= as_of:
            buildings.add(x.building)
            if x.targeted_tenant:
                let[x.building, x.let_on.year] += 1
    years = sorted({y for _, y in published} | {y for _, y in let})
    points = []
    for building in sorted(buildings):
        for y in years:
            n = published[building, y]
            quota = quotas.get(y)
            points += [
                Point(str(y), (building, "published"), float(n), n),
                Point(str(y), (building, "targeted_vacancies"), float(labelled[building, y]), n),
                Point(str(y), (building, "targeted_lettings"), float(let[building, y]), n),
            ]
            if quota is not None:
                points.append(Point(str(y), (building, "quota"), float(quota_allowed(n, quota)), n))
    return points


def days_to_let(lettings: Iterable[Letting], *, as_of: date) -> list[Point]:
    """Median days from publication to letting, per building, quarter of letting and kind of
    vacancy (targeted or regular)."""
    days: dict[tuple[str, tuple[str, ...]], list[int]] = defaultdict(list)
    for x in lettings:
        if x.published_on is None or x.let_on > as_of:
            continue
        kind = "targeted" if x.targeted_vacancy else "regular"
        days[quarter(x.let_on), (x.building, kind)].append((x.let_on - x.published_on).days)
    return [
        Point(period, group, float(statistics.median(values)), len(values))
        for (period, group), values in sorted(days.items())
    ]


@dataclass(frozen=True)
class Tenancy:
    """A new tenant's stay: from the letting to the next publication of the same home, or
    still running (``ended_on`` None) on the day of the figures."""

    group: str  # 'targeted' or 'regular'
    building: str
    started_on: date
    ended_on: date | None


def tenancies(lettings: Sequence[Letting], *, since: date, as_of: date) -> list[Tenancy]:
    """The tenancies of the designated buildings' new tenants let from ``since``. A tenancy
    ends when its home is published again: the records hold no move-out date, and a home is
    published once its tenant has given notice."""
    by_unit: dict[int, list[Letting]] = defaultdict(list)
    for x in lettings:
        if x.let_on <= as_of:
            by_unit[x.unit].append(x)
    out = []
    for unit_lettings in by_unit.values():
        unit_lettings.sort(key=lambda x: x.let_on)
        for this, following in zip(unit_lettings, [*unit_lettings[1:], None], strict=True):
            if not this.designated or this.let_on < since:
                continue
            ended = None
            if following is not None:
                ended = following.published_on or following.let_on
                if ended < this.let_on:
                    ended = this.let_on
            out.append(
                Tenancy(
                    group="targeted" if this.targeted_tenant else "regular",
                    building=this.building,
                    started_on=this.let_on,
                    ended_on=ended,
                )
            )
    return out


def add_months(day: date, months: int) -> date:
    """The same day ``months`` calendar months later; the month's last day when it is shorter
    (31 August + 6 months is 28 February)."""
    index = day.year * 12 + day.month - 1 + months
    year_, month_ = divmod(index, 12)
    month_ += 1
    return date(year_, month_, min(day.day, monthrange(year_, month_)[1]))


def calendar_months(start: date, end: date) -> float:
    """The time from ``start`` to ``end`` in calendar months: the whole months k for which
    ``add_months(start, k)`` is on or before ``end``, and the part of the next month gone by.
    A duration is at least k months exactly when ``end`` is on or after the date k calendar
    months after ``start``, whatever the lengths of the months between (not so with months of
    30.4375 days, which put 1 January + 6 months on 2 July)."""
    whole = (end.year - start.year) * 12 + end.month - start.month
    while whole > 0 and add_months(start, whole) > end:
        whole -= 1
    while add_months(start, whole + 1) <= end:
        whole += 1
    since = add_months(start, whole)
    following = add_months(start, whole + 1)
    return whole + (end - since).days / (following - since).days


def still_living_there(
    stays: Iterable[Tenancy], *, as_of: date, at_months: Sequence[int] = (6, 12, 24)
) -> list[Point]:
    """Kaplan-Meier estimate of the share of new tenants still living in their home after
    6, 12 and 24 calendar months, targeted against regular; tenancies still running are
    censored on ``as_of``. Durations are in calendar months (``calendar_months``), so "after 6
    months" is the date 6 calendar months after the letting. ``n`` is the number of tenancies
    observed at least that long (at risk)."""
    from statsmodels.duration.survfunc import SurvfuncRight

    groups: dict[str, list[Tenancy]] = defaultdict(list)
    for stay in stays:
        groups[stay.group].append(stay)
    points = []
    for group in sorted(groups):
        durations = [calendar_months(s.started_on, s.ended_on or as_of) for s in groups[group]]
        ended = [int(s.ended_on is not None) for s in groups[group]]
        fit = SurvfuncRight(durations, ended) if any(durations) else None
        for m in at_months:
            at_risk = sum(1 for d in durations if d >= m)
            if fit is None or at_risk == 0:
                points.append(Point(str(m), (group,), None, at_risk))
                continue
            times = fit.surv_times
            probs = fit.surv_prob
            value = 1.0
            for t, p in zip(times, probs, strict=True):
                if t <= m:
                    value = float(p)
            points.append(Point(str(m), (group,), value, at_risk))
    return points


def series_per_period(
    observations: Iterable[tuple[date, date, str, float]],
) -> list[Point]:
    """Entered or imported values: one point per period (its start month) and building."""
    points = []
    for start, end, building, value in sorted(observations):
        period = (
            month(start)
            if (start.year, start.month) == (end.year, end.month)
            else (f"{start.isoformat()}/{end.isoformat()}")
        )
        points.append(Point(period, (building,), float(value), 1))
    return points
