"""Amounts of money as the active language writes them: "€ 31.500,00" in Dutch, "€31,500.00"
in English, through Django's number formats (never by hand)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _


def money(amount: Decimal | int | float | str | None, decimals: int = 2) -> str:
    """An amount in euros with grouped thousands and ``decimals`` places; "" for none."""
    if amount in (None, ""):
        return ""
    value = Decimal(str(amount))
    # Translators: the place of the euro sign; Dutch writes a space after it.
    return _("€%(amount)s") % {
        "amount": number_format(value, decimal_pos=decimals, force_grouping=True)
    }
