"""The explicit state machines of the targeted track: every service checks them here."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from voorrang.transitions import StateMachine


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    INTAKE_SCHEDULED = "intake_scheduled", _("intake scheduled")
    INTAKE_HELD = "intake_held", _("intake held")
    APPROVED = "approved", _("approved")
    DECLINED = "declined", _("declined")
    WITHDRAWN = "withdrawn", _("withdrawn")
    # The holder was housed by another route and the policy ends the approval
    # (``[track] housed_by_other_route = "end"``).
    ENDED = "ended", _("ended: housed by another route")


class ObjectionStatus(models.TextChoices):
    LODGED = "lodged", _("lodged")
    UPHELD = "upheld", _("upheld")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")


class FollowUpStatus(models.TextChoices):
    """The follow-up of a signed commitment agreement. Records only: no status here has any
    consequence for the tenancy. An agreement signed before any home is let waits: it becomes
    active at the start of the tenancy of a home let through the commitment tier in its
    building, and only then."""

    WAITING = "waiting", _("waiting for a home")
    ACTIVE = "active", _("active")
    PAUSED = "paused", _("paused")
    ENDED = "ended", _("ended")


class SupportTaskStatus(models.TextChoices):
    """A tenant asked for support at a check-in: a coordinator follows it up and closes it."""

    OPEN = "open", _("open")
    CLOSED = "closed", _("handled")


class EndReason(models.TextChoices):
    MOVED = "moved", _("moved away")
    HEALTH = "health", _("health")
    STOPPED = "stopped", _("stopped by the tenant")
    NOT_FULFILLED = "not_fulfilled", _("not fulfilled")
    COMPLETED = "completed", _("agreed period completed")
    HOUSED_OTHER_ROUTE = "housed_other_route", _("housed by another route")
    # The seeker's account was ended (portal.services.confirm_account_end): the follow-up
    # ends with it, whatever its state.
    ACCOUNT_ENDED = "account_ended", _("account ended")


class HousedElsewhere(models.TextChoices):
    """What the policy did with an approved commitment whose holder was let a home by another
    route than the commitment tier (``[track] housed_by_other_route``)."""

    ENDED = "end", _("commitment ended as the policy says")
    KEPT = "keep", _("commitment kept as the policy says")


ALLOWED_APPLICATION_CHANGES: dict[str, frozenset[str]] = {
    ApplicationStatus.SUBMITTED: frozenset(
        {
            ApplicationStatus.INTAKE_SCHEDULED,
            ApplicationStatus.DECLINED,
            ApplicationStatus.WITHDRAWN,
        }
    ),
    # intake_scheduled -> intake_scheduled: the intake is moved to another date.
    ApplicationStatus.INTAKE_SCHEDULED: frozenset(
        {
            ApplicationStatus.INTAKE_SCHEDULED,
            ApplicationStatus.INTAKE_HELD,
            ApplicationStatus.DECLINED,
            ApplicationStatus.WITHDRAWN,
        }
    ),
    ApplicationStatus.INTAKE_HELD: frozenset(
        {ApplicationStatus.APPROVED, ApplicationStatus.DECLINED, ApplicationStatus.WITHDRAWN}
    ),
    # approved -> approved: a renewal of the approval for another period.
    # approved -> ended: the holder was housed by another route and the policy ends it.
    ApplicationStatus.APPROVED: frozenset(
        {ApplicationStatus.APPROVED, ApplicationStatus.WITHDRAWN, ApplicationStatus.ENDED}
    ),
    # declined -> intake_held: an objection is upheld and the application is assessed again.
    ApplicationStatus.DECLINED: frozenset({ApplicationStatus.INTAKE_HELD}),
    ApplicationStatus.WITHDRAWN: frozenset(),
    ApplicationStatus.ENDED: frozenset(),
}

# An application in one of these states is still being handled or in force: a seeker has at
# most one of them per building.
OPEN_APPLICATION_STATES = frozenset(
    {
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.INTAKE_SCHEDULED,
        ApplicationStatus.INTAKE_HELD,
        ApplicationStatus.APPROVED,
    }
)

ALLOWED_OBJECTION_CHANGES: dict[str, frozenset[str]] = {
    # lodged -> withdrawn: the seeker withdraws the objection before it is decided.
    ObjectionStatus.LODGED: frozenset(
        {ObjectionStatus.UPHELD, ObjectionStatus.REJECTED, ObjectionStatus.WITHDRAWN}
    ),
    ObjectionStatus.UPHELD: frozenset(),
    ObjectionStatus.REJECTED: frozenset(),
    ObjectionStatus.WITHDRAWN: frozenset(),
}

ALLOWED_FOLLOW_UP_CHANGES: dict[str, frozenset[str]] = {
    # waiting -> active: a home in the building was let through the commitment tier and its
    # tenancy has started. waiting -> ended: the holder was housed by another route (and the
    # policy ends the commitment), or the agreement ends before any home was let.
    FollowUpStatus.WAITING: frozenset({FollowUpStatus.ACTIVE, FollowUpStatus.ENDED}),
    FollowUpStatus.ACTIVE: frozenset({FollowUpStatus.PAUSED, FollowUpStatus.ENDED}),
    FollowUpStatus.PAUSED: frozenset({FollowUpStatus.ACTIVE, FollowUpStatus.ENDED}),
    FollowUpStatus.ENDED: frozenset(),
}

ALLOWED_SUPPORT_TASK_CHANGES: dict[str, frozenset[str]] = {
    # open -> open: the task is given to another coordinator.
    SupportTaskStatus.OPEN: frozenset({SupportTaskStatus.OPEN, SupportTaskStatus.CLOSED}),
    SupportTaskStatus.CLOSED: frozenset(),
}

# Check-ins after the move, in months.
CHECK_IN_MONTHS = (3, 6, 12, 24)

APPLICATION_MACHINE = StateMachine(
    field="status",
    allowed=ALLOWED_APPLICATION_CHANGES,
    states=ApplicationStatus,
    message=_("An application that is %(old)s cannot become %(new)s."),
    code="application_state",
)
FOLLOW_UP_MACHINE = StateMachine(
    field="status",
    allowed=ALLOWED_FOLLOW_UP_CHANGES,
    states=FollowUpStatus,
    message=_("A commitment that is %(old)s cannot become %(new)s."),
    code="follow_up_state",
)
OBJECTION_MACHINE = StateMachine(
    field="status",
    allowed=ALLOWED_OBJECTION_CHANGES,
    states=ObjectionStatus,
    message=_("This objection has been decided or withdrawn already."),
    code="objection_state",
)
SUPPORT_TASK_MACHINE = StateMachine(
    field="status",
    allowed=ALLOWED_SUPPORT_TASK_CHANGES,
    states=SupportTaskStatus,
    message=_("This request for support has been handled already."),
    code="support_task_state",
)
