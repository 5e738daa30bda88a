"""The audit codes of the targeted track, in words (see voorrang.audit.history)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

SENTENCES: dict[str, Any] = {
    "commitment.applied": _("Commitment applied for"),
    "commitment.approved": _("Commitment approved"),
    "commitment.declined": _("Commitment declined"),
    "commitment.renewed": _("Commitment renewed"),
    "commitment.ended": _("Commitment ended"),
    "track.applied": _("Application submitted"),
    "track.intake_scheduled": _("Intake scheduled"),
    "track.intake_held": _("Intake held"),
    "track.assessed": _("Application assessed"),
    "track.approved": _("Application approved"),
    "track.declined": _("Application declined"),
    "track.renewed": _("Approval renewed"),
    "track.withdrawn": _("Application withdrawn"),
    "track.objection_lodged": _("Objection lodged"),
    "track.objection_upheld": _("Objection upheld"),
    "track.objection_rejected": _("Objection rejected"),
    "track.objection_registered": _("Objection received by post registered"),
    "track.objection_assigned": _("Coordinator named to decide on the objection"),
    "track.objection_withdrawn": _("Objection withdrawn"),
    "track.agreement_signed": _("Commitment agreement signed"),
    "track.moved_in": _("Move recorded, follow-up started"),
    "track.follow_up_started": _(
        "Tenancy of a home let through the commitment started: follow-up started"
    ),
    "track.housed_by_other_route": _(
        "Housed by another route: the policy applied to the commitment"
    ),
    "track.activity_logged": _("Activity logged"),
    "track.check_in_answered": _("Check-in answered"),
    "track.paused": _("Follow-up paused"),
    "track.resumed": _("Follow-up resumed"),
    "track.ended": _("Follow-up ended"),
    "track.reminder_sent": _("Reminder sent"),
    "track.overdue_told": _("Coordinator told that a check-in is overdue"),
    "track.support_requested": _("Support asked for at a check-in"),
    "track.support_reassigned": _("Request for support given to another coordinator"),
    "track.support_closed": _("Request for support handled"),
    "track.retention_applied": _("Notes removed after the retention period"),
    "track.erased_at_account_end": _("Notes removed at the end of the account"),
    "track.check_ins_cancelled": _("Planned check-ins cancelled because the account ended"),
    "welfare.organisation_created": _("Welfare organisation created"),
    "welfare.coordinator_invited": _("Coordinator invited"),
    "welfare.coordinator_added": _("Coordinator added"),
    "welfare.coordinator_removed": _("Coordinator removed"),
    "welfare.criterion_added": _("Assessment criterion added"),
    "welfare.criterion_changed": _("Assessment criterion changed"),
    "welfare.criterion_described": _("Scores and pass mark of a criterion described"),
    "welfare.need_added": _("Need of the building added"),
    "welfare.need_changed": _("Need of the building changed"),
}
