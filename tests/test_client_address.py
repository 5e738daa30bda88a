"""The client's network address, as the rate limits, the logs and the audit see it: the
connection's address, or, behind a configured and trusted reverse proxy, the address that
proxy put in its header. A client cannot choose its own address by sending the header."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.test import RequestFactory

from voorrang.client_address import client_address
from voorrang.config.env import Environment


def request_from(remote: str, **headers: str) -> HttpRequest:
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


@pytest.fixture
def behind_nginx(settings) -> None:
    settings.VOORRANG_CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.VOORRANG_TRUSTED_PROXIES = ["127.0.0.1", "::1"]


def test_without_a_configured_header_a_forwarded_for_header_is_ignored(settings) -> None:
    settings.VOORRANG_CLIENT_IP_HEADER = ""

    request = request_from("192.0.2.10", HTTP_X_FORWARDED_FOR="203.0.113.9")

    assert client_address(request) == "192.0.2.10"


def test_behind_the_trusted_proxy_the_address_it_appended_is_the_client(behind_nginx) -> None:
    # The client sent "X-Forwarded-For: 198.51.100.7" itself; nginx appended the real address.
    request = request_from("127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.9")

    assert client_address(request) == "203.0.113.9"


def test_a_request_that_does_not_come_from_a_trusted_proxy_cannot_name_its_address(
    behind_nginx,
) -> None:
    request = request_from("203.0.113.50", HTTP_X_FORWARDED_FOR="10.1.1.1")

    assert client_address(request) == "203.0.113.50"


def test_trusted_proxies_in_the_chain_are_skipped(settings) -> None:
    settings.VOORRANG_CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.VOORRANG_TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]

    request = request_from("127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9, 10.0.0.5")

    assert client_address(request) == "203.0.113.9"


def test_another_header_can_be_named(settings) -> None:
    settings.VOORRANG_CLIENT_IP_HEADER = "X-Real-IP"
    settings.VOORRANG_TRUSTED_PROXIES = ["127.0.0.1"]

    forged = request_from("127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4", HTTP_X_REAL_IP="2001:DB8::1")

    assert client_address(forged) == "2001:db8::1"


def test_an_ipv4_client_seen_over_ipv6_is_the_same_client(behind_nginx) -> None:
    request = request_from("::ffff:127.0.0.1", HTTP_X_FORWARDED_FOR="::ffff:203.0.113.9")

    assert client_address(request) == "203.0.113.9"


def test_without_the_header_the_proxy_itself_is_the_client(behind_nginx) -> None:
    assert client_address(request_from("127.0.0.1")) == "127.0.0.1"


def test_an_entry_that_is_no_address_is_not_trusted(behind_nginx) -> None:
    request = request_from("127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9, unknown")

    assert client_address(request) == "unknown"


def test_a_trusted_proxy_that_is_no_address_or_network_is_refused_at_start() -> None:
    env = Environment({"VOORRANG_TRUSTED_PROXIES": "127.0.0.1, 10.0.0.0/33"})

    with pytest.raises(ImproperlyConfigured, match="VOORRANG_TRUSTED_PROXIES"):
        env.get("VOORRANG_TRUSTED_PROXIES")


def test_a_header_name_with_other_characters_is_refused_at_start() -> None:
    env = Environment({"VOORRANG_CLIENT_IP_HEADER": "X-Forwarded-For: 1"})

    with pytest.raises(ImproperlyConfigured, match="VOORRANG_CLIENT_IP_HEADER"):
        env.get("VOORRANG_CLIENT_IP_HEADER")
