"""Log-in limits behind the reverse proxy: failures are counted per network address (which
blocks that address) and per account name (which makes each address that failed on it wait
longer and longer, never more than VOORRANG_LOGIN_DELAY_MAX_SECONDS); an address that has not
failed on the account is let through, so an attacker cannot keep the owner out."""

from __future__ import annotations

import logging

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

PASSWORD = "correct horse battery staple"
OWNER = "owner@example.org"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def behind_nginx(settings) -> None:
    """The documented installation: nginx on the same machine appends the client's address
    to X-Forwarded-For, and every connection to Voorrang comes from 127.0.0.1."""
    settings.LANGUAGE_CODE = "en"
    settings.VOORRANG_CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.VOORRANG_TRUSTED_PROXIES = ["127.0.0.1", "::1"]
    settings.VOORRANG_LOGIN_ATTEMPTS = 10
    settings.VOORRANG_LOGIN_DELAY_MAX_SECONDS = 300


@pytest.fixture
def owner() -> object:
    return get_user_model().objects.create_user(username=OWNER, email=OWNER, password=PASSWORD)


def through_proxy(address: str) -> Client:
    return Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=address)


def log_in(client: Client, username: str, password: str):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_ten_wrong_passwords_from_one_address_do_not_stop_another_address(
    owner, moving_limiter_clock
) -> None:
    attacker = through_proxy("203.0.113.66")
    codes = [log_in(attacker, f"name{n}@example.org", "wrong").status_code for n in range(10)]

    assert codes == [200] * 10
    # The attacker's address is blocked now, for every account name, the right password too.
    blocked = log_in(attacker, OWNER, PASSWORD)
    assert blocked.status_code == 429
    assert "from your network address" in blocked.content.decode()
    assert 0 < int(blocked["Retry-After"]) <= 15 * 60
    # Someone else, behind the same proxy, logs in at once.
    assert log_in(through_proxy("198.51.100.5"), OWNER, PASSWORD).status_code == 302


def test_failures_on_an_account_from_many_addresses_do_not_keep_its_owner_out(
    owner, moving_limiter_clock
) -> None:
    for n in range(50):
        assert log_in(through_proxy(f"203.0.113.{n + 1}"), OWNER, "guess").status_code == 200

    # The owner, from an address that has not failed on the account, is let through.
    assert log_in(through_proxy("198.51.100.5"), OWNER, PASSWORD).status_code == 302


def test_an_owner_who_mistyped_during_an_attack_waits_no_longer_than_the_longest_delay(
    owner, settings, moving_limiter_clock
) -> None:
    settings.VOORRANG_LOGIN_DELAY_MAX_SECONDS = 60
    for n in range(20):
        log_in(through_proxy(f"203.0.113.{n + 1}"), OWNER, "guess")
    home = through_proxy("198.51.100.5")
    assert log_in(home, OWNER, "typo").status_code == 200

    waiting = log_in(home, OWNER, PASSWORD)
    assert waiting.status_code == 429
    assert int(waiting["Retry-After"]) == 60
    assert "Try again in 1 minute" in waiting.content.decode()
    # The attack goes on from new addresses the whole time.
    for n in range(20, 40):
        moving_limiter_clock.advance(3)
        assert log_in(through_proxy(f"203.0.113.{n + 1}"), OWNER, "guess").status_code == 200

    assert log_in(home, OWNER, PASSWORD).status_code == 302


def test_the_wait_after_failures_on_one_account_grows_up_to_the_longest_delay(
    owner, settings, moving_limiter_clock
) -> None:
    settings.VOORRANG_LOGIN_DELAY_MAX_SECONDS = 5
    client = through_proxy("198.51.100.5")
    # Three failures cost nothing.
    assert [log_in(client, OWNER, "wrong").status_code for _ in range(3)] == [200] * 3
    waits = []
    for _ in range(4):
        refused = log_in(client, OWNER, "wrong")
        assert refused.status_code == 429
        assert "Try again in" in refused.content.decode()
        waits.append(int(refused["Retry-After"]))
        moving_limiter_clock.advance(waits[-1] - 1)
        assert log_in(client, OWNER, "wrong").status_code == 429  # not a second early
        moving_limiter_clock.advance(1)
        assert log_in(client, OWNER, "wrong").status_code == 200

    assert waits == [2, 4, 5, 5]


def test_a_successful_log_in_ends_the_waiting(owner, moving_limiter_clock) -> None:
    client = through_proxy("198.51.100.5")
    for _ in range(4):
        log_in(client, OWNER, "wrong")
        moving_limiter_clock.advance(10)
    assert log_in(client, OWNER, PASSWORD).status_code == 302
    client.post("/accounts/logout/")

    assert log_in(client, OWNER, "wrong").status_code == 200
    assert log_in(client, OWNER, "wrong").status_code == 200


def test_names_with_and_without_an_account_wait_alike(owner, moving_limiter_clock) -> None:
    def codes(name: str) -> list[int]:
        client = through_proxy("198.51.100.5" if name == OWNER else "198.51.100.6")
        return [log_in(client, name, "wrong").status_code for _ in range(5)]

    assert codes(OWNER) == codes("nobody@example.org") == [200, 200, 200, 429, 429]


def test_a_forged_forwarded_for_header_is_ignored_unless_configured(
    owner, settings, moving_limiter_clock
) -> None:
    settings.VOORRANG_CLIENT_IP_HEADER = ""
    # Connected directly, the attacker names another address in every request.
    for n in range(10):
        direct = Client(REMOTE_ADDR="203.0.113.66", HTTP_X_FORWARDED_FOR=f"10.9.8.{n}")
        assert log_in(direct, f"name{n}@example.org", "wrong").status_code == 200

    forged = Client(REMOTE_ADDR="203.0.113.66", HTTP_X_FORWARDED_FOR="198.51.100.5")
    assert log_in(forged, OWNER, PASSWORD).status_code == 429


def test_a_forwarded_for_header_from_an_untrusted_sender_is_ignored(
    owner, moving_limiter_clock
) -> None:
    # The header is configured, but these requests do not come from the trusted proxy.
    for n in range(10):
        direct = Client(REMOTE_ADDR="203.0.113.66", HTTP_X_FORWARDED_FOR=f"10.9.8.{n}")
        log_in(direct, f"name{n}@example.org", "wrong")

    forged = Client(REMOTE_ADDR="203.0.113.66", HTTP_X_FORWARDED_FOR="198.51.100.5")
    assert log_in(forged, OWNER, PASSWORD).status_code == 429


def test_a_client_cannot_escape_the_address_limit_by_prefixing_the_header(
    owner, moving_limiter_clock
) -> None:
    for n in range(10):
        # nginx appends the real address after whatever the client sent.
        through = through_proxy(f"10.9.8.{n}, 203.0.113.66")
        log_in(through, f"name{n}@example.org", "wrong")

    assert log_in(through_proxy("198.51.100.5, 203.0.113.66"), OWNER, PASSWORD).status_code == 429


def test_each_block_is_logged_as_one_line_without_a_traceback(
    owner, caplog, moving_limiter_clock
) -> None:
    caplog.set_level(logging.INFO)
    attacker = through_proxy("203.0.113.66")
    for n in range(12):
        log_in(attacker, OWNER if n < 4 else f"name{n}@example.org", "wrong")

    events = [r.msg for r in caplog.records if isinstance(r.msg, dict)]
    blocks = [e for e in events if e["event"] == "login_address_blocked"]
    slowed = [e for e in events if e["event"] == "login_account_slowed"]
    assert len(blocks) == 1 and blocks[0]["address"] == "203.0.113.66"
    assert len(slowed) == 1 and OWNER not in str(slowed[0])
    assert not any(r.exc_info for r in caplog.records)


def test_the_administration_log_in_counts_the_same_failures(owner, moving_limiter_clock) -> None:
    attacker = through_proxy("203.0.113.66")
    for n in range(10):
        attacker.post("/admin/login/", {"username": f"name{n}", "password": "wrong"})

    blocked = attacker.post("/admin/login/", {"username": "name11", "password": "wrong"})
    assert "from your network address" in blocked.content.decode()
    assert log_in(attacker, OWNER, PASSWORD).status_code == 429
