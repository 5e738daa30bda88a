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
