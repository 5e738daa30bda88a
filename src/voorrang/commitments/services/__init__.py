"""Every write of the targeted track: each runs in one transaction, checks the state machine,
keeps the corporation's view (``Commitment``) in step and records an audit event. Audit
events carry statuses and dates only, never the free text of an application, an intake or a
check-in.

One module per part of the track; the reads are in ``voorrang.commitments.selectors``."""

from voorrang.commitments.services.agreement import DEFAULT_DURATION_MONTHS, make_agreement
from voorrang.commitments.services.application import (
    MAX_HOURS_PER_MONTH,
    assess,
    decide,
    record_intake,
    renew,
    schedule_intake,
    submit_application,
    withdraw,
)
from voorrang.commitments.services.follow_up import (
    REMINDER_DAYS_AHEAD,
    answer_check_in,
    end,
    log_activity,
    pause,
    resume,
    send_reminders,
)
from voorrang.commitments.services.letting import (
    apply_housed_by_other_route,
    contract_signed,
    start_due_follow_ups,
    start_follow_up,
)
from voorrang.commitments.services.objection import (
    assign_objection,
    decide_objection,
    lodge_objection,
    withdraw_objection,
)
from voorrang.commitments.services.organisation import (
    DEFAULT_CRITERIA,
    DEFAULT_NEEDS,
    add_coordinator,
    add_criterion,
    add_need,
    create_organisation,
    describe_criterion,
    ensure_needs_catalogue,
    set_criterion_active,
    set_need_active,
)
from voorrang.commitments.services.overdue import tell_overdue_check_ins
from voorrang.commitments.services.retention import (
    apply_retention,
    erase_for_account_end,
    pseudonym,
)
from voorrang.commitments.services.support import (
    close_support_task,
    open_support_task,
    reassign_support_task,
)

__all__ = [
    "DEFAULT_CRITERIA",
    "DEFAULT_DURATION_MONTHS",
    "DEFAULT_NEEDS",
    "MAX_HOURS_PER_MONTH",
    "REMINDER_DAYS_AHEAD",
    "add_coordinator",
    "add_criterion",
    "add_need",
    "answer_check_in",
    "apply_housed_by_other_route",
    "apply_retention",
    "assess",
    "assign_objection",
    "close_support_task",
    "contract_signed",
    "create_organisation",
    "decide",
    "decide_objection",
    "describe_criterion",
    "end",
    "ensure_needs_catalogue",
    "erase_for_account_end",
    "lodge_objection",
    "log_activity",
    "make_agreement",
    "open_support_task",
    "pause",
    "pseudonym",
    "reassign_support_task",
    "record_intake",
    "renew",
    "resume",
    "schedule_intake",
    "send_reminders",
    "set_criterion_active",
    "set_need_active",
    "start_due_follow_ups",
    "start_follow_up",
    "submit_application",
    "tell_overdue_check_ins",
    "withdraw",
    "withdraw_objection",
]
