"""The agreement and its follow-up: every transition of the follow-up's state machine
(allowed and refused), the check-ins after the move, the activity log and the PDF."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.commitments import factories as f
from tests.factories import BuildingFactory, SeekerFactory
from voorrang.commitments import selectors, services
from voorrang.commitments.dates import add_months
from voorrang.commitments.models import BuildingNeed, Commitment, StatusPeriod
from voorrang.commitments.pdf import agreement_pdf
from voorrang.commitments.states import FollowUpStatus
from voorrang.errors import InvalidChange, NotAllowed

pytestmark = pytest.mark.django_db


def test_every_building_of_an_organisation_gets_the_default_catalogue(org) -> None:
    names = list(org.buildings.get().needs.values_list("name", flat=True))
    assert names == [
        "Koffieochtenden",
        "De groengroep",
        "Huiswerkbegeleiding",
        "Klusjes",
        "Aanspreekpunt in het trappenhuis",
        "Taalmaatje",
    ]


def test_an_agreement_needs_an_approved_application(org, coordinator) -> None:
    application = f.held(f.applied(org), coordinator)
    with pytest.raises(NotAllowed):
        services.make_agreement(
            actor=coordinator,
            application=application,
            activities=list(application.building.needs.all()[:1]),
            hours_per_month=8,
            coordinator=coordinator,
            starts_on=timezone.localdate(),
            signed_on=timezone.localdate(),
        )


def test_an_agreement_takes_activities_from_the_buildings_catalogue_only(org, coordinator) -> None:
    application = f.approved(f.applied(org), coordinator)
    other = BuildingFactory(name="Andere flat")
    foreign = BuildingNeed.objects.create(building=other, name="Elders")
    kwargs = dict(
        actor=coordinator,
        application=application,
        hours_per_month=8,
        coordinator=coordinator,
        starts_on=timezone.localdate(),
        signed_on=timezone.localdate(),
    )
    with pytest.raises(InvalidChange) as error:
        services.make_agreement(activities=[], **kwargs)
    assert error.value.field == "activities"
    with pytest.raises(InvalidChange):
        services.make_agreement(activities=[foreign], **kwargs)
    agreement = services.make_agreement(
        activities=list(application.building.needs.all()[:2]), **kwargs
    )
    assert agreement.duration_months == 24
    # Signed before any home is let: not active, waiting for a home.
    assert agreement.status == FollowUpStatus.WAITING
    assert agreement.moved_in_on is None and not agreement.check_ins.exists()
    assert [(p.status, p.ends_on) for p in agreement.periods.all()] == [("waiting", None)]
    with pytest.raises(NotAllowed):
        services.make_agreement(activities=list(application.building.needs.all()[:2]), **kwargs)


def test_a_coordinator_of_another_organisation_cannot_be_named_in_the_agreement(
    org, coordinator
) -> None:
    other_org = f.organisation("Andere stichting", BuildingFactory(name="Flat B"))
    stranger = f.coordinator(other_org, "vreemde")
    application = f.approved(f.applied(org), coordinator)
    with pytest.raises(InvalidChange) as error:
        services.make_agreement(
            actor=coordinator,
            application=application,
            activities=list(application.building.needs.all()[:1]),
            hours_per_month=8,
            coordinator=stranger,
            starts_on=timezone.localdate(),
            signed_on=timezone.localdate(),
        )
    assert error.value.field == "coordinator"


def test_the_move_plans_check_ins_at_3_6_12_and_24_months(org, coordinator) -> None:
    agreement = f.moved_in(f.applied(org), coordinator, days_ago=10)
    moved = agreement.moved_in_on
    assert [(c.month, c.due_on) for c in agreement.check_ins.all()] == [
        (m, add_months(moved, m)) for m in (3, 6, 12, 24)
    ]
    # The daily duty finds nothing more to start, and plans nothing twice.
    assert services.start_due_follow_ups() == 0
    assert agreement.check_ins.count() == 4


def test_the_follow_up_starts_at_the_letting_through_the_commitment_tier(
    org, coordinator, staff_allocation_flow
) -> None:
    agreement, let_on = staff_allocation_flow
    agreement.refresh_from_db()
    allocation = agreement.application.seeker.allocations.get()
    assert allocation.via_commitment and allocation.contract_start == let_on
    assert agreement.status == FollowUpStatus.ACTIVE
    assert agreement.moved_in_on == allocation.contract_start
    assert [(p.status, p.ends_on) for p in agreement.periods.all()] == [
        ("waiting", let_on),
        ("active", None),
    ]
    assert agreement.check_ins.count() == 4
    assert services.start_due_follow_ups() == 0


def test_active_to_paused_to_active_to_ended_with_periods(org, coordinator) -> None:
    agreement = f.moved_in(f.applied(org), coordinator)
    today = timezone.localdate()
    with pytest.raises(InvalidChange):
        services.pause(actor=coordinator, agreement=agreement, reason="")
    services.pause(actor=coordinator, agreement=agreement, reason="Ziek", today=today)
    with pytest.raises(NotAllowed):
        services.pause(actor=coordinator, agreement=agreement, reason="Nog eens")
    services.resume(actor=coordinator, agreement=agreement, today=today)
    with pytest.raises(NotAllowed):
        services.resume(actor=coordinator, agreement=agreement)
    with pytest.raises(InvalidChange):
        services.end(actor=coordinator, agreement=agreement, reason="whatever")
    services.end(actor=coordinator, agreement=agreement, reason="health", today=today)
    agreement.refresh_from_db()
    assert (agreement.status, agreement.end_reason, agreement.ended_on) == (
        FollowUpStatus.ENDED,
        "health",
        today,
    )
    assert list(
        StatusPeriod.objects.filter(agreement=agreement).values_list("status", "ends_on")
    ) == [
        ("waiting", agreement.moved_in_on),
        ("active", today),
        ("paused", today),
        ("active", today),
        ("ended", None),
    ]
    # The corporation sees the commitment ended; the tenancy is not touched.
    assert Commitment.objects.get(seeker=agreement.application.seeker).status == "ended"
    for step in (
        lambda: services.pause(actor=coordinator, agreement=agreement, reason="x"),
        lambda: services.resume(actor=coordinator, agreement=agreement),
        lambda: services.end(actor=coordinator, agreement=agreement, reason="moved"),
    ):
        with pytest.raises(NotAllowed):
            step()


def test_paused_to_ended(org, coordinator) -> None:
    agreement = f.moved_in(f.applied(org), coordinator)
    services.pause(actor=coordinator, agreement=agreement, reason="Even niet")
    services.end(actor=coordinator, agreement=agreement, reason="stopped")
    agreement.refresh_from_db()
    assert agreement.status == FollowUpStatus.ENDED


def test_activities_are_logged_after_the_move_and_counted_against_the_hours_agreed(
    org, coordinator
) -> None:
    application = f.applied(org)
    today = timezone.localdate()
    agreement = f.agreed(application, coordinator, signed_on=add_months(today, -3))
    need = agreement.activities.first()
    with pytest.raises(NotAllowed):
        services.log_activity(
            actor=None,
            agreement=agreement,
            done_on=today,
            hours=Decimal(2),
            need=need,
            logged_by="seeker",
        )
    f.let_through_commitment(application, starts_on=add_months(today, -2))
    agreement.refresh_from_db()
    with pytest.raises(InvalidChange) as error:
        services.log_activity(
            actor=None,
            agreement=agreement,
            done_on=today + dt.timedelta(days=1),
            hours=Decimal(2),
            need=need,
            logged_by="seeker",
        )
    assert error.value.field == "done_on"
    with pytest.raises(InvalidChange) as error:
        services.log_activity(
            actor=None,
            agreement=agreement,
            done_on=today,
            hours=Decimal(30),
            need=need,
            logged_by="seeker",
        )
    assert error.value.field == "hours"
    services.log_activity(
        actor=None,
        agreement=agreement,
        done_on=today,
        hours=Decimal("2.5"),
        need=need,
        logged_by="seeker",
    )
    services.log_activity(
        actor=coordinator,
        agreement=agreement,
        done_on=today,
        hours=Decimal(3),
        need=None,
        logged_by="coordinator",
    )
    hours = selectors.hours(agreement)
    assert hours.logged == Decimal("5.5")
    assert hours.agreed == Decimal(32)  # 16 hours a month, two whole months


def test_a_check_in_opens_two_weeks_before_it_is_due_and_is_answered_once(org, coordinator) -> None:
    agreement = f.moved_in(f.applied(org), coordinator, days_ago=10)
    first = agreement.check_ins.get(month=3)
    answer = dict(
        actor=None,
        answered_by="seeker",
        settled=4,
        contact=3,
        going="yes",
        hours_last_month=12,
        wants_support=False,
        note="Gaat goed",
    )
    with pytest.raises(NotAllowed):
        services.answer_check_in(check_in=first, **answer)
    agreement = f.moved_in(f.applied(org, seeker=SeekerFactory()), coordinator, days_ago=85)
    first = agreement.check_ins.get(month=3)
    with pytest.raises(InvalidChange) as error:
        services.answer_check_in(check_in=first, **{**answer, "settled": 7})
    assert error.value.field == "settled"
    services.answer_check_in(check_in=first, **answer)
    first.refresh_from_db()
    assert (first.settled, first.going, first.answered_by) == (4, "yes", "seeker")
    with pytest.raises(NotAllowed):
        services.answer_check_in(check_in=first, **answer)


def test_the_agreement_is_printed_as_a_pdf(org, coordinator) -> None:
    agreement = f.agreed(f.applied(org), coordinator)
    pdf = agreement_pdf(agreement, language="nl")
    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 2000
