"""The audit codes of accounts, in words (see voorrang.audit.history)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

SENTENCES: dict[str, Any] = {
    "account.created": _("Account created"),
    "account.details_synced": _("Account details taken over from the organisation's log-in"),
    "account.digid_link_requested": _("Link with DigiD requested"),
    "account.digid_linked": _("Account linked with DigiD"),
    "account.digid_unlinked": _("Link with DigiD removed"),
    "account.email_confirmed": _("E-mail address confirmed"),
    "account.end_requested": _("End of the account requested"),
    "account.end_confirmed": _("End of the account confirmed"),
    "account.end_declined": _("Request to end the account declined"),
    "account.invitation_accepted": _("Invitation accepted"),
    "account.powers_changed": _("Rights of the account changed"),
    "account.recovery_codes_renewed": _("New recovery codes made"),
    "account.role_added": _("Role given"),
    "account.role_removed": _("Role taken away"),
    "account.roles_synced": _("Roles taken over from the organisation's log-in"),
    "account.second_factor_issued": _("Authenticator key issued"),
    "account.second_factor_reset": _("Authenticator key reset"),
    "account.second_factor_set_up": _("Authenticator key set up"),
}
