"""The follow-up of a signed agreement: pauses, the end, the activity log, the check-ins and
their reminders. It starts by itself at the tenancy's start of a home let through the
commitment tier (``services.letting``). Records only: nothing here touches the tenancy."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from voorrang.audit.services import record
from voorrang.commitments import emails
from voorrang.commitments.models import (
    ActivityLog,
    BuildingNeed,
    CheckIn,
    CommitmentAgreement,
    Going,
    LoggedBy,
    StatusPeriod,
)
from voorrang.commitments.selectors import check_in_open
from voorrang.commitments.services._shared import (
    _audit,
    _optional_text,
    _sync_commitment,
    _user,
)
from voorrang.commitments.services.letting import start_due_follow_ups
from voorrang.commitments.services.support import open_support_task
from voorrang.commitments.states import (
    FOLLOW_UP_MACHINE,
    EndReason,
    FollowUpStatus,
)
from voorrang.errors import InvalidChange, NotAllowed
from voorrang.text_limits import required_text

# Reminders go out for check-ins due within this many days (and for those overdue).
REMINDER_DAYS_AHEAD = 7


def _record_period(agreement: CommitmentAgreement, status: str, day: date, reason: str) -> None:
    StatusPeriod.objects.filter(agreement=agreement, ends_on__isnull=True).update(ends_on=day)
    StatusPeriod.objects.create(agreement=agreement, status=status, starts_on=day, reason=reason)


@transaction.atomic
def pause(
    *, actor: Any, agreement: CommitmentAgreement, reason: str, today: date | None = None
) -> CommitmentAgreement:
    today = today or timezone.localdate()
    agreement = CommitmentAgreement.objects.select_for_update().get(pk=agreement.pk)
    reason = required_text(reason, "reason", _("Give the reason for the pause."))
    old = FOLLOW_UP_MACHINE.move(agreement, FollowUpStatus.PAUSED)
    agreement.pause_reason = reason
    agreement.paused_on = today
    agreement.save(update_fields=["status", "pause_reason", "paused_on"])
    _record_period(agreement, FollowUpStatus.PAUSED, today, "")
    _audit(actor, "track.paused", agreement.application, {"status": old}, {"status": "paused"})
    return agreement


@transaction.atomic
def resume(
    *, actor: Any, agreement: CommitmentAgreement, today: date | None = None
) -> CommitmentAgreement:
    today = today or timezone.localdate()
    agreement = CommitmentAgreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.status == FollowUpStatus.WAITING:
        # waiting -> active is the letting's (services.letting), never a coordinator's.
        raise NotAllowed(
            _("The follow-up starts by itself when the tenancy of the home starts."),
            code="follow_up_state",
        )
    old = FOLLOW_UP_MACHINE.move(agreement, FollowUpStatus.ACTIVE)
    agreement.paused_on = None
    agreement.save(update_fields=["status", "paused_on"])
    _record_period(agreement, FollowUpStatus.ACTIVE, today, "")
    _audit(actor, "track.resumed", agreement.application, {"status": old}, {"status": "active"})
    return agreement


@transaction.atomic
def end(
    *, actor: Any, agreement: CommitmentAgreement, reason: str, today: date | None = None
) -> CommitmentAgreement:
    """End the commitment (moved, health, stopped, not fulfilled, completed). This is a
    record only: it has no consequence for the tenancy."""
    today = today or timezone.localdate()
    agreement = CommitmentAgreement.objects.select_for_update().get(pk=agreement.pk)
    if reason not in EndReason.values:
        raise InvalidChange(_("Choose the reason from the list."), field="reason")
    old = FOLLOW_UP_MACHINE.move(agreement, FollowUpStatus.ENDED)
    agreement.end_reason = reason
    agreement.ended_on = today
    agreement.save(update_fields=["status", "end_reason", "ended_on"])
    _record_period(agreement, FollowUpStatus.ENDED, today, reason)
    application = agreement.application
    application.closed_at = timezone.now()
    application.save(update_fields=["closed_at"])
    _sync_commitment(application)
    _audit(
        actor,
        "track.ended",
        application,
        {"status": old},
        {"status": "ended", "reason": reason, "ended_on": today.isoformat()},
    )
    return agreement


@transaction.atomic
def log_activity(
    *,
    actor: Any,
    agreement: CommitmentAgreement,
    done_on: date,
    hours: Decimal,
    need: BuildingNeed | None,
    description: str = "",
    logged_by: str,
) -> ActivityLog:
    if logged_by not in LoggedBy.values:  # pragma: no cover - the views pass a known value
        raise InvalidChange("logged_by", field="logged_by")
    agreement = (
        CommitmentAgreement.objects.select_for_update()
        .select_related("application")
        .get(pk=agreement.pk)
    )
    if agreement.status == FollowUpStatus.ENDED:
        raise NotAllowed(_("This commitment has ended."), code="follow_up_state")
    if agreement.moved_in_on is None:
        raise NotAllowed(
            _("Activities are logged once the tenancy of the home in the building has started."),
            field="done_on",
        )
    if done_on > timezone.localdate():
        raise InvalidChange(_("The date cannot be in the future."), field="done_on")
    if done_on < agreement.moved_in_on:
        raise InvalidChange(_("The date cannot be before the move."), field="done_on")
    hours = Decimal(hours)
    if not Decimal("0.25") <= hours <= Decimal(24):
        raise InvalidChange(_("Give a number of hours from 0.25 to 24."), field="hours")
    if need is not None and need.building_id != agreement.application.building_id:
        raise InvalidChange(_("Choose an activity of this building."), field="need")
    entry = ActivityLog.objects.create(
        agreement=agreement,
        need=need,
        done_on=done_on,
        hours=hours,
        description=_optional_text(description, "description"),
        logged_by=logged_by,
        author=_user(actor),
    )
    _audit(
        actor,
        "track.activity_logged",
        agreement.application,
        None,
        {"done_on": done_on.isoformat(), "hours": str(hours), "by": logged_by},
    )
    return entry


@transaction.atomic
def answer_check_in(
    *,
    actor: Any,
    check_in: CheckIn,
    answered_by: str,
    settled: int,
    contact: int,
    going: str,
    hours_last_month: int | None,
    wants_support: bool,
    note: str = "",
) -> CheckIn:
    check_in = CheckIn.objects.select_for_update().select_related("agreement").get(pk=check_in.pk)
    if check_in.answered_at is not None:
        raise NotAllowed(_("This check-in has been answered already."), code="answered")
    if not check_in_open(check_in):
        raise NotAllowed(
            _("This check-in opens two weeks before %(day)s.")
            % {"day": formats.date_format(check_in.due_on, "j F Y")},
            code="not_open",
        )
    for field, value in (("settled", settled), ("contact", contact)):
        if value is None or not 1 <= int(value) <= 5:
            raise InvalidChange(_("Choose an answer from 1 to 5."), field=field)
    if going not in Going.values:
        raise InvalidChange(_("Choose an answer."), field="going")
    if hours_last_month is not None and not 0 <= int(hours_last_month) <= 400:
        raise InvalidChange(_("Give a number of hours from 0 to 400."), field="hours_last_month")
    check_in.settled = int(settled)
    check_in.contact = int(contact)
    check_in.going = going
    check_in.hours_last_month = hours_last_month
    check_in.wants_support = bool(wants_support)
    check_in.note = _optional_text(note, "note")
    check_in.answered_at = timezone.now()
    check_in.answered_by = answered_by
    check_in.save()
    _audit(
        actor,
        "track.check_in_answered",
        check_in.agreement.application,
        None,
        {"month": check_in.month, "by": answered_by},
    )
    if check_in.wants_support:
        open_support_task(actor=actor, check_in=check_in)
    return check_in


def send_reminders(*, today: date | None = None) -> int:
    """Email the seeker and the coordinator about each check-in that is due (within a week, or
    overdue and unanswered). Each check-in is claimed under a row lock and marked in the same
    transaction as its emails are handed over, so no check-in is reminded twice. Returns the
    number of check-ins reminded."""
    today = today or timezone.localdate()
    start_due_follow_ups(today=today)
    reminded = 0
    while True:
        with transaction.atomic():
            check_in = (
                CheckIn.objects.select_for_update(skip_locked=True)
                .filter(
                    reminder_sent_at__isnull=True,
                    answered_at__isnull=True,
                    due_on__lte=today + timedelta(days=REMINDER_DAYS_AHEAD),
                    agreement__application__seeker__isnull=False,
                )
                .exclude(agreement__status=FollowUpStatus.ENDED)
                .order_by("due_on", "pk")
                .first()
            )
            if check_in is None:
                return reminded
            emails.check_in_reminder(check_in)
            check_in.reminder_sent_at = timezone.now()
            check_in.save(update_fields=["reminder_sent_at"])
            record(
                actor=None,
                action="track.reminder_sent",
                obj=check_in.agreement.application,
                after={"month": check_in.month, "due_on": check_in.due_on.isoformat()},
            )
            reminded += 1
