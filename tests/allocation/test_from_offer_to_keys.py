"""The steps between the offer and the keys: the viewing, the acceptance, the checks at offer,
the contract (the letting) and the key handover, each through its service, with its audit
event and a field error naming what is wrong."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.allocation.flow import published, ranked
from tests.factories import SeekerFactory, StaffFactory
from voorrang.allocation import selectors, services
from voorrang.allocation.models import Allocation, Offer, PublishedResult
from voorrang.allocation.states import AllocationState, OfferState, VacancyState
from voorrang.audit.models import AuditEvent
from voorrang.errors import InvalidChange, NotAllowed

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return StaffFactory()


@pytest.fixture
def offer(staff) -> Offer:
    vacancy = ranked(staff, published(staff), [SeekerFactory(), SeekerFactory()])
    return services.offer_next(actor=staff, vacancy=vacancy)


def _actions() -> list[str]:
    return list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))


def test_a_viewing_is_planned_before_the_deadline_and_its_outcome_recorded(staff, offer) -> None:
    at = offer.deadline - dt.timedelta(hours=5)
    services.plan_viewing(actor=staff, offer=offer, viewing_at=at)
    offer.refresh_from_db()
    assert (offer.state, offer.viewing_at) == (OfferState.VIEWING_PLANNED, at)
    # Moved to another time: still the same offer, still planned.
    later = at + dt.timedelta(hours=1)
    services.plan_viewing(actor=staff, offer=offer, viewing_at=later)
    services.record_viewing(actor=staff, offer=offer, outcome="attended", note="Liked the light")
    offer.refresh_from_db()
    assert (offer.viewing_at, offer.viewing_outcome) == (later, "attended")
    assert _actions()[-3:] == [
        "offer.viewing_planned",
        "offer.viewing_planned",
        "offer.viewing_recorded",
    ]
    # The candidate then answers as before.
    allocation = services.accept_offer(actor=staff, offer=offer)
    assert allocation.state == AllocationState.ACCEPTED


@pytest.mark.parametrize(
    "when",
    [
        lambda offer: timezone.now() - dt.timedelta(hours=1),  # in the past
        lambda offer: offer.deadline + dt.timedelta(hours=1),  # after the deadline
    ],
)
def test_a_viewing_out_of_time_is_refused_on_its_field(staff, offer, when) -> None:
    with pytest.raises(InvalidChange) as refused:
        services.plan_viewing(actor=staff, offer=offer, viewing_at=when(offer))
    assert refused.value.field == "viewing_at"
    offer.refresh_from_db()
    assert (offer.state, offer.viewing_at) == (OfferState.OPEN, None)


def test_an_outcome_needs_a_planned_viewing_and_a_choice_from_the_list(staff, offer) -> None:
    with pytest.raises(NotAllowed):
        services.record_viewing(actor=staff, offer=offer, outcome="attended")
    with pytest.raises(InvalidChange) as refused:
        services.record_viewing(actor=staff, offer=offer, outcome="maybe")
    assert refused.value.field == "viewing_outcome"


def test_an_offer_with_a_viewing_still_expires_and_goes_to_the_next(staff, offer) -> None:
    services.plan_viewing(
        actor=staff, offer=offer, viewing_at=offer.deadline - dt.timedelta(hours=2)
    )
    assert services.expire_due_offers(now=offer.deadline + dt.timedelta(minutes=1)) == 1
    offer.refresh_from_db()
    assert offer.state == OfferState.EXPIRED
    assert Offer.objects.get(vacancy=offer.vacancy, state=OfferState.OPEN).entry.position == 2


def test_acceptance_checks_contract_and_keys_let_the_home(staff, offer) -> None:
    vacancy = offer.vacancy
    allocation = services.accept_offer(actor=staff, offer=offer)
    vacancy.refresh_from_db()
    offer.seeker.refresh_from_db()
    # Accepted, not let: the vacancy is still on offer, nothing is published, and the
    # candidate is not housed yet, nor offered anything else.
    assert (vacancy.state, offer.seeker.status) == (VacancyState.OFFERING, "active")
    assert not PublishedResult.objects.exists()
    with pytest.raises(NotAllowed):
        services.offer_next(actor=staff, vacancy=vacancy)
    with pytest.raises(NotAllowed):
        services.withdraw_vacancy(actor=staff, vacancy=vacancy, reason="roof leaks")
    # The contract waits for the checks.
    with pytest.raises(NotAllowed):
        services.sign_contract(
            actor=staff, allocation=allocation, starts_on=allocation.accepted_on, rent=Decimal(1)
        )

    services.record_checks(actor=staff, allocation=allocation, passed=True)
    starts = allocation.accepted_on + dt.timedelta(days=14)
    services.sign_contract(
        actor=staff, allocation=allocation, starts_on=starts, rent=Decimal("712.50")
    )
    allocation.refresh_from_db()
    vacancy.refresh_from_db()
    offer.seeker.refresh_from_db()
    assert allocation.state == AllocationState.CONTRACT_SIGNED
    assert (allocation.contract_start, allocation.contract_rent) == (starts, Decimal("712.50"))
    assert allocation.let_on == allocation.contract_signed_on == timezone.localdate()
    assert (vacancy.state, offer.seeker.status) == (VacancyState.LET, "housed")
    assert PublishedResult.objects.get(vacancy=vacancy).position == 1

    services.hand_over_keys(actor=staff, allocation=allocation, handed_on=starts)
    allocation.refresh_from_db()
    assert (allocation.state, allocation.keys_handed_on) == (AllocationState.KEYS_HANDED, starts)
    assert _actions()[-5:] == [
        "offer.accepted",
        "allocation.checked",
        # The signing ends the new tenant's registration as the policy says.
        "seeker.registration_ended_after_letting",
        "allocation.contract_signed",
        "allocation.keys_handed",
    ]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"rent": Decimal("0")}, "contract_rent"),
        ({"rent": Decimal("-5")}, "contract_rent"),
        ({"starts_on": dt.date(2000, 1, 1)}, "contract_start"),
        ({"signed_on": dt.date(2000, 1, 1)}, "contract_signed_on"),
    ],
)
def test_a_wrong_contract_names_its_field_and_lets_nothing(staff, offer, change, field) -> None:
    allocation = services.accept_offer(actor=staff, offer=offer)
    services.record_checks(actor=staff, allocation=allocation, passed=True)
    contract = {"starts_on": allocation.accepted_on, "rent": Decimal("700"), **change}
    with pytest.raises(InvalidChange) as refused:
        services.sign_contract(actor=staff, allocation=allocation, **contract)
    assert refused.value.field == field
    allocation.refresh_from_db()
    offer.vacancy.refresh_from_db()
    assert allocation.state == AllocationState.CHECKED
    assert offer.vacancy.state == VacancyState.OFFERING


def test_keys_before_the_signing_are_refused(staff, offer) -> None:
    allocation = services.accept_offer(actor=staff, offer=offer)
    services.record_checks(actor=staff, allocation=allocation, passed=True)
    services.sign_contract(
        actor=staff, allocation=allocation, starts_on=allocation.accepted_on, rent=Decimal(700)
    )
    with pytest.raises(InvalidChange) as refused:
        services.hand_over_keys(actor=staff, allocation=allocation, handed_on=dt.date(2000, 1, 1))
    assert refused.value.field == "keys_handed_on"


def test_a_failed_check_ends_the_allocation_and_offers_the_home_to_the_next(staff, offer):
    allocation = services.accept_offer(actor=staff, offer=offer)
    with pytest.raises(InvalidChange) as refused:
        services.record_checks(actor=staff, allocation=allocation, passed=False, note=" ")
    assert refused.value.field == "check_note"

    following = services.record_checks(
        actor=staff, allocation=allocation, passed=False, note="Income above the limit"
    )
    allocation.refresh_from_db()
    offer.refresh_from_db()
    assert allocation.state == AllocationState.CHECK_FAILED
    assert allocation.check_note == "Income above the limit"
    assert offer.state == OfferState.WITHDRAWN
    assert following is not None and following.entry.position == 2
    # The next candidate can accept: a second allocation of the same vacancy.
    second = services.accept_offer(actor=staff, offer=following)
    assert Allocation.objects.filter(vacancy=offer.vacancy).count() == 2
    assert second.state == AllocationState.ACCEPTED
    assert "allocation.check_failed" in _actions()


def test_an_accepted_candidate_is_offered_nothing_else_meanwhile(staff) -> None:
    seeker, other = SeekerFactory(), SeekerFactory()
    first = ranked(staff, published(staff), [seeker])
    second = ranked(staff, published(staff), [seeker, other])
    services.accept_offer(actor=staff, offer=services.offer_next(actor=staff, vacancy=first))
    assert services.offer_next(actor=staff, vacancy=second).seeker == other


def test_the_work_queue_lists_viewings_checks_contracts_and_keys(staff) -> None:
    vacancies = [
        ranked(staff, published(staff), [SeekerFactory(), SeekerFactory()]) for _ in range(4)
    ]
    offers = [services.offer_next(actor=staff, vacancy=v) for v in vacancies]
    services.plan_viewing(
        actor=staff, offer=offers[0], viewing_at=offers[0].deadline - dt.timedelta(hours=3)
    )
    accepted = [services.accept_offer(actor=staff, offer=o) for o in offers[1:]]
    for allocation in accepted[1:]:
        services.record_checks(actor=staff, allocation=allocation, passed=True)
    services.sign_contract(
        actor=staff, allocation=accepted[2], starts_on=timezone.localdate(), rent=Decimal(650)
    )

    queue = selectors.work_queue(viewer=staff)
    assert queue.section("viewings").items == [offers[0]]
    assert queue.section("checks").items == [accepted[0]]
    assert queue.section("contracts").items == [accepted[1]]
    assert queue.section("keys").items == [accepted[2]]
