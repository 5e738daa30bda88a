from __future__ import annotations

import datetime as dt

import pytest

from tests.allocation.flow import published, ranked
from tests.factories import SeekerFactory, StaffFactory
from voorrang.allocation import services as allocation


@pytest.fixture
def ranker(db: None):
    return StaffFactory()


@pytest.fixture
def decider(db: None):
    return StaffFactory()


@pytest.fixture
def letting(ranker):
    """A ranked vacancy with an offer to the first of three candidates; the fourth is
    excluded (a household of five for a home of at most four)."""
    first, second, third = (SeekerFactory(registered_on=dt.date(2005 + i, 1, 1)) for i in range(3))
    excluded = SeekerFactory(household=[dt.date(1980, 1, 1)] * 5)
    vacancy = ranked(ranker, published(ranker), [first, second, third, excluded])
    offer = allocation.offer_next(actor=ranker, vacancy=vacancy)
    vacancy.refresh_from_db()
    return {
        "vacancy": vacancy,
        "offer": offer,
        "first": first,
        "second": second,
        "third": third,
        "excluded": excluded,
    }
