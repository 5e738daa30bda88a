"""Ending an account in chromium: the seeker asks, staff confirm on their page. axe-core
finds no violations on the staff page, with and without errors."""

from __future__ import annotations

import pytest

from tests.portal.browser import axe_violations, log_in
from tests.portal.helpers import seeker_with_account
from tests.staff.accounts import account
from voorrang.portal.models import AccountEndRequest, EndRequestStatus
from voorrang.seekers.models import Seeker, SeekerStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_seeker_asks_and_staff_confirm(page, chromium, live_server) -> None:
    base = live_server.url
    user, seeker = seeker_with_account("leaving@example.org")
    log_in(page, live_server, user)
    page.goto(base + "/my/end/")
    page.fill("#id_reason", "I moved abroad")
    page.check("#id_confirm")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "We have received your request." in page.content()
    end_request = AccountEndRequest.objects.get()

    office = chromium.new_context(locale="en-GB")
    desk = office.new_page()
    log_in(desk, live_server, account("verhuurder", "staff-allocation"))
    desk.goto(base + "/staff/")
    with desk.expect_navigation():
        desk.get_by_role("link", name="See the requests to end an account").click()
    assert "I moved abroad" in desk.content()
    problems = [f"list: {v}" for v in axe_violations(desk)]

    # Without the check: the page says what is missing, and nothing is erased.
    with desk.expect_navigation():
        desk.get_by_role("button", name="Confirm and end the account").click()
    assert desk.locator("[role=alert]").is_visible()
    problems += [f"errors: {v}" for v in axe_violations(desk)]
    assert AccountEndRequest.objects.get().status == EndRequestStatus.PENDING

    desk.check(f"#id_confirm-{end_request.pk}-checked")
    desk.get_by_role("button", name="Confirm and end the account").click()
    desk.get_by_text("The account was ended and the registration erased.").wait_for()
    problems += [f"decided: {v}" for v in axe_violations(desk)]
    office.close()
    assert problems == []
    assert Seeker.objects.get(pk=seeker.pk).status == SeekerStatus.ENDED

    # The seeker's session has ended with the account.
    page.goto(base + "/my/")
    assert "/accounts/login/" in page.url
