"""The evaluation part of the demo: the Zeist theory of change, and a plausible imported
series (nuisance reports per building and month) so that the demo's report has something to
show beside the figures computed from the generated lettings."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from voorrang.evaluation.example import load_example
from voorrang.evaluation.models import Indicator, Observation
from voorrang.housing.models import Building

# The series starts a year before the targeted track, as a baseline.
SERIES_START = date(2020, 12, 1)
TRACK_START = date(2021, 12, 1)


def _months(start: date, end: date) -> list[tuple[date, date]]:
    out = []
    day = start
    while day <= end:
        following = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
        last = following - timedelta(days=1)
        if last <= end:
            out.append((day, last))
        day = following
    return out


def nuisance_per_month(
    *, building: str, units: int, designated: bool, months: list[tuple[date, date]], seed: int
) -> list[tuple[date, date, int]]:
    """Invented monthly counts: about 1.6 reports per 100 homes a month, falling by a fifth
    over two years in the designated building after the track starts; Poisson noise."""
    rnd = random.Random(f"{seed}-nuisance-{building}")  # noqa: S311 - demo data, not secret
    base = units * 0.016
    out = []
    for start, end in months:
        rate = base
        if designated and start >= TRACK_START:
            years = min(2.0, (start - TRACK_START).days / 365.25)
            rate = base * (1 - 0.1 * years)
        # Poisson by counting exponential gaps (random has no Poisson draw).
        count, total = 0, rnd.expovariate(1.0)
        while total < rate:
            count += 1
            total += rnd.expovariate(1.0)
        out.append((start, end, count))
    return out


def add_evaluation(*, seed: int, today: date) -> None:
    """Load the example theory of change, in the installation's language, and fill its
    entered nuisance indicator."""
    toc = load_example()
    indicator = Indicator.objects.get(theory=toc, key="nuisance-reports")
    months = _months(SERIES_START, today)
    rows = []
    for building in Building.objects.order_by("name"):
        units = building.units.count()
        if not units:
            continue
        for start, end, count in nuisance_per_month(
            building=building.name,
            units=units,
            designated=building.designated,
            months=months,
            seed=seed,
        ):
            rows.append(
                Observation(
                    indicator=indicator,
                    period_start=start,
                    period_end=end,
                    building=building,
                    value=Decimal(count),
                    note="demo",
                )
            )
    Observation.objects.bulk_create(rows)
