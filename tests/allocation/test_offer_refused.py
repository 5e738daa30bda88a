"""Refusals, expiry and passing over a candidate who holds an open offer elsewhere."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.allocation.flow import published, ranked
from tests.factories import SeekerFactory, StaffFactory, UnitFactory
from voorrang.allocation import services
from voorrang.allocation.models import Offer
from voorrang.allocation.states import OfferState, VacancyState
from voorrang.errors import InvalidChange, NotAllowed

pytestmark = pytest.mark.django_db


def three_seekers():
    return [SeekerFactory(registered_on=dt.date(2005 + i, 1, 1)) for i in range(3)]


def test_a_refusal_needs_a_reason_and_moves_to_the_next_candidate() -> None:
    staff = StaffFactory()
    first, second, third = three_seekers()
    vacancy = ranked(staff, published(staff), [third, first, second])
    offer = services.offer_next(actor=staff, vacancy=vacancy)
    assert offer.seeker == first
    with pytest.raises(InvalidChange) as caught:
        services.refuse_offer(actor=staff, offer=offer, reason="bored")
    assert caught.value.field == "refusal_reason"
    with pytest.raises(InvalidChange) as caught:
        services.refuse_offer(actor=staff, offer=offer, reason="other", text=" ")
    assert caught.value.field == "refusal_text"
    offer.refresh_from_db()
    assert offer.state == OfferState.OPEN  # nothing was half-written

    following = services.refuse_offer(actor=staff, offer=offer, reason="floor", text="4th floor")
    offer.refresh_from_db()
    assert (offer.state, offer.refusal_reason, offer.refusal_text) == (
        "refused",
        "floor",
        "4th floor",
    )
    assert following.seeker == second and following.state == OfferState.OPEN


def test_a_candidate_with_an_open_offer_elsewhere_is_passed_over_and_stays_in_the_list() -> None:
    staff = StaffFactory()
    first, second, _ = seekers = three_seekers()
    one = ranked(staff, published(staff), seekers)
    # A second vacancy elsewhere closes later, so the same three can respond to it.
    other_unit = UnitFactory(number=1)
    two = published(staff, unit=other_unit, closes_on=one.closes_on + dt.timedelta(days=1))
    two = ranked(staff, two, seekers)

    offer_one = services.offer_next(actor=staff, vacancy=one)
    assert offer_one.seeker == first
    offer_two = services.offer_next(actor=staff, vacancy=two)
    assert offer_two.seeker == second  # first holds an open offer: passed over for now

    # First refuses one; the home goes to the next free candidate, first stays in two's list.
    services.refuse_offer(actor=staff, offer=offer_one, reason="location")
    # Second holds two's offer, so one goes to the third.
    assert Offer.objects.get(vacancy=one, state="open").seeker == seekers[2]
    services.refuse_offer(actor=staff, offer=offer_two, reason="size")
    assert Offer.objects.get(vacancy=two, state="open").seeker == first


def test_expire_offers_command_expires_due_offers_and_offers_the_next() -> None:
    staff = StaffFactory()
    first, second, _ = three_seekers()
    vacancy = ranked(staff, published(staff), [first, second])
    past = timezone.now() - dt.timedelta(minutes=1)
    offer = services.offer_next(actor=staff, vacancy=vacancy, deadline=past)
    out = io.StringIO()
    call_command("expire_offers", stdout=out)
    offer.refresh_from_db()
    assert offer.state == OfferState.EXPIRED
    assert "1" in out.getvalue()
    assert Offer.objects.get(vacancy=vacancy, state="open").seeker == second
    # Running it again changes nothing.
    call_command("expire_offers", stdout=io.StringIO())
    assert Offer.objects.filter(vacancy=vacancy).count() == 2


def test_an_expired_offer_cannot_be_accepted() -> None:
    staff = StaffFactory()
    vacancy = ranked(staff, published(staff), three_seekers())
    offer = services.offer_next(
        actor=staff, vacancy=vacancy, deadline=timezone.now() - dt.timedelta(seconds=1)
    )
    with pytest.raises(NotAllowed) as caught:
        services.accept_offer(actor=staff, offer=offer)
    assert caught.value.code == "expired"
    vacancy.refresh_from_db()
    assert vacancy.state == VacancyState.OFFERING


def test_when_nobody_is_left_no_offer_is_made() -> None:
    staff = StaffFactory()
    only = SeekerFactory()
    vacancy = ranked(staff, published(staff), [only])
    offer = services.offer_next(actor=staff, vacancy=vacancy)
    assert services.refuse_offer(actor=staff, offer=offer, reason="rent") is None
    vacancy.refresh_from_db()
    assert vacancy.state == VacancyState.OFFERING
    assert services.offer_next(actor=staff, vacancy=vacancy) is None
