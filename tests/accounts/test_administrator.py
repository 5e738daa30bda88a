from __future__ import annotations

import pytest
from django.contrib.auth import authenticate

from voorrang.accounts.services import ensure_administrator


@pytest.mark.django_db
def test_the_administrator_is_created_once_as_a_superuser_in_the_admin_group() -> None:
    created = ensure_administrator(username="admin")

    assert created.created
    assert created.password
    user = authenticate(username="admin", password=created.password)
    assert user is not None
    assert user.is_superuser and user.is_staff
    assert list(user.groups.values_list("name", flat=True)) == ["admin"]

    again = ensure_administrator(username="admin")

    assert not again.created
    assert again.password is None
    assert authenticate(username="admin", password=created.password) is not None


@pytest.mark.django_db
def test_each_administrator_gets_a_password_of_its_own() -> None:
    first = ensure_administrator(username="admin")
    second = ensure_administrator(username="beheer")

    assert first.password != second.password
