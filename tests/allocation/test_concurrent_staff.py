"""Two staff members acting at the same moment, on PostgreSQL with real row locks.

Each thread has its own database connection (Django's connections are per thread), so the
locks and constraints of the server decide, not the test."""

from __future__ import annotations

import pytest

from tests.allocation.flow import published, ranked
from tests.concurrency import at_once
from tests.factories import SeekerFactory, StaffFactory, UnitFactory
from voorrang.allocation import services
from voorrang.allocation.models import Allocation, Offer
from voorrang.errors import DomainError

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("postgres_only"),
]


def test_two_staff_accepting_one_offer_let_the_unit_once() -> None:
    staff_a, staff_b = StaffFactory(), StaffFactory()
    vacancy = ranked(staff_a, published(staff_a), [SeekerFactory(), SeekerFactory()])
    offer = services.offer_next(actor=staff_a, vacancy=vacancy)
    results = at_once(
        lambda: services.accept_offer(actor=staff_a, offer=offer),
        lambda: services.accept_offer(actor=staff_b, offer=offer),
    )
    assert sum(isinstance(r, Allocation) for r in results) == 1
    assert sum(isinstance(r, DomainError) for r in results) == 1
    assert Allocation.objects.filter(vacancy=vacancy).count() == 1


def test_accept_and_refuse_at_once_leave_one_consistent_outcome() -> None:
    staff_a, staff_b = StaffFactory(), StaffFactory()
    vacancy = ranked(staff_a, published(staff_a), [SeekerFactory() for _ in range(3)])
    offer = services.offer_next(actor=staff_a, vacancy=vacancy)
    results = at_once(
        lambda: services.accept_offer(actor=staff_a, offer=offer),
        lambda: services.refuse_offer(actor=staff_b, offer=offer, reason="rent"),
    )
    offer.refresh_from_db()
    assert sum(isinstance(r, DomainError) for r in results) == 1
    if offer.state == "accepted":
        assert Allocation.objects.filter(vacancy=vacancy).count() == 1
        assert not Offer.objects.filter(vacancy=vacancy, state="open").exists()
    else:
        assert offer.state == "refused"
        assert Allocation.objects.filter(vacancy=vacancy).count() == 0
        assert Offer.objects.filter(vacancy=vacancy, state="open").count() == 1


def test_one_seeker_first_on_two_lists_gets_one_offer_and_no_offer_is_lost() -> None:
    staff_a, staff_b = StaffFactory(), StaffFactory()
    favourite, second, third = (SeekerFactory() for _ in range(3))
    one = ranked(staff_a, published(staff_a), [favourite, second, third])
    two = published(staff_a, unit=UnitFactory(number=2), closes_on=one.closes_on)
    two = ranked(staff_a, two, [favourite, second, third])
    results = at_once(
        lambda: services.offer_next(actor=staff_a, vacancy=one),
        lambda: services.offer_next(actor=staff_b, vacancy=two),
    )
    assert all(isinstance(r, Offer) for r in results), results
    assert Offer.objects.filter(seeker=favourite, state="open").count() == 1
    assert {r.seeker for r in results} == {favourite, second}
    assert Offer.objects.filter(state="open").count() == 2
