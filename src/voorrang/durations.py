"""Durations and counted ranges in words that read, in the active language.

Registration times are whole months; a page says "19 jaar en 4 maanden", "7 maanden" or
"1 jaar", never "0 jaar en 7 maanden". A range whose ends are equal is one value: "1 persoon",
not "1 tot en met 1 personen"."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def _count(value: int) -> str:
    return number_format(value, force_grouping=True)


def years_in_words(years: int) -> str:
    return ngettext("%(count)s year", "%(count)s years", years) % {"count": _count(years)}


def months_only_in_words(months: int) -> str:
    return ngettext("%(count)s month", "%(count)s months", months) % {"count": _count(months)}


def duration_in_words(months: int) -> str:
    """A number of whole months as years and months, zero parts left out ("0 months" for
    none at all)."""
    years, rest = divmod(max(int(months), 0), 12)
    if not years:
        return months_only_in_words(rest)
    if not rest:
        return years_in_words(years)
    return _("%(years)s and %(months)s") % {
        "years": years_in_words(years),
        "months": months_only_in_words(rest),
    }


def duration_range_in_words(shortest: int, longest: int) -> str:
    """Two durations in months as "between A and B"; one duration when both are the same."""
    if shortest == longest:
        return duration_in_words(shortest)
    return _("between %(shortest)s and %(longest)s") % {
        "shortest": duration_in_words(shortest),
        "longest": duration_in_words(longest),
    }


def people_in_words(count: int) -> str:
    return ngettext("%(count)s person", "%(count)s people", count) % {"count": _count(count)}


def people_range_in_words(fewest: int, most: int) -> str:
    """A household size from fewest to most, as "1 person" when both ends are equal."""
    if fewest == most:
        return people_in_words(fewest)
    return ngettext("%(fewest)s to %(most)s person", "%(fewest)s to %(most)s people", most) % {
        "fewest": _count(fewest),
        "most": _count(most),
    }
