"""The audit codes of registrations, in words (see voorrang.audit.history)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

SENTENCES: dict[str, Any] = {
    "seeker.registered": _("Registered"),
    "seeker.account_linked": _("Registration linked to an account"),
    "seeker.details_changed": _("Details changed"),
    "seeker.member_added": _("Household member added"),
    "seeker.member_removed": _("Household member removed"),
    "seeker.evidence_added": _("Evidence added"),
    "seeker.duplicate_flagged": _("Flagged as a possible duplicate"),
    "seeker.duplicate_resolved": _("Possible duplicate resolved"),
    "seeker.registration_date_change_requested": _("Change of registration date requested"),
    "seeker.registration_date_changed": _("Change of registration date approved"),
    "seeker.registration_date_change_rejected": _("Change of registration date rejected"),
    "seeker.registration_erased": _("Registration erased"),
    # Recorded before urgency took two staff members; older trails still hold it.
    "seeker.urgency_declared": _("Urgency declared"),
    "seeker.urgency_proposed": _("Urgency declaration recorded, waiting for a second staff member"),
    "seeker.urgency_confirmed": _("Urgency confirmed"),
    "seeker.urgency_rejected": _("Urgency declaration rejected"),
    "seeker.urgency_ended": _("Urgency ended early"),
    "seeker.income_checked": _("Income checked"),
    "seeker.income_rejected": _("Income rejected"),
    "seeker.income_unchecked": _("Income not checked any more: the home seeker changed it"),
    "seeker.household_checked": _("Household checked"),
    "seeker.household_rejected": _("Household rejected"),
    "seeker.household_unchecked": _("Household not checked any more: the home seeker changed it"),
    "seeker.registration_ended_after_letting": _(
        "Registration ended: the household was let a home"
    ),
    "seeker.objection_lodged": _("Objection to the decision on a home lodged"),
    "seeker.objection_upheld": _("Objection upheld by a second staff member"),
    "seeker.objection_rejected": _("Objection rejected by a second staff member"),
    "seeker.objection_withdrawn": _("Objection withdrawn"),
    "evidence.opened": _("Evidence opened"),
    "evidence.abandoned_removed": _("Unfinished uploads removed"),
}
