"""From the letting to the follow-up: a home let through the commitment tier starts the
follow-up by itself at the tenancy's start (at once, or by the daily duty when the contract
starts later); a holder housed by another route gets what the policy says."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from django.apps import apps
from django.core import mail
from django.utils import timezone

from tests.commitments import factories as f
from tests.factories import SeekerFactory
from voorrang.allocation.models import ROUTE_WORDS
from voorrang.audit.models import AuditEvent
from voorrang.commitments import selectors, services
from voorrang.commitments.models import Commitment, StatusPeriod
from voorrang.commitments.states import ApplicationStatus, EndReason, FollowUpStatus
from voorrang.errors import NotAllowed
from voorrang.notifications.emails import send_pending
from voorrang.notifications.models import PendingBatch
from voorrang.rules import load_policy
from voorrang.rules.errors import InvalidInput

pytestmark = pytest.mark.django_db


def test_a_letting_through_the_commitment_tier_starts_the_follow_up_at_the_contract_start(
    org, coordinator
) -> None:
    application = f.applied(org)
    today = timezone.localdate()
    agreement = f.agreed(application, coordinator, signed_on=today - dt.timedelta(days=20))
    assert agreement.status == FollowUpStatus.WAITING
    allocation = f.let_through_commitment(application)
    agreement.refresh_from_db()
    assert allocation.via_commitment and allocation.route == ROUTE_WORDS[True]
    assert agreement.status == FollowUpStatus.ACTIVE
    assert agreement.moved_in_on == allocation.contract_start == today
    assert agreement.check_ins.count() == 4
    event = AuditEvent.objects.get(action="track.follow_up_started")
    assert event.after["moved_in_on"] == today.isoformat()
    assert event.after["vacancy"] == allocation.vacancy.reference


def test_a_contract_that_starts_later_is_started_by_the_daily_duty_on_that_day(
    org, coordinator
) -> None:
    application = f.applied(org)
    today = timezone.localdate()
    agreement = f.agreed(application, coordinator)
    start = today + dt.timedelta(days=14)
    allocation = f.let_through_commitment(application, starts_on=start)
    agreement.refresh_from_db()
    assert allocation.contract_start == start
    assert agreement.status == FollowUpStatus.WAITING and not agreement.check_ins.exists()
    with pytest.raises(NotAllowed):  # hours are logged from the tenancy's start only
        services.log_activity(
            actor=None,
            agreement=agreement,
            done_on=today,
            hours=2,
            need=None,
            logged_by="seeker",
        )
    assert services.start_due_follow_ups(today=start - dt.timedelta(days=1)) == 0
    assert services.start_due_follow_ups(today=start) == 1
    agreement.refresh_from_db()
    assert (agreement.status, agreement.moved_in_on) == (FollowUpStatus.ACTIVE, start)
    assert min(c.due_on for c in agreement.check_ins.all()) > start
    assert services.start_due_follow_ups(today=start) == 0


def test_a_regular_letting_in_the_building_starts_no_follow_up(org, coordinator) -> None:
    """Only a letting through the commitment tier starts it, not any home in the building."""
    application = f.applied(org)
    agreement = f.agreed(application, coordinator)
    allocation = f.let_home(application.seeker, building=application.building, targeted=False)
    assert not allocation.via_commitment
    agreement.refresh_from_db()
    assert agreement.moved_in_on is None and not agreement.check_ins.exists()
    assert services.start_due_follow_ups() == 0


def test_an_approved_volunteer_housed_regularly_has_the_commitment_ended_by_the_policy(
    org, coordinator
) -> None:
    assert load_policy("zeist-2026").housed_by_other_route == "end"
    application = f.approved(f.applied(org), coordinator)
    allocation = f.let_home(application.seeker)  # another building, the usual order
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ENDED
    assert application.housed_elsewhere == "end"
    assert application.housed_elsewhere_on == allocation.contract_start
    assert Commitment.objects.get(seeker=application.seeker).status == "ended"
    event = AuditEvent.objects.get(action="track.housed_by_other_route")
    assert event.after["policy"] == "end" and event.after["via_commitment"] is False
    # The seeker hears it through the notifications queue.
    assert PendingBatch.objects.filter(event="commitment_ended", object_id=application.pk)
    mail.outbox.clear()
    send_pending()
    [email] = [m for m in mail.outbox if application.building.name in m.body]
    assert email.to == [application.seeker.email]
    assert "inzet" in email.subject  # in the seeker's language, Dutch unless they chose


def test_a_waiting_agreement_of_a_holder_housed_regularly_ends_with_that_reason(
    org, coordinator
) -> None:
    application = f.applied(org)
    agreement = f.agreed(application, coordinator)
    f.let_home(application.seeker, building=application.building, targeted=False)
    agreement.refresh_from_db()
    assert agreement.status == FollowUpStatus.ENDED
    assert agreement.end_reason == EndReason.HOUSED_OTHER_ROUTE
    assert [p.status for p in StatusPeriod.objects.filter(agreement=agreement)] == [
        "waiting",
        "ended",
    ]
    assert Commitment.objects.get(seeker=application.seeker).status == "ended"


def test_a_policy_that_keeps_the_commitment_keeps_it_and_says_so(
    org, coordinator, monkeypatch
) -> None:
    keeping = replace(load_policy("zeist-2026"), housed_by_other_route="keep")
    monkeypatch.setattr(
        "voorrang.allocation.services.housed.policy_of_letting", lambda allocation: keeping
    )
    application = f.approved(f.applied(org), coordinator)
    f.let_home(application.seeker)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert application.housed_elsewhere == "keep"
    assert Commitment.objects.get(seeker=application.seeker).status == "approved"
    assert not PendingBatch.objects.filter(event="commitment_ended").exists()
    assert AuditEvent.objects.get(action="track.housed_by_other_route").after["policy"] == "keep"


def test_an_agreement_signed_after_the_letting_starts_at_once(org, coordinator) -> None:
    application = f.approved(f.applied(org), coordinator)
    allocation = f.let_through_commitment(
        application, starts_on=timezone.localdate() - dt.timedelta(days=3)
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED  # the commitment did its work
    assert not application.housed_elsewhere
    agreement = services.make_agreement(
        actor=coordinator,
        application=application,
        activities=list(application.building.needs.all()[:1]),
        hours_per_month=8,
        coordinator=coordinator,
        starts_on=timezone.localdate(),
        signed_on=timezone.localdate(),
    )
    assert agreement.status == FollowUpStatus.ACTIVE
    assert agreement.moved_in_on == allocation.contract_start


def test_the_policy_file_says_end_or_keep_with_a_source() -> None:
    import tomllib

    from voorrang.rules.policy import policy_from_file_document

    path = Path(__file__).parents[2] / "src/voorrang/policies/zeist-2026.toml"
    document = tomllib.loads(path.read_text())
    assert document["track"]["housed_by_other_route"] == "end"
    assert "track" not in load_policy("zeist-2026").unconfirmed
    document["track"]["housed_by_other_route"] = "maybe"
    with pytest.raises(InvalidInput):
        policy_from_file_document(document, "zeist-2026.toml")
    document["track"] = {"housed_by_other_route": "keep"}
    with pytest.raises(InvalidInput):
        policy_from_file_document(document, "zeist-2026.toml")
    document["track"]["source"] = "een keuze"
    assert policy_from_file_document(document, "x").housed_by_other_route == "keep"


def test_the_migration_makes_agreements_without_a_move_wait_and_splits_the_history(
    org, coordinator
) -> None:
    """Rows from before the waiting state: active from the signing, with or without a move."""
    import importlib

    migration = importlib.import_module(
        "voorrang.commitments.migrations.0007_follow_up_waits_for_a_targeted_letting"
    )
    today = timezone.localdate()
    old = f.agreed(f.applied(org), coordinator, signed_on=today - dt.timedelta(days=50))
    moved = f.agreed(
        f.applied(org, seeker=SeekerFactory()), coordinator, signed_on=today - dt.timedelta(40)
    )
    for agreement, moved_in_on in ((old, None), (moved, today - dt.timedelta(days=10))):
        type(agreement).objects.filter(pk=agreement.pk).update(
            status="active", moved_in_on=moved_in_on
        )
        StatusPeriod.objects.filter(agreement=agreement).update(status="active")
    migration.waiting_until_the_move(apps, None)
    old.refresh_from_db()
    moved.refresh_from_db()
    assert old.status == "waiting"
    assert [(p.status, p.ends_on) for p in old.periods.all()] == [("waiting", None)]
    assert moved.status == "active"
    assert [(p.status, p.starts_on, p.ends_on) for p in moved.periods.all()] == [
        ("waiting", moved.starts_on, moved.moved_in_on),
        ("active", moved.moved_in_on, None),
    ]


def test_a_waiting_agreement_is_neither_paused_nor_resumed_by_hand(org, coordinator) -> None:
    """waiting -> active belongs to the letting; a coordinator may only end a waiting one."""
    from voorrang.commitments.states import FOLLOW_UP_MACHINE

    assert FOLLOW_UP_MACHINE.allows("waiting", "active")
    assert FOLLOW_UP_MACHINE.allows("waiting", "ended")
    assert not FOLLOW_UP_MACHINE.allows("waiting", "paused")
    assert not FOLLOW_UP_MACHINE.allows("active", "waiting")
    agreement = f.agreed(f.applied(org), coordinator)
    with pytest.raises(NotAllowed):
        services.pause(actor=coordinator, agreement=agreement, reason="Nog geen woning")
    with pytest.raises(NotAllowed):
        services.resume(actor=coordinator, agreement=agreement)
    steps = selectors.next_steps(agreement.application, agreement)
    assert not (steps.pause or steps.resume or steps.log_activity) and steps.end
