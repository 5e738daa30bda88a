"""Money, durations and counted ranges on every page, in the active language.

``{{ unit.rent|money }}`` gives "€ 31.500,00" in Dutch; ``{{ months|duration }}`` gives
"19 jaar en 4 maanden"; ``{% duration_range shortest longest %}`` gives "tussen 7 maanden en
19 jaar"; ``{% people_range min max %}`` gives "1 persoon" or "2 tot en met 4 personen";
``{{ field.label|before_error }}`` ends a label before its error with one mark."""

from __future__ import annotations

from typing import Any

from django import template

from voorrang import durations
from voorrang import money as amounts

register = template.Library()


@register.filter
def money(amount: Any, decimals: int = 2) -> str:
    return amounts.money(amount, int(decimals))


def _months(value: Any) -> int:
    """Whole months, from a number of months or from anything with ``years`` and ``months``."""
    if hasattr(value, "years") and hasattr(value, "months"):
        return int(value.years) * 12 + int(value.months)
    return int(value)


@register.filter
def duration(months: Any) -> str:
    """Whole months (or a span of years and months) in words."""
    if months in (None, ""):
        return ""
    return durations.duration_in_words(_months(months))


@register.simple_tag
def duration_of(years: int, months: int) -> str:
    """A duration stored as whole years and remaining months."""
    return durations.duration_in_words(int(years) * 12 + int(months))


@register.simple_tag
def duration_range(shortest: Any, longest: Any) -> str:
    return durations.duration_range_in_words(_months(shortest), _months(longest))


@register.simple_tag
def people_range(fewest: int, most: int) -> str:
    return durations.people_range_in_words(int(fewest), int(most))


@register.filter
def before_error(label: Any) -> str:
    """A field's label to put before its error in an error summary: "Name:", and a question
    keeps its own mark ("When do you want to start?"), so that no page says "start?:"."""
    text = str(label or "").rstrip()
    if text.endswith("?"):
        return text
    return text.rstrip(":.;") + ":"
