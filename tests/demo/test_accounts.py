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


def test_each_staff_account_gets_a_second_factor_shown_once_and_it_logs_in() -> None:
    from django.test import Client

    from tests.staff.accounts import code_for_key

    first = ensure_demo_accounts()
    factors = {a.username: a.second_factor for a in first}
    for seeker_account in ("seeker", "seeker-housed", "seeker-many-responses", "seeker-leaving"):
        assert factors.pop(seeker_account) is None
    for username, factor in factors.items():
        assert factor.otpauth_uri.startswith(f"otpauth://totp/Voorrang%3A{username}?secret=")
        assert len(factor.recovery_codes) == 5
    assert all(a.second_factor is None for a in ensure_demo_accounts())

    # Only what was printed: the password, then the code of the printed key.
    account = next(a for a in first if a.username == "staff-allocation")
    client = Client()
    client.post("/accounts/login/", {"username": account.username, "password": account.password})
    response = client.post(
        "/accounts/second-factor/",
        {"code": code_for_key(account.second_factor.key), "next": "/staff/"},
    )
    assert response["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200


def test_with_a_known_password_the_key_follows_from_it() -> None:
    first = ensure_demo_accounts(password="Oefenen-in-Vollenhove")
    again = ensure_demo_accounts(password="Oefenen-in-Vollenhove")
    keys = {a.second_factor.key for a in first + again if a.second_factor is not None}
    assert len(keys) == 1
    other = ensure_demo_accounts(password="Anders-oefenen-42")
    assert {a.second_factor.key for a in other if a.second_factor is not None} != keys
