"""Every allowed and every forbidden transition of vacancies and offers."""

from __future__ import annotations

import itertools

import pytest

from voorrang.allocation.models import Offer, Vacancy
from voorrang.allocation.states import (
    ALLOWED_OFFER_CHANGES,
    ALLOWED_VACANCY_CHANGES,
    OFFER_MACHINE,
    VACANCY_MACHINE,
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
