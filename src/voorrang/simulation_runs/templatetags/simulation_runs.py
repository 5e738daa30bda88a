"""Template helpers of the simulation pages."""

from __future__ import annotations

import math
import re
from datetime import date
from fractions import Fraction
from typing import Any

from django import template
from django.template.defaultfilters import filesizeformat
from django.utils.formats import date_format, number_format

from voorrang.simulation_runs.forms import TIER_LABELS
from voorrang.simulation_runs.labels import engine_label
from voorrang.simulation_runs.labels import scenario_title as title_of_scenario

register = template.Library()


@register.filter
def cell(value: Any) -> str:
    """A number or a date (``2022-01-10``) of a result table as people read it, in the page's
    language ("10 januari 2022"); other values (names) as they are."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return date_format(date.fromisoformat(value), "j F Y")
        except ValueError:
            return value
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if math.isnan(number):
        return "–"
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number)) if abs(number) < 10_000 else number_format(int(number))
    return number_format(round(number, 2), decimal_pos=2)


@register.filter
def size(value: int) -> str:
    return filesizeformat(value)


@register.filter
def tier_names(tiers: list[str]) -> str:
    return ", ".join(str(TIER_LABELS.get(tier, tier)) for tier in tiers)


@register.filter
def percent(value: Any) -> str:
    """A share (a fraction such as "1/4", or a number between 0 and 1) as a percentage."""
    try:
        share = Fraction(str(value))
    except (ValueError, ZeroDivisionError):
        return str(value)
    return f"{cell(round(float(share * 100), 2))}%"


@register.filter
def scenario_title(name: Any) -> str:
    """A scenario by what a reader calls it, in the page's language (its name if unknown)."""
    return title_of_scenario(str(name))


@register.filter
def engine_name(engine: Any) -> str:
    """A simulation engine by its name in the page's language."""
    return engine_label(str(engine))
