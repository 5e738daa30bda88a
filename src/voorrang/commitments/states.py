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


class ObjectionStatus(models.TextChoices):
    LODGED = "lodged", _("lodged")
    UPHELD = "upheld", _("upheld")
    REJECTED = "rejected", _("rejected")


class FollowUpStatus(models.TextChoices):
    """The follow-up of a signed commitment agreement. Records only: no status here has any
    consequence for the tenancy."""

    ACTIVE = "active", _("active")
    PAUSED = "paused", _("paused")
    ENDED = "ended", _("ended")


class EndReason(models.TextChoices):
    MOVED = "moved", _("moved away")
    HEALTH = "health", _("health")
    STOPPED = "stopped", _("stopped by the tenant")
    NOT_FULFILLED = "not_fulfilled", _("not fulfilled")
    COMPLETED = "completed", _("agreed period completed")
    # The seeker's account was ended (portal.services.confirm_account_end): the follow-up
    # ends with it, whatever its state.
    ACCOUNT_ENDED = "account_ended", _("account ended")


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
    ApplicationStatus.APPROVED: frozenset(
        {ApplicationStatus.APPROVED, ApplicationStatus.WITHDRAWN}
    ),
    # declined -> intake_held: an objection is upheld and the application is assessed again.
    ApplicationStatus.DECLINED: frozenset({ApplicationStatus.INTAKE_HELD}),
    ApplicationStatus.WITHDRAWN: frozenset(),
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
    ObjectionStatus.LODGED: frozenset({ObjectionStatus.UPHELD, ObjectionStatus.REJECTED}),
    ObjectionStatus.UPHELD: frozenset(),
    ObjectionStatus.REJECTED: frozenset(),
}

ALLOWED_FOLLOW_UP_CHANGES: dict[str, frozenset[str]] = {
    FollowUpStatus.ACTIVE: frozenset({FollowUpStatus.PAUSED, FollowUpStatus.ENDED}),
    FollowUpStatus.PAUSED: frozenset({FollowUpStatus.ACTIVE, FollowUpStatus.ENDED}),
    FollowUpStatus.ENDED: frozenset(),
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
    message=_("This objection has been decided already."),
    code="objection_state",
)
