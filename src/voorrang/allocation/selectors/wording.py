"""The codes of the rules engine, the tiers and the labels, in words for the staff pages. (The
audit trail's codes have their words in voorrang.audit.history.)"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

# The rules engine's codes, in words a member of staff can repeat to a home seeker.
EXCLUSION_SENTENCES: dict[str, Any] = {
    "LATE": _("Responded after the closing date."),
    "HOUSEHOLD_SIZE": _("The household is too small or too large for this home."),
    "AGE_SENIOR": _("The main applicant is younger than the minimum age for a senior home."),
    "AGE_YOUNG": _("The main applicant is older than the maximum age for a home for young people."),
    "INCOME_ABOVE_LIMIT": _("The household income is above the limit for social housing."),
    "PASSEND": _("The rent is too high for this household's income under the affordability rules."),
}

TIER_LABELS: dict[str, Any] = {
    "commitment": _("commitment (targeted allocation)"),
    "urgency": _("urgency"),
    "local": _("local tie"),
    "regular": _("regular (no priority)"),
}

LABEL_NAMES: dict[str, Any] = {
    "targeted": _("targeted"),
    "senior": _("senior"),
    "young": _("young"),
    "local": _("local"),
}


def exclusion_sentences(reasons: list[str]) -> list[Any]:
    return [EXCLUSION_SENTENCES.get(code, code) for code in reasons]


def tier_label(tier: str) -> Any:
    return TIER_LABELS.get(tier, tier)


def label_names(labels: list[str]) -> list[Any]:
    return [LABEL_NAMES.get(label, label) for label in labels]
