"""Helpers of the portal's browser tests: a session in the browser, axe-core, the Tab key.
The browser is the session's one chromium (the ``chromium`` fixture in tests/conftest.py)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django_otp import DEVICE_ID_SESSION_KEY

from tests.browser.walks import run_axe
from tests.staff.accounts import authenticator
from voorrang.accounts.second_factor import needs_second_factor

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def log_in(page, live_server, user) -> None:
    """Put a session for ``user`` in the browser, as Django's test client does."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if needs_second_factor(user):
        # As after the code step: verified with the account's authenticator key.
        session[DEVICE_ID_SESSION_KEY] = authenticator(user).persistent_id
    session.save()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session.session_key,
                "url": live_server.url,
            }
        ]
    )


def axe_violations(page) -> list[str]:
    results = run_axe(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    return [
        f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching ``selector`` has the focus (if it has not yet)."""
    focused = "(s) => document.activeElement && document.activeElement.matches(s)"
    for _ in range(limit):
        if page.evaluate(focused, selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"could not reach {selector} with the Tab key")
