"""Sign-ups and password-reset requests are limited per network address (behind the proxy,
the client's, not the proxy's) and per email address they send to; never for the whole site."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

PASSWORD = "correct horse battery staple"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def behind_nginx(settings, limiter_clock) -> None:
    settings.LANGUAGE_CODE = "en"
    settings.VOORRANG_CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.VOORRANG_TRUSTED_PROXIES = ["127.0.0.1"]
    settings.VOORRANG_LOGIN_ATTEMPTS = 3


def through_proxy(address: str) -> Client:
    return Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=address)


def sign_up(client: Client, email: str):
    return client.post(
        "/accounts/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )


def reset(client: Client, email: str):
    return client.post("/accounts/password-reset/", {"email": email})


def test_sign_ups_from_one_address_do_not_block_another(django_capture_on_commit_callbacks):
    busy = through_proxy("203.0.113.66")
    with django_capture_on_commit_callbacks(execute=True):
        codes = [sign_up(busy, f"person{n}@example.org").status_code for n in range(4)]
        other = sign_up(through_proxy("198.51.100.5"), "someone@example.org")

    assert codes == [302, 302, 302, 429]
    assert other.status_code == 302
    assert get_user_model().objects.filter(username="someone@example.org").exists()


def test_reset_requests_from_one_address_do_not_block_another() -> None:
    busy = through_proxy("203.0.113.66")
    codes = [reset(busy, f"person{n}@example.org").status_code for n in range(4)]
    other = reset(through_proxy("198.51.100.5"), "someone@example.org")

    assert codes == [302, 302, 302, 429]
    assert other.status_code == 302
    assert mail.outbox[-1].to == ["someone@example.org"]


def test_reset_emails_to_one_address_stop_after_five_an_hour_whoever_asks() -> None:
    get_user_model().objects.create_user(
        username="known@example.org", email="known@example.org", password=PASSWORD
    )
    answers = [reset(through_proxy(f"203.0.113.{n}"), "known@example.org") for n in range(8)]

    # Every request gets the usual answer; the mailbox gets five emails.
    assert {(a.status_code, a["Location"]) for a in answers} == {
        (302, "/accounts/password-reset/sent/")
    }
    assert len(mail.outbox) == 5


def test_sign_up_emails_to_one_address_stop_after_five_an_hour_whoever_asks(
    django_capture_on_commit_callbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        answers = [sign_up(through_proxy(f"203.0.113.{n}"), "anna@example.org") for n in range(8)]

    assert {(a.status_code, a["Location"]) for a in answers} == {
        (302, "/accounts/signup/check-your-email/")
    }
    assert len(mail.outbox) == 5
