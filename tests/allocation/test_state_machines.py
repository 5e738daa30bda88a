"""Every allowed and every forbidden transition of vacancies, offers and allocations."""

from __future__ import annotations

import itertools

import pytest

from voorrang.allocation.models import Allocation, Offer, Vacancy
from voorrang.allocation.states import (
    ALLOCATION_MACHINE,
    ALLOWED_ALLOCATION_CHANGES,
    ALLOWED_OFFER_CHANGES,
    ALLOWED_VACANCY_CHANGES,
    OFFER_MACHINE,
    PENDING_OFFER_STATES,
    VACANCY_MACHINE,
    AllocationState,
    OfferState,
    VacancyState,
)
from voorrang.errors import NotAllowed

VACANCY_PAIRS = list(itertools.product(VacancyState.values, repeat=2))
OFFER_PAIRS = list(itertools.product(OfferState.values, repeat=2))


def test_every_state_is_declared() -> None:
    assert set(ALLOWED_VACANCY_CHANGES) == set(VacancyState.values)
    assert set(ALLOWED_OFFER_CHANGES) == set(OfferState.values)
    # let and withdrawn are final; every open state can be withdrawn.
    assert ALLOWED_VACANCY_CHANGES["let"] == ALLOWED_VACANCY_CHANGES["withdrawn"] == frozenset()
    for state in ("draft", "published", "closed", "ranked", "offering"):
        assert "withdrawn" in ALLOWED_VACANCY_CHANGES[state]


@pytest.mark.parametrize(("old", "new"), VACANCY_PAIRS)
def test_vacancy_transition(old, new) -> None:
    vacancy = Vacancy(state=old)
    if new in ALLOWED_VACANCY_CHANGES[old]:
        assert VACANCY_MACHINE.move(vacancy, new) == old
        assert vacancy.state == new
    else:
        with pytest.raises(NotAllowed):
            VACANCY_MACHINE.move(vacancy, new)
        assert vacancy.state == old


@pytest.mark.parametrize(("old", "new"), OFFER_PAIRS)
def test_offer_transition(old, new) -> None:
    offer = Offer(state=old)
    if new in ALLOWED_OFFER_CHANGES[old]:
        OFFER_MACHINE.move(offer, new)
        assert offer.state == new
    else:
        with pytest.raises(NotAllowed):
            OFFER_MACHINE.move(offer, new)
        assert offer.state == old


ALLOCATION_PAIRS = list(itertools.product(AllocationState.values, repeat=2))


def test_every_allocation_state_is_declared_and_the_ends_are_final() -> None:
    assert set(ALLOWED_ALLOCATION_CHANGES) == set(AllocationState.values)
    assert ALLOWED_ALLOCATION_CHANGES["keys_handed"] == frozenset()
    assert ALLOWED_ALLOCATION_CHANGES["check_failed"] == frozenset()
    # The steps in their order, with one way out: a failed check, before the contract only.
    assert ALLOWED_ALLOCATION_CHANGES["accepted"] == {"checked", "check_failed"}
    assert ALLOWED_ALLOCATION_CHANGES["checked"] == {"contract_signed"}
    assert ALLOWED_ALLOCATION_CHANGES["contract_signed"] == {"keys_handed"}


def test_an_offer_with_a_viewing_is_still_answered_and_an_acceptance_can_be_undone_only_by_checks():
    assert {"open", "viewing"} == PENDING_OFFER_STATES
    for pending in PENDING_OFFER_STATES:
        assert {"accepted", "refused", "expired", "withdrawn"} <= ALLOWED_OFFER_CHANGES[pending]
    assert ALLOWED_OFFER_CHANGES["accepted"] == {"withdrawn"}


@pytest.mark.parametrize(("old", "new"), ALLOCATION_PAIRS)
def test_allocation_transition(old, new) -> None:
    allocation = Allocation(state=old)
    if new in ALLOWED_ALLOCATION_CHANGES[old]:
        assert ALLOCATION_MACHINE.move(allocation, new) == old
        assert allocation.state == new
    else:
        with pytest.raises(NotAllowed) as refused:
            ALLOCATION_MACHINE.move(allocation, new)
        assert refused.value.code == "allocation_state"
        assert allocation.state == old
