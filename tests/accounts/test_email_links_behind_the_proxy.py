"""Behind a reverse proxy that terminates TLS, the links in emails that answer a request use
https://, as the visitor did: the proxy's header, named by VOORRANG_PROXY_SSL_HEADER, says so."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from tests.processes import clean_environment, read_settings

PASSWORD = "a long enough passphrase 7"
# What nginx passes on (docs/deployment.md): the host name the visitor asked for, without a
# port, and the scheme the visitor used.
THROUGH_THE_PROXY_OVER_HTTPS = {"HTTP_HOST": "testserver", "HTTP_X_FORWARDED_PROTO": "https"}

pytestmark = pytest.mark.django_db


@pytest.fixture
def behind_the_proxy(settings, tmp_path: Path) -> None:
    """SECURE_PROXY_SSL_HEADER as an installation gets it from VOORRANG_PROXY_SSL_HEADER."""
    configured = read_settings(
        "SECURE_PROXY_SSL_HEADER",
        cwd=tmp_path,
        env=clean_environment(VOORRANG_PROXY_SSL_HEADER="X-Forwarded-Proto"),
    )
    settings.SECURE_PROXY_SSL_HEADER = tuple(configured["SECURE_PROXY_SSL_HEADER"])


def links(body: str) -> list[str]:
    return re.findall(r"\bhttps?://\S+", body)


def all_https(body: str) -> bool:
    return all(link.startswith("https://testserver/") for link in links(body))


def test_the_password_reset_link_is_https_when_the_proxy_says_https(
    behind_the_proxy, client: Client
) -> None:
    get_user_model().objects.create_user(
        username="known@example.org", email="known@example.org", password=PASSWORD
    )

    client.post(
        "/accounts/password-reset/",
        {"email": "known@example.org"},
        **THROUGH_THE_PROXY_OVER_HTTPS,
    )

    [message] = mail.outbox
    assert links(message.body), message.body
    assert all_https(message.body), links(message.body)


def test_the_confirmation_link_of_a_sign_up_is_https_when_the_proxy_says_https(
    behind_the_proxy, client: Client, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/signup/",
            {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD},
            **THROUGH_THE_PROXY_OVER_HTTPS,
        )

    [message] = mail.outbox
    assert links(message.body)
    assert all_https(message.body), links(message.body)


def test_a_plain_request_through_the_proxy_still_gets_a_plain_link(
    behind_the_proxy, client: Client
) -> None:
    get_user_model().objects.create_user(
        username="known@example.org", email="known@example.org", password=PASSWORD
    )

    client.post(
        "/accounts/password-reset/",
        {"email": "known@example.org"},
        **{**THROUGH_THE_PROXY_OVER_HTTPS, "HTTP_X_FORWARDED_PROTO": "http"},
    )

    [message] = mail.outbox
    assert all(link.startswith("http://testserver/") for link in links(message.body))
