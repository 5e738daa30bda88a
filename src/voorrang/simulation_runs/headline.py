"""The headline of a compared run in words, for the top of its page: how many more (or
fewer) targeted lettings a year the changed policy gives than the policy in force, and how
much longer (or shorter) the regular seekers' median registration time at letting is.

Read from the run's own table of differences (``comparison.csv``: changed minus in force,
paired by replication, the mean with the 2.5th and 97.5th percentiles), never computed
again: the headline's numbers are that table's, rounded (and for registration times in
months instead of years)."""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from fractions import Fraction

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from voorrang.jobs.models import Job
from voorrang.simulation_runs.parameters import RunParameters
from voorrang.simulation_runs.selectors import _Stored

COMPARISON = "comparison.csv"
LETTINGS = "targeted lettings per year"
REGISTRATION = "median registration years at allocation, regular, {scope}"
MONTHS_A_YEAR = 12


@dataclass(frozen=True)
class HeadlineFigure:
    figure: str  # the row's figure in comparison.csv
    label: str  # in the page's language, with its unit
    mean: float  # in the headline's unit (months for registration times)
    low: float
    high: float
    decimals: int  # as the headline rounds it

    def shown(self, value: float) -> str:
        return number_format(round(value, self.decimals), self.decimals)


@dataclass(frozen=True)
class Headline:
    sentence: str
    figures: list[HeadlineFigure]
    table: str  # the file the numbers come from


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return math.nan


def _decimals(*values: float) -> int:
    """Whole numbers for differences of 5 or more, else one decimal."""
    return 0 if max(abs(v) for v in values) >= 5 else 1


def share_in_words(share: Fraction) -> str:
    words = {
        Fraction(0): _("no share"),
        Fraction(1, 5): _("a fifth"),
        Fraction(1, 4): _("a quarter"),
        Fraction(1, 3): _("a third"),
        Fraction(1, 2): _("half"),
        Fraction(2, 3): _("two thirds"),
        Fraction(3, 4): _("three quarters"),
        Fraction(1): _("all"),
    }
    if share in words:
        return words[share]
    percent = share * 100
    shown = number_format(float(percent), 1 if percent % 1 else 0)
    return _("%(percent)s%%") % {"percent": shown}


def _rows(stored: _Stored, changed: str, baseline: str) -> dict[str, dict[str, str]]:
    if not stored.has(COMPARISON):
        return {}
    reader = csv.DictReader(io.StringIO(stored.text(COMPARISON), newline=""))
    return {
        row["figure"]: row
        for row in reader
        if row.get("scenario") == changed and row.get("minus") == baseline
    }


def _figure(row: dict[str, str] | None, name: str, label: str, factor: float = 1.0):
    if row is None:
        return None
    mean, low, high = (_number(row.get(k, "")) * factor for k in ("mean", "low_2.5", "high_97.5"))
    if any(math.isnan(v) for v in (mean, low, high)):
        return None
    return HeadlineFigure(name, label, mean, low, high, _decimals(mean, low, high))


def _interval(figure: HeadlineFigure, sign: int) -> str:
    """The interval of the difference as the sentence's direction reads it."""
    low, high = sorted((sign * figure.low, sign * figure.high))
    # A translator's separator: where the decimal sign is a comma, the ends need another.
    return _("[%(low)s, %(high)s]") % {"low": figure.shown(low), "high": figure.shown(high)}


def _lettings_words(figure: HeadlineFigure | None) -> str:
    if figure is None:
        return _("the number of targeted lettings a year cannot be compared")
    value = round(figure.mean, figure.decimals)
    if value == 0:
        return _("about as many targeted lettings a year %(interval)s") % {
            "interval": _interval(figure, 1)
        }
    sign = 1 if value > 0 else -1
    values = {"count": figure.shown(abs(figure.mean)), "interval": _interval(figure, sign)}
    if sign > 0:
        return _("about %(count)s more targeted lettings a year %(interval)s") % values
    return _("about %(count)s fewer targeted lettings a year %(interval)s") % values


def _registration_words(figure: HeadlineFigure | None, in_designated: bool) -> str:
    who = (
        _("the median registration time at letting of regular seekers in the designated buildings")
        if in_designated
        else _("the median registration time at letting of regular seekers")
    )
    if figure is None:
        return _("%(who)s cannot be compared: too few regular seekers were let a home") % {
            "who": who
        }
    value = round(figure.mean, figure.decimals)
    if value == 0:
        return _("%(who)s about the same %(interval)s") % {
            "who": who,
            "interval": _interval(figure, 1),
        }
    sign = 1 if value > 0 else -1
    # "1 month", but "0.5 months" and "1.5 months".
    months = ngettext("%(count)s month", "%(count)s months", 1 if abs(value) == 1 else 2) % {
        "count": figure.shown(abs(figure.mean))
    }
    values = {"who": who, "months": months, "interval": _interval(figure, sign)}
    if sign > 0:
        return _("%(who)s %(months)s longer %(interval)s") % values
    return _("%(who)s %(months)s shorter %(interval)s") % values


def headline(job: Job, run: RunParameters | None) -> Headline | None:
    """The headline of a finished, compared run; None when it was not compared or its table
    of differences cannot be read."""
    if run is None or not run.compare:
        return None
    stored = _Stored(job)
    rows = _rows(stored, run.changed_name, run.scenario)
    if not rows:
        return None
    lettings = _figure(rows.get(LETTINGS), LETTINGS, _("Targeted lettings a year"))
    in_designated = REGISTRATION.format(scope="designated buildings") in rows
    registration_name = REGISTRATION.format(
        scope="designated buildings" if in_designated else "region"
    )
    registration = _figure(
        rows.get(registration_name),
        registration_name,
        _("Median registration time at letting of regular seekers (months)"),
        MONTHS_A_YEAR,
    )
    sentence = _("With a share of %(share)s: %(lettings)s; %(registration)s.") % {
        "share": share_in_words(run.share_fraction),
        "lettings": _lettings_words(lettings),
        "registration": _registration_words(registration, in_designated),
    }
    return Headline(
        sentence=sentence,
        figures=[f for f in (lettings, registration) if f is not None],
        table=COMPARISON,
    )
