"""The tiers of a teller's consent, in order: each tier allows what the tiers before it allow.

analysis only < anonymous quotation < shown to a selection panel < publication. Withdrawal
allows nothing at all. No database here, so the order can be tested on its own."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsentTier(models.TextChoices):
    ANALYSIS = "analysis", _("analysis only")
    QUOTATION = "quotation", _("anonymous quotation")
    PANEL = "panel", _("shown to a selection panel")
    PUBLICATION = "publication", _("publication")
    WITHDRAWN = "withdrawn", _("withdrawn")


ORDER: dict[str, int] = {
    ConsentTier.WITHDRAWN: 0,
    ConsentTier.ANALYSIS: 1,
    ConsentTier.QUOTATION: 2,
    ConsentTier.PANEL: 3,
    ConsentTier.PUBLICATION: 4,
}

# The tiers a teller can give (withdrawal is its own step).
GIVEN_TIERS = (
    ConsentTier.ANALYSIS,
    ConsentTier.QUOTATION,
    ConsentTier.PANEL,
    ConsentTier.PUBLICATION,
)


def allows(tier: str, needed: str) -> bool:
    """Whether consent ``tier`` allows what ``needed`` allows."""
    return tier != ConsentTier.WITHDRAWN and ORDER[tier] >= ORDER[needed]


def lower(first: str, second: str) -> str:
    """The more restrictive of two tiers."""
    return first if ORDER[first] <= ORDER[second] else second


def tiers_allowing(needed: str) -> list[str]:
    """Every tier that allows ``needed``, for a database filter."""
    return [tier for tier in ORDER if allows(tier, needed)]
