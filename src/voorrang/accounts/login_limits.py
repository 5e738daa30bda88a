"""Limits on log-in attempts, counted in two ways that answer two different attacks.

Per network address (``VOORRANG_LOGIN_ATTEMPTS`` failures in a 15-minute window): someone who
tries many passwords, or one password on many accounts, from one address is blocked at that
address, for every account name, until the window ends. Other addresses are not touched.

Per account name: after ``FREE_FAILURES`` failures on a name (from anywhere, in a day), each
address that failed on that name waits before its next attempt on it: 2 seconds after its
last failure, then twice as long for every further failure on the name, at most
``VOORRANG_LOGIN_DELAY_MAX_SECONDS``. The wait runs from the address's own last failure, so an
attacker elsewhere cannot make it longer than the maximum, and an address that has not failed
on the name is not held up at all: its owner logs in from home while someone guesses from
elsewhere. A successful log-in ends the waiting. A name without an account is counted exactly
as one with an account, so the answers tell nothing about which names exist.

The counts live in Django's cache beside the other rate limits (``voorrang.accounts.ratelimit``),
keyed by digests, never by the name or address itself. Each block and each account name that
starts to wait is logged as one line."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import structlog
from django.conf import settings
from django.core.cache import cache

from voorrang.accounts.ratelimit import Limit, digest, now

log = structlog.get_logger(__name__)

# Failures on one account name that cost nothing: a few typing errors.
FREE_FAILURES = 3
FIRST_DELAY_SECONDS = 2
_ADDRESS_WINDOW_SECONDS = 15 * 60
# Failures on an account name are forgotten after a day without a successful log-in.
_ACCOUNT_WINDOW_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class Refusal:
    """Why an attempt is not even checked, and how long the client should wait."""

    reason: Literal["address", "account"]
    wait_seconds: int


def refusal(*, account: str, address: str) -> Refusal | None:
    """Whether an attempt on ``account`` from ``address`` must wait; None lets it be checked."""
    addresses = _address_failures()
    if addresses.exceeded(address):
        return Refusal("address", addresses.seconds_left())
    if not account:
        return None
    delay = delay_seconds(_account_failures().count(account))
    if not delay:
        return None
    last_failure = cache.get(_last_failure_key(account, address))
    if last_failure is None:
        return None  # this address has not failed on the name: let its owner in
    wait = math.ceil(last_failure + delay - now())
    return Refusal("account", wait) if wait > 0 else None


def delay_seconds(failures: int) -> int:
    """The wait between attempts on an account name after ``failures`` failures on it."""
    if failures < FREE_FAILURES:
        return 0
    # The exponent is capped so that the power stays a small number.
    growth = 2 ** min(failures - FREE_FAILURES, 32)
    return min(FIRST_DELAY_SECONDS * growth, settings.VOORRANG_LOGIN_DELAY_MAX_SECONDS)


def record_failure(*, account: str, address: str) -> None:
    addresses = _address_failures()
    from_address = addresses.hit(address)
    if from_address == addresses.limit:
        log.warning(
            "login_address_blocked",
            address=address,
            failures=from_address,
            seconds=addresses.seconds_left(),
        )
    if not account:
        return
    on_account = _account_failures().hit(account)
    # The moment is read back against the limiter's clock; the expiry only clears it away.
    cache.set(
        _last_failure_key(account, address),
        now(),
        timeout=settings.VOORRANG_LOGIN_DELAY_MAX_SECONDS + 60,
    )
    if on_account == FREE_FAILURES:
        log.warning("login_account_slowed", account=digest(account)[:12], address=address)


def record_success(*, account: str, address: str) -> None:
    _account_failures().reset(account)
    cache.delete(_last_failure_key(account, address))


def _address_failures() -> Limit:
    return Limit("login-address", settings.VOORRANG_LOGIN_ATTEMPTS, _ADDRESS_WINDOW_SECONDS)


def _account_failures() -> Limit:
    return Limit("login-account", FREE_FAILURES, _ACCOUNT_WINDOW_SECONDS)


def _last_failure_key(account: str, address: str) -> str:
    return f"voorrang:ratelimit:login-last-failure:{digest(account)}:{digest(address)}"
