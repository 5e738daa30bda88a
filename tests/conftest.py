from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests import needs
from tests.concurrency import postgres_only  # noqa: F401  (a fixture for every test module)
from tests.storages import storage_backend  # noqa: F401  (a fixture for every test module)

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def _fast_passwords() -> Iterator[None]:
    """Argon2, the production hasher, is slow on purpose (about a sixth of a second a
    password on a small machine), and the tests make thousands of accounts and log-ins. The
    tests of hashing itself ask for ``production_hashers``."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        yield


# The tests, like the demo, offer seekers the mock DigiD (docs/identity.md), with a fixed key
# for the BSN hashes.
TEST_BSN_KEY = "test-key-of-the-bsn-hashes-0123456789abcdef"


@pytest.fixture(scope="session", autouse=True)
def _mock_digid() -> Iterator[None]:
    from django.test import override_settings

    with override_settings(VOORRANG_DIGID="mock", VOORRANG_BSN_KEY=TEST_BSN_KEY):
        yield


@pytest.fixture
def production_hashers(settings) -> None:
    """The installation's own password hashers (Argon2 first), as configured."""
    from voorrang.config import settings as configured

    settings.PASSWORD_HASHERS = configured.PASSWORD_HASHERS


@pytest.fixture
def limiter_clock(monkeypatch) -> float:
    """The rate limiter's clock stands still: a test that counts up to a limit must not see
    the count start again because a window ended between two of its requests (the response
    limit's window is a minute). Returns the moment, for the processes a test starts
    to count at as well."""
    import time
    import types

    from voorrang.accounts import ratelimit

    moment = time.time() // 60 * 60 + 30
    monkeypatch.setattr(ratelimit, "time", types.SimpleNamespace(time=lambda: moment))
    return moment


def pytest_runtest_setup(item: pytest.Item) -> None:
    for marker in needs.MISSING:
        if item.get_closest_marker(marker) is not None:
            needs.enforce(marker)


@pytest.fixture
def chromium(_session_chromium) -> Iterator[object]:
    """The browser for a test: every context opened through it records the
    Content-Security-Policy's refusals, and the test fails if there was any."""
    from tests.content_security import WatchedBrowser

    browser = WatchedBrowser(_session_chromium)
    yield browser
    browser.settle()
    violations = list(browser.violations)
    browser.close_contexts()
    assert violations == [], "the Content-Security-Policy refused:\n" + "\n".join(violations)


@pytest.fixture(scope="session")
def _session_chromium() -> Iterator[object]:
    """The one Debian chromium of the test session, driven by Playwright, for every browser
    test: Playwright's synchronous API allows one running instance per thread, so the portal's
    and the staff pages' browser tests share this one."""
    needs.enforce("browser")
    # Playwright's sync API runs an event loop in this thread; the tests' own database calls
    # are still synchronous, so Django's guard against async contexts is lifted for them.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(needs.CHROMIUM), headless=True, args=needs.CHROMIUM_ARGS
        )
        yield browser
        browser.close()
