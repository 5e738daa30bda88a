"""The links in account emails (confirm the address, set a new password, accept an
invitation) carry an account's number. A link that does not work must not tell whether that
number belongs to an account: an unknown number, a malformed one and a wrong token for an
existing account get byte-identical answers."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.html import escape
from django.utils.http import urlsafe_base64_encode

from voorrang.accounts import services
from voorrang.accounts.tokens import email_confirmation_token

pytestmark = pytest.mark.django_db

WRONG_TOKEN = "cx1b2k-0123456789abcdef0123456789abcdef"


def uid(value: object) -> str:
    return urlsafe_base64_encode(force_bytes(value))


def answer(response, path: str) -> tuple[int, bytes, dict[str, str]]:
    """What a client learns from a response, apart from its cookies and CSRF token, the
    path it asked for itself (the language switcher of every page comes back to it, so the
    length differs with it) and the clock (Expires)."""
    headers = {
        name: "(the time)" if name == "Expires" else value
        for name, value in response.headers.items()
        if name not in {"Set-Cookie", "Content-Length"}
    }
    body = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"CSRF", response.content)
    body = body.replace(escape(path).encode(), b"PATH")
    return response.status_code, body, headers


def ask(method: str, path: str) -> tuple[int, bytes, dict[str, str]]:
    return answer(getattr(Client(), method)(path), path)


@pytest.fixture
def accounts() -> dict[str, object]:
    model = get_user_model()
    active = model.objects.create_user(username="active@example.org", password="x" * 12)
    inactive = model.objects.create_user(
        username="new@example.org", password="x" * 12, is_active=False
    )
    invited = model.objects.create_user(username="invited@example.org", is_active=False)
    invited.set_unusable_password()
    invited.save()
    return {"active": active, "inactive": inactive, "invited": invited}


def links(accounts: dict[str, object]) -> list[str]:
    """An unknown number, malformed numbers and the number of every kind of account."""
    numbers = [uid(987654321), "!!", uid("abc"), "AAAA", uid(2**70)]
    numbers += [uid(user.pk) for user in accounts.values()]
    return numbers


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("prefix", ["/accounts/confirm", "/accounts/reset", "/accounts/invitation"])
def test_a_link_that_does_not_work_says_nothing_about_its_account(
    accounts, method: str, prefix: str
) -> None:
    answers = {
        number: ask(method, f"{prefix}/{number}/{WRONG_TOKEN}/") for number in links(accounts)
    }

    first = next(iter(answers.values()))
    assert first[0] in {200, 400}
    for number, other in answers.items():
        assert other == first, number


@pytest.mark.parametrize("prefix", ["/accounts/reset", "/accounts/invitation"])
def test_the_set_password_step_says_nothing_about_its_account(accounts, prefix: str) -> None:
    answers = [ask("get", f"{prefix}/{number}/set-password/") for number in links(accounts)]

    assert all(other == answers[0] for other in answers)


def test_a_confirmation_link_followed_again_says_the_address_is_confirmed(accounts) -> None:
    user = accounts["inactive"]
    path = services.confirmation_path(user)
    assert Client().post(path).status_code == 302
    user.refresh_from_db()
    assert user.is_active

    again = Client().get(path)

    assert again.status_code == 302 and again["Location"] == "/accounts/login/"


def test_a_wrong_token_for_an_active_account_is_just_a_wrong_link(accounts) -> None:
    active = accounts["active"]
    other_token = email_confirmation_token.make_token(accounts["inactive"])

    response = Client().get(f"/accounts/confirm/{uid(active.pk)}/{other_token}/")

    assert response.status_code == 400
