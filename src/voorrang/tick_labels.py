"""Numbers on chart axes as the reader writes them: ``0,25`` and ``1.500`` in Dutch, ``0.25``
and ``1,500`` in English; years as years (``2021``: never ``2.021`` or ``2020.5``); months
by their names in the reader's language.

matplotlib's own formatter always writes a decimal point, and its locale option reads the
process's C locale, which differs between machines; this one is given the separators, so the
same numbers and language give the same labels everywhere. Pure: no Django, no locale."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from matplotlib.axis import Axis
from matplotlib.dates import MonthLocator, YearLocator, num2date
from matplotlib.ticker import FixedFormatter, FixedLocator, Formatter, MaxNLocator

MAX_DECIMALS = 6


def decimals_for(values: Sequence[float]) -> int:
    """The fewest decimals that write every value exactly (up to float noise)."""
    for decimals in range(MAX_DECIMALS + 1):
        if all(
            math.isclose(round(v, decimals), v, rel_tol=0, abs_tol=10 ** -(decimals + 6))
            for v in values
        ):
            return decimals
    return MAX_DECIMALS


def format_number(value: float, decimals: int, *, decimal: str, thousands: str) -> str:
    """``value`` with ``decimals`` decimals, its whole part grouped by three."""
    text = f"{abs(value):,.{decimals}f}"
    if float(text.replace(",", "")) == 0:
        return text.replace(",", thousands).replace(".", decimal)  # no "-0"
    text = text.replace(",", "\0").replace(".", decimal).replace("\0", thousands)
    return f"-{text}" if value < 0 else text


class LocalisedTicks(Formatter):
    """Tick labels with the language's decimal and thousands separators; as many decimals as
    the ticks of the axis need, the same for all of them."""

    def __init__(self, *, decimal: str, thousands: str) -> None:
        self.decimal = decimal
        self.thousands = thousands
        self.decimals = 0

    def set_locs(self, locs: Sequence[float]) -> None:
        super().set_locs(locs)
        self.decimals = decimals_for(list(locs))

    def __call__(self, x: float, pos: int | None = None) -> str:
        return format_number(x, self.decimals, decimal=self.decimal, thousands=self.thousands)


class YearTicks(Formatter):
    """A tick on a year axis written as the year; a tick between two years gets no label."""

    def __call__(self, x: float, pos: int | None = None) -> str:
        return str(round(x)) if math.isclose(x, round(x), abs_tol=1e-9) else ""


MOST_TICKS = 12


def year_axis(axis: Axis, years: Sequence[int] | None = None, *, offset: float = 0.0) -> None:
    """Make ``axis`` a year axis: ticks at whole years only, each written as its year. With
    ``years`` (one bar or group of bars per year, centred ``offset`` from the year's
    position), a tick under each of them, at most ``MOST_TICKS`` labelled; without, ticks
    at whole numbers chosen by matplotlib."""
    if years is None:
        axis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
        axis.set_major_formatter(YearTicks())
        return
    years = sorted(years)
    step = max(1, math.ceil(len(years) / MOST_TICKS))
    shown = years[::step]
    axis.set_major_locator(FixedLocator([year + offset for year in shown]))
    axis.set_major_formatter(FixedFormatter([str(year) for year in shown]))


class MonthTicks(Formatter):
    """A tick on a time axis as its month's name and year (``jan 2022``), or as the year
    alone on an axis ticked once a year or less often. ``names`` are the twelve month names
    (January first) in the reader's language."""

    def __init__(self, names: Sequence[str], *, yearly: bool = False) -> None:
        if len(names) != 12:
            raise ValueError("give the names of the twelve months")
        self.names = list(names)
        self.yearly = yearly

    def __call__(self, x: float, pos: int | None = None) -> str:
        day = num2date(x)
        if self.yearly:
            return str(day.year)
        return f"{self.names[day.month - 1]} {day.year}"


def month_axis(axis: Axis, first: date, last: date, names: Sequence[str]) -> None:
    """Make ``axis``, a time axis from the month of ``first`` to that of ``last``, show the
    first of a month at most ``MOST_TICKS / 2`` times, by the months' ``names``: every 1, 2,
    3, 4 or 6 months, or once a year or every few years for longer periods."""
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    most = MOST_TICKS // 2
    for interval in (1, 2, 3, 4, 6):
        if math.ceil(months / interval) <= most:
            axis.set_major_locator(MonthLocator(bymonth=range(1, 13, interval), bymonthday=1))
            axis.set_major_formatter(MonthTicks(names))
            return
    years = math.ceil(months / 12 / most)
    axis.set_major_locator(YearLocator(base=years, month=1, day=1))
    axis.set_major_formatter(MonthTicks(names, yearly=True))
