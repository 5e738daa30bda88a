from __future__ import annotations

import pytest

from tests.commitments import factories


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def org(db: None):
    return factories.organisation()


@pytest.fixture
def coordinator(org):
    return factories.coordinator(org)


@pytest.fixture
def colleague(org):
    """A second coordinator of the organisation: decides on objections to the first one's
    declines."""
    return factories.coordinator(org, "colleague")


@pytest.fixture
def staff_allocation_flow(org, coordinator):
    """An agreed commitment whose seeker was let a home in the building through the real
    allocation services: returns the agreement and the letting date."""
    from tests.allocation.flow import let, published, ranked
    from tests.staff.accounts import account
    from voorrang.allocation import services as allocation

    application = factories.applied(org)
    agreement = factories.agreed(application, coordinator)
    staff = account("verhuur", "staff-allocation")
    vacancy = published(staff)
    vacancy = ranked(staff, vacancy, [application.seeker])
    offer = allocation.offer_next(actor=staff, vacancy=vacancy)
    return agreement, let(staff, offer).let_on
