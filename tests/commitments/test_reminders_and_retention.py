"""`voorrang manage send_reminders` (each due check-in reminded once, to the tenant and the
coordinator) and `voorrang manage apply_retention` (free text erased, seeker replaced by a
pseudonym, what the evaluation needs kept, an audit event recorded)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tests.commitments import factories as f
from tests.factories import SeekerFactory
from voorrang.audit.models import AuditEvent
from voorrang.commitments import services
from voorrang.commitments.dates import add_months
from voorrang.commitments.models import (
    ActivityLog,
    Application,
    AssessmentScore,
    CheckIn,
    Commitment,
    Intake,
)

pytestmark = pytest.mark.django_db


def run(command: str, *args: str) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def test_due_check_ins_are_reminded_once_to_the_tenant_and_the_coordinator(
    org, coordinator
) -> None:
    agreement = f.moved_in(f.applied(org), coordinator, days_ago=85)  # the 3-month one is due
    f.moved_in(f.applied(org, seeker=SeekerFactory(email="b@example.org")), coordinator, days_ago=5)
    mail.outbox.clear()
    assert "check-ins reminded: 1" in run("send_reminders")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(["zoeker@example.org", coordinator.email])
    reminded = CheckIn.objects.get(reminder_sent_at__isnull=False)
    assert (reminded.agreement, reminded.month) == (agreement, 3)
    mail.outbox.clear()
    assert "check-ins reminded: 0" in run("send_reminders")
    assert mail.outbox == []
    assert AuditEvent.objects.filter(action="track.reminder_sent").count() == 1


def test_answered_and_ended_check_ins_are_not_reminded(org, coordinator) -> None:
    agreement = f.moved_in(f.applied(org), coordinator, days_ago=85)
    services.answer_check_in(
        actor=None,
        check_in=agreement.check_ins.get(month=3),
        answered_by="seeker",
        settled=4,
        contact=4,
        going="yes",
        hours_last_month=10,
        wants_support=False,
    )
    ended = f.moved_in(f.applied(org, seeker=SeekerFactory()), coordinator, days_ago=85)
    services.end(actor=coordinator, agreement=ended, reason="moved")
    assert services.send_reminders(today=timezone.localdate()) == 0
    # A year later the 6- and 12-month check-ins of the first are due.
    assert services.send_reminders(today=add_months(timezone.localdate(), 12)) == 2


def test_reminders_with_a_bad_date_exit_with_code_2(capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        call_command("send_reminders", "--today", "morgen")
    assert exit_.value.code == 2
    assert "--today" in capsys.readouterr().err


def _ended_commitment_with_everything(org, coordinator, ended_on: dt.date):
    application = f.applied(org)
    agreement = f.moved_in(application, coordinator, days_ago=85)
    services.log_activity(
        actor=None,
        agreement=agreement,
        done_on=timezone.localdate(),
        hours=Decimal(3),
        need=agreement.activities.first(),
        description="Koffie gezet met mevrouw Jansen",
        logged_by="seeker",
    )
    services.answer_check_in(
        actor=None,
        check_in=agreement.check_ins.get(month=3),
        answered_by="seeker",
        settled=5,
        contact=4,
        going="partly",
        hours_last_month=9,
        wants_support=True,
        note="Mijn buurman is ziek",
    )
    services.end(actor=coordinator, agreement=agreement, reason="stopped", today=ended_on)
    return application


def test_retention_erases_free_text_and_keeps_what_the_evaluation_needs(
    org, coordinator, settings
) -> None:
    settings.VOORRANG_RETENTION_MONTHS = 12
    today = timezone.localdate()
    old = _ended_commitment_with_everything(org, coordinator, today)
    seeker = old.seeker
    assert "applications erased (after 12 months): 0" in run("apply_retention")
    later = add_months(today, 12)
    assert "applications erased (after 12 months): 1" in run(
        "apply_retention", "--today", later.isoformat()
    )
    old.refresh_from_db()
    assert old.seeker is None
    assert old.pseudonym.startswith("P-")
    assert (old.motivation, old.skills, old.experience) == ("", "", "")
    assert list(Intake.objects.filter(application=old).values_list("notes", flat=True)) == [""]
    assert set(AssessmentScore.objects.values_list("reason", flat=True)) == {""}
    check_in = CheckIn.objects.get(agreement__application=old, month=3)
    assert check_in.note == ""
    # Kept: dates, statuses, hours, scores and structured answers.
    assert (check_in.settled, check_in.contact, check_in.going, check_in.hours_last_month) == (
        5,
        4,
        "partly",
        9,
    )
    assert check_in.answered_at is not None
    assert list(AssessmentScore.objects.values_list("score", flat=True)) == [4, 4, 4, 4]
    log = ActivityLog.objects.get()
    assert (log.hours, log.description) == (Decimal(3), "")
    assert old.agreement.end_reason == "stopped"
    assert old.agreement.hours_per_month == 16
    # The corporation's view stays with the seeker (ended); the audit event names no one.
    assert Commitment.objects.get(seeker=seeker).status == "ended"
    event = AuditEvent.objects.get(action="track.retention_applied")
    assert event.after == {"pseudonym": old.pseudonym}
    # Run again: nothing more to do.
    assert "erased (after 12 months): 0" in run("apply_retention", "--today", later.isoformat())


def test_retention_also_covers_declined_and_withdrawn_applications_but_not_open_ones(
    org, coordinator, settings
) -> None:
    settings.VOORRANG_RETENTION_MONTHS = 6
    declined = f.declined(f.applied(org), coordinator)
    withdrawn = f.applied(org, seeker=SeekerFactory())
    services.withdraw(actor=None, application=withdrawn)
    objecting = f.declined(f.applied(org, seeker=SeekerFactory()), coordinator)
    services.lodge_objection(actor=None, application=objecting, grounds="Oneens")
    approved = f.approved(f.applied(org, seeker=SeekerFactory()), coordinator)
    later = add_months(timezone.localdate(), 7)
    assert services.apply_retention(today=later) == 2
    erased = set(Application.objects.filter(seeker__isnull=True).values_list("pk", flat=True))
    assert erased == {declined.pk, withdrawn.pk}
    assert Application.objects.get(pk=approved.pk).motivation
    assert Application.objects.get(pk=objecting.pk).motivation


def test_retention_dry_run_changes_nothing(org, coordinator, settings) -> None:
    settings.VOORRANG_RETENTION_MONTHS = 1
    f.declined(f.applied(org), coordinator)
    later = add_months(timezone.localdate(), 2).isoformat()
    assert "applications to erase (after 1 months): 1" in run(
        "apply_retention", "--dry-run", "--today", later
    )
    assert Application.objects.filter(seeker__isnull=True).count() == 0
