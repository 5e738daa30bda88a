"""Signing up, confirming the email address, logging in with a limit, resetting a password;
no answer tells whether an email address has an account."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from tests.portal.helpers import PASSWORD, link_in_last_email
from voorrang.audit.models import AuditEvent

User = get_user_model()
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def sign_up(client: Client, email: str, password: str = PASSWORD, **extra):
    return client.post(
        "/accounts/signup/",
        {"email": email, "password1": password, "password2": password, **extra},
    )


def test_sign_up_confirm_and_log_in(
    client: Client, django_capture_on_commit_callbacks, production_hashers
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client, "Anna@Example.org ")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/signup/check-your-email/"
    user = User.objects.get(username="anna@example.org")
    assert not user.is_active
    assert user.password.startswith("argon2$")
    assert list(user.groups.values_list("name", flat=True)) == ["seeker"]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["anna@example.org"]
    link = link_in_last_email()

    # Before confirming, logging in fails with the same message as a wrong password.
    refused = client.post(
        "/accounts/login/", {"username": "anna@example.org", "password": PASSWORD}
    )
    assert refused.status_code == 200 and refused.context["user"].is_anonymous

    path = link.split("testserver", 1)[1]
    assert client.get(path).status_code == 200  # a page with a button: a GET changes nothing
    user.refresh_from_db()
    assert not user.is_active
    response = client.post(path)
    assert response.status_code == 302 and response["Location"] == "/my/"
    user.refresh_from_db()
    assert user.is_active
    assert AuditEvent.objects.filter(action="account.email_confirmed").count() == 1
    # The link works once.
    client.post("/accounts/logout/")
    again = client.post(path)
    assert again.status_code == 302 and again["Location"] == "/accounts/login/"

    logged_in = client.post(
        "/accounts/login/", {"username": "ANNA@example.org", "password": PASSWORD}
    )
    assert logged_in.status_code == 302


def test_signing_up_with_a_known_address_looks_the_same_and_sends_a_note(
    client: Client, django_capture_on_commit_callbacks
) -> None:
    User.objects.create_user(
        username="known@example.org", email="known@example.org", password=PASSWORD
    )
    with django_capture_on_commit_callbacks(execute=True):
        known = sign_up(client, "known@example.org", "an0ther Password!")
        new = sign_up(Client(), "new@example.org", "an0ther Password!")

    assert (known.status_code, known["Location"]) == (new.status_code, new["Location"])
    assert User.objects.filter(username="known@example.org").count() == 1
    assert User.objects.get(username="known@example.org").check_password(PASSWORD)
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "already have an account" in subjects["known@example.org"]
    assert "Confirm" in subjects["new@example.org"]


def test_sign_up_errors_name_the_field(client: Client) -> None:
    response = sign_up(client, "not-an-address", "short")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="#id_email"' in html and 'href="#id_password1"' in html
    response = client.post(
        "/accounts/signup/", {"email": "a@example.org", "password1": PASSWORD, "password2": "x"}
    )
    assert "The two passwords are not the same." in response.content.decode()


def test_login_is_rate_limited_alike_for_known_and_unknown_names(
    client: Client, settings, limiter_clock
) -> None:
    settings.VOORRANG_LOGIN_ATTEMPTS = 3
    User.objects.create_user(
        username="known@example.org", email="known@example.org", password=PASSWORD
    )
    statuses = {}
    for name in ("known@example.org", "nobody@example.org"):
        other = Client(REMOTE_ADDR=f"10.0.0.{len(statuses) + 1}")
        codes = [
            other.post("/accounts/login/", {"username": name, "password": "wrong"}).status_code
            for _ in range(4)
        ]
        statuses[name] = codes
    assert statuses["known@example.org"] == statuses["nobody@example.org"] == [200, 200, 200, 429]
    # From the address that failed, even the right password waits.
    blocked = Client(REMOTE_ADDR="10.0.0.1").post(
        "/accounts/login/", {"username": "known@example.org", "password": PASSWORD}
    )
    assert blocked.status_code == 429
    assert "from your network address" in blocked.content.decode()
    # From another address the owner logs in (tests/accounts/test_login_limits.py).
    welcome = Client(REMOTE_ADDR="10.0.0.9").post(
        "/accounts/login/", {"username": "known@example.org", "password": PASSWORD}
    )
    assert welcome.status_code == 302


def test_password_reset_answers_alike_and_works(client: Client, production_hashers) -> None:
    user = User.objects.create_user(
        username="known@example.org", email="known@example.org", password=PASSWORD
    )
    known = client.post("/accounts/password-reset/", {"email": "known@example.org"})
    unknown = client.post("/accounts/password-reset/", {"email": "unknown@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/accounts/password-reset/sent/"
    assert [m.to for m in mail.outbox] == [["known@example.org"], ["unknown@example.org"]]
    assert "no account" in mail.outbox[1].body

    link = re.search(r"http://testserver(\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    new = "a brand new passphrase 42"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new) and user.password.startswith("argon2$")
