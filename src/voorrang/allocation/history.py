"""The audit codes of vacancies, responses and offers, in words (see voorrang.audit.history)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

SENTENCES: dict[str, Any] = {
    "vacancy.created": _("Vacancy created"),
    "vacancy.published": _("Vacancy published"),
    "vacancy.closed": _("Vacancy closed for responses"),
    "vacancy.ranked": _("Ranking made"),
    "vacancy.withdrawn": _("Vacancy withdrawn"),
    "response.created": _("Response received"),
    "response.withdrawn": _("Response withdrawn"),
    "vacancy.listing_changed": _("Listing changed (description, labels or service costs)"),
    "vacancy.photo_added": _("Photo added to the listing"),
    "vacancy.photo_removed": _("Photo removed from the listing"),
    "vacancy.photo_moved": _("Photo moved forward in the listing"),
    "offer.made": _("Offer made"),
    "offer.viewing_planned": _("Viewing planned"),
    "offer.viewing_recorded": _("Outcome of the viewing recorded"),
    "offer.accepted": _("Offer accepted"),
    "offer.refused": _("Offer refused"),
    "offer.expired": _("Offer expired"),
    "offer.withdrawn": _("Offer withdrawn"),
    "allocation.checked": _("Income and documents checked"),
    "allocation.check_failed": _("Check of income or documents failed"),
    "allocation.contract_signed": _("Tenancy contract signed: the home is let"),
    "allocation.keys_handed": _("Keys handed over"),
    "offer.passed_over_income_unchecked": _(
        "Passed over for an offer: the rent depends on the income, and the income is not checked"
    ),
}
