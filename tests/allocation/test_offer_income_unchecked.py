"""At offer time, a home whose rent depends on the income goes only to a candidate whose
income staff have checked: one without is passed over (the audit trail says why), stays in
the ranking, and is reached once the income is checked."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.allocation.flow import published, ranked
from tests.factories import SeekerFactory, StaffFactory
from voorrang.allocation import services
from voorrang.allocation.services.income_checks import PASSED_OVER, income_decides_for
from voorrang.audit.models import AuditEvent
from voorrang.rules import load_policy
from voorrang.rules.eligibility import income_decides
from voorrang.seekers import services as seeker_services

pytestmark = pytest.mark.django_db


def test_which_rents_depend_on_the_income() -> None:
    policy = load_policy("zeist-2026")
    # Social rent: the income limit for social housing applies.
    assert income_decides(policy.liberalisation_limit, policy)
    assert income_decides(policy.aftopping_low - Decimal("50"), policy)
    # Above the lower aftoppingsgrens the affordability match applies, above the
    # liberalisation limit too.
    assert income_decides(policy.liberalisation_limit + Decimal("1"), policy)


def test_a_candidate_with_unchecked_income_is_passed_over_and_reached_once_checked() -> None:
    staff = StaffFactory()
    first = SeekerFactory(registered_on=dt.date(2005, 1, 1), income_check="unchecked")
    second = SeekerFactory(registered_on=dt.date(2006, 1, 1))
    vacancy = ranked(staff, published(staff), [first, second])
    assert income_decides_for(vacancy)

    offer = services.offer_next(actor=staff, vacancy=vacancy)
    assert offer.seeker == second
    event = AuditEvent.objects.get(action=PASSED_OVER)
    assert event.object_id == str(first.pk)
    assert event.summary == vacancy.reference
    assert event.after["position"] == 1
    assert event.after["income_check"] == "unchecked"
    # Still in the ranking: checked now, the next offer of this home reaches them.
    assert vacancy.rankings.get(is_current=True).entries.filter(seeker=first).exists()
    seeker_services.check_income(actor=staff, seeker=first)
    following = services.refuse_offer(actor=staff, offer=offer, reason="floor", text="")
    assert following.seeker == first


def test_a_rejected_income_is_passed_over_too() -> None:
    staff = StaffFactory()
    rejected = SeekerFactory(registered_on=dt.date(2005, 1, 1), income_check="rejected")
    vacancy = ranked(staff, published(staff), [rejected])
    assert services.offer_next(actor=staff, vacancy=vacancy) is None
    assert AuditEvent.objects.filter(action=PASSED_OVER, object_id=str(rejected.pk)).exists()
