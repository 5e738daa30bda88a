from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from tests.allocation.flow import published, ranked
from tests.factories import SeekerFactory
from tests.staff.accounts import account, log_in


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:
    """Many accounts are made here; the production hasher (Argon2) is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff(db: None):
    return account("verhuur1", "staff-allocation")


@pytest.fixture
def staff_client(staff) -> Client:
    """Logged in as letting staff, asking for English: the assertions read the source strings
    (the Dutch catalogue is completed separately; Dutch pages are tested for structure)."""
    client = Client(headers={"accept-language": "en"})
    log_in(client, staff)
    return client


@pytest.fixture
def second_staff(db: None):
    return account("verhuur2", "staff-allocation")


@pytest.fixture
def ranked_vacancy(staff):
    """A published, closed and ranked vacancy with three eligible candidates and one excluded
    (a household of five for a home of at most four)."""
    vacancy = published(staff)
    seekers = [
        SeekerFactory(registered_on=dt.date(2005, 1, 1)),
        SeekerFactory(registered_on=dt.date(2008, 1, 1)),
        SeekerFactory(registered_on=dt.date(2012, 1, 1)),
        SeekerFactory(household=[dt.date(1980, 1, 1)] * 5),
    ]
    return ranked(staff, vacancy, seekers)
