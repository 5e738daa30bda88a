"""The DigiD log-in in chromium, at 320 CSS pixels: the log-in page, the mock DigiD, the
question which account, the emailed link; then a second log-in goes straight in. axe-core
finds no violations on Voorrang's pages of the flow (the mock DigiD's pages are the
library's, standing in for Logius's)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.core import mail
from django.core.cache import cache

from tests.accounts.digid.flow import BSN
from tests.portal.browser import axe_violations
from tests.portal.helpers import seeker_with_account
from voorrang.accounts.models import DigidIdentity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NO_SIDEWAYS_SCROLLING = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def phone(chromium) -> Iterator[object]:
    cache.clear()
    context = chromium.new_context(
        locale="nl-NL", timezone_id="Europe/Amsterdam", viewport={"width": 320, "height": 640}
    )
    context.set_default_timeout(30_000)
    yield context
    context.close()
    cache.clear()


def _through_mock_digid(page, bsn: str) -> None:
    with page.expect_navigation():
        page.get_by_role("link", name="Inloggen met DigiD").click()
    with page.expect_navigation():
        page.locator("#authentication_type_account_basis").click()
    page.fill("input[name=auth_bsn]", bsn)
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()


def test_a_seeker_links_their_digid_and_then_logs_in_with_it(phone, live_server) -> None:
    base = live_server.url
    user, _seeker = seeker_with_account("jan@example.org")
    page = phone.new_page()
    problems: list[str] = []

    page.goto(base + "/accounts/login/")
    problems += [f"log-in: {v}" for v in axe_violations(page)]
    assert page.evaluate(NO_SIDEWAYS_SCROLLING)
    _through_mock_digid(page, BSN)
    assert page.url == base + "/digid/link/"
    problems += [f"link: {v}" for v in axe_violations(page)]
    assert page.evaluate(NO_SIDEWAYS_SCROLLING)

    with page.expect_navigation():
        page.get_by_role("button", name="Stuur de link").click()  # nothing filled in
    assert page.locator("[role=alert]").is_visible()
    problems += [f"link, error: {v}" for v in axe_violations(page)]
    page.get_by_label("E-mailadres").fill("jan@example.org")
    with page.expect_navigation():
        page.get_by_role("button", name="Stuur de link").click()
    assert page.url == base + "/digid/link/sent/"
    problems += [f"sent: {v}" for v in axe_violations(page)]

    link = re.search(r"https?://\S+", mail.outbox[-1].body)[0]
    page.goto(link)
    problems += [f"confirm: {v}" for v in axe_violations(page)]
    assert page.evaluate(NO_SIDEWAYS_SCROLLING)
    with page.expect_navigation():
        page.get_by_role("button", name="Ja, koppel mijn DigiD").click()
    assert page.url == base + "/my/"
    assert "Uw DigiD is gekoppeld aan uw account." in page.content()
    assert DigidIdentity.objects.get().account == user

    # Another day, another browser: DigiD logs straight in.
    later = phone.browser.new_context(locale="nl-NL", viewport={"width": 320, "height": 640})
    again = later.new_page()
    again.goto(base + "/accounts/login/")
    _through_mock_digid(again, BSN)
    assert again.url == base + "/my/"
    # On a phone the log-out button is in the header's menu.
    again.locator("header details.voorrang-menu > summary").first.click()
    assert again.get_by_role("button", name="Uitloggen").is_visible()
    later.close()
    assert problems == []
