"""Demo accounts: a password per account, shown once; or one known password for training."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate

from voorrang.demo.accounts import ALL_USERNAMES, ensure_demo_accounts

pytestmark = pytest.mark.django_db


def test_passwords_are_returned_once_and_kept() -> None:
    first = ensure_demo_accounts()
    assert [a.username for a in first] == list(ALL_USERNAMES)
    assert all(a.created and a.password and len(a.password) >= 20 for a in first)
    second = ensure_demo_accounts()
    assert all(not a.created and a.password is None for a in second)
    for account in first:
        assert authenticate(username=account.username, password=account.password)


def test_a_known_password_for_every_account_for_training() -> None:
    ensure_demo_accounts()
    again = ensure_demo_accounts(password="Oefenen-in-Vollenhove")
    assert all(a.password is None for a in again)
    for username in ALL_USERNAMES:
        assert authenticate(username=username, password="Oefenen-in-Vollenhove")
