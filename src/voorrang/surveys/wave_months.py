"""A wave's place in time: whole calendar months after its building's baseline (the first
wave), and that place in words."""

from __future__ import annotations

import calendar
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def add_months(day: date, months: int) -> date:
    """The same day ``months`` calendar months later (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def months_after(baseline: date, day: date) -> int:
    """Whole calendar months from ``baseline`` to ``day``, to the nearest month: a follow-up
    that opens on 13 January after a baseline of 8 January a year before is 12 months after
    it, and so is one that opens on 5 January."""
    months = (day.year - baseline.year) * 12 + day.month - baseline.month
    if add_months(baseline, months) > day:
        months -= 1
    before, after = add_months(baseline, months), add_months(baseline, months + 1)
    return months + 1 if (after - day) < (day - before) else months


def wave_label(offset_months: int) -> str:
    """The standard name of a wave, in the active language: 'baseline', 'after 12 months'."""
    if offset_months == 0:
        return _("baseline")
    return ngettext("after %(count)s month", "after %(count)s months", offset_months) % {
        "count": offset_months
    }
