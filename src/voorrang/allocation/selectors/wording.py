"""The codes of the rules engine, the tiers, the labels and the audit trail, in words for the
staff pages."""

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

# The audit trail's actions, in words; an action not listed here is shown by its code.
AUDIT_ACTIONS: dict[str, Any] = {
    "seeker.registered": _("registered"),
    "seeker.duplicate_flagged": _("flagged as a possible duplicate"),
    "seeker.duplicate_resolved": _("possible duplicate resolved"),
    "seeker.registration_date_change_requested": _("change of registration date requested"),
    "seeker.registration_date_changed": _("registration date changed (approved)"),
    "seeker.registration_date_change_rejected": _("change of registration date rejected"),
    "seeker.urgency_declared": _("urgency declared"),
    "seeker.urgency_proposed": _("urgency declaration recorded, waiting for a second staff member"),
    "seeker.urgency_confirmed": _("urgency confirmed"),
    "seeker.urgency_rejected": _("urgency declaration rejected"),
    "seeker.urgency_ended": _("urgency ended early"),
    "offer.made": _("home offered"),
    "offer.viewing_planned": _("viewing planned"),
    "offer.viewing_recorded": _("outcome of the viewing recorded"),
    "offer.accepted": _("offer accepted"),
    "offer.refused": _("offer refused"),
    "offer.expired": _("offer expired"),
    "offer.withdrawn": _("offer withdrawn"),
    "allocation.checked": _("income and documents checked"),
    "allocation.check_failed": _("check of income or documents failed"),
    "allocation.contract_signed": _("tenancy contract signed: the home is let"),
    "allocation.keys_handed": _("keys handed over"),
}


def exclusion_sentences(reasons: list[str]) -> list[Any]:
    return [EXCLUSION_SENTENCES.get(code, code) for code in reasons]


def tier_label(tier: str) -> Any:
    return TIER_LABELS.get(tier, tier)


def audit_action(action: str) -> Any:
    return AUDIT_ACTIONS.get(action, action)


def label_names(labels: list[str]) -> list[Any]:
    return [LABEL_NAMES.get(label, label) for label in labels]
