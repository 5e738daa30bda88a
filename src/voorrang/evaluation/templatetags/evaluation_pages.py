"""Template helpers of the evaluation pages and the report."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import number_format

from voorrang.evaluation.figures import period_in_words
from voorrang.evaluation.pages import assumption_kind as _assumption_kind

register = template.Library()


@register.filter
def number(value: Any) -> str:
    """A number as people read it in the active language: whole numbers without decimals,
    else two; thousands grouped (1.500 and 0,25 in Dutch)."""
    if value is None:
        return "–"
    value = Decimal(str(value))
    if value == value.to_integral_value():
        return number_format(int(value), use_l10n=True, force_grouping=True)
    return number_format(
        value.quantize(Decimal("0.01")), decimal_pos=2, use_l10n=True, force_grouping=True
    )


@register.filter
def period(label: Any) -> str:
    return period_in_words(label)


@register.filter
def assumption_kind(kind: str) -> str:
    return _assumption_kind(kind)
