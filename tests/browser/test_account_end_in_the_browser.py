"""Ending the account of a tenant let a home today through the targeted track, with a story,
in a real browser: the seeker reads what will happen to each kind of data
and asks; letting staff read the same and confirm; then what remains is what the screens said
(the letting kept, the follow-up ended with no check-in planned, the story de-identified), in
the database and on the coordinator's page. axe-core checks the pages at 1280 and 320 px."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from tests.browser.walks import log_in, run_axe
from tests.portal.tenant_in_follow_up import PHONE, tenant_let_today_through_the_track
from tests.staff.accounts import PASSWORD, account
from voorrang.allocation.models import Allocation
from voorrang.audit.models import AuditEvent
from voorrang.commitments.models import CheckIn, CommitmentAgreement
from voorrang.commitments.states import EndReason, FollowUpStatus
from voorrang.portal.models import AccountEndRequest, EndRequestStatus
from voorrang.seekers.models import Seeker
from voorrang.stories.models import Story

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check_accessibility(page, name: str, screenshots: Path | None) -> None:
    for width, height in ((1280, 900), (320, 640)):
        page.set_viewport_size({"width": width, "height": height})
        if screenshots is not None:
            page.screenshot(path=str(screenshots / f"{name}-{width}.png"), full_page=True)
        results = run_axe(page)
        assert results.violations_count == 0, f"{name} at {width}:\n{results.generate_report()}"
        # Nothing scrolls sideways at 320 px (WCAG 1.4.10).
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.set_viewport_size({"width": 1280, "height": 900})


def screen_summary(page, scope: str = "main") -> dict[str, str]:
    """What the screen says happens to each kind of data: category -> fate."""
    items = page.locator(f"{scope} li[data-category]")
    return {
        item.get_attribute("data-category"): item.get_attribute("data-fate") for item in items.all()
    }


def test_the_end_of_an_account_does_what_the_screens_said(
    chromium, live_server, screenshots
) -> None:
    base = live_server.url
    _staff, user, seeker, vacancy, agreement, told = tenant_let_today_through_the_track()
    registration_number = seeker.registration_number
    account("verhuurder", "staff-allocation")
    coordinator = agreement.coordinator

    # The seeker reads what will happen, in their own page, and asks.
    seeker_page = chromium.new_context(locale="en-GB").new_page()
    log_in(seeker_page, base, user.username, "/my/end/", password=PASSWORD)
    seeker_said = screen_summary(seeker_page)
    assert seeker_said["lettings"] == "kept"
    assert seeker_said["track"] == "ended"
    assert seeker_said["stories"] == "deidentified"
    assert seeker_said["surveys"] == "not_linked"
    body = seeker_page.locator("main").inner_text()
    assert vacancy.reference in body and "does not end the tenancy" in body
    assert "everything can be erased" not in body
    check_accessibility(seeker_page, "account-end-seeker", screenshots)
    seeker_page.get_by_label("I understand that my registration").check()
    with seeker_page.expect_navigation():
        seeker_page.get_by_role("button", name="Ask to end my account").click()
    end_request = AccountEndRequest.objects.get(user=user)
    assert end_request.status == EndRequestStatus.PENDING

    # Staff read the same summary before confirming.
    staff_page = chromium.new_context(locale="en-GB").new_page()
    log_in(staff_page, base, "verhuurder", password=PASSWORD, next_url="/staff/account-ends/")
    card = f"article[aria-labelledby='request-{end_request.pk}']"
    staff_said = screen_summary(staff_page, card)
    assert staff_said == seeker_said
    check_accessibility(staff_page, "account-end-staff", screenshots)
    staff_page.locator(f"{card} input[type=checkbox]").check()
    with staff_page.expect_navigation():
        staff_page.get_by_role("button", name="Confirm and end the account").click()
    assert "The account was ended" in staff_page.locator("main").inner_text()

    # What remains is what the screens said.
    event = AuditEvent.objects.get(action="account.end_confirmed")
    assert event.after["summary"] == staff_said
    seeker = Seeker.objects.get(pk=seeker.pk)
    assert seeker.email == "" and seeker.phone == "" and not seeker.members.exists()  # erased
    allocation = Allocation.objects.get(vacancy=vacancy)  # lettings: kept
    assert allocation.let_on is not None and allocation.seeker_id == seeker.pk
    agreement = CommitmentAgreement.objects.get(pk=agreement.pk)  # track: ended
    assert agreement.status == FollowUpStatus.ENDED
    assert agreement.end_reason == EndReason.ACCOUNT_ENDED
    assert not CheckIn.objects.filter(agreement=agreement, answered_at__isnull=True).exists()
    told = Story.objects.get(pk=told.pk)  # stories: de-identified
    assert told.seeker is None and told.teller_name == ""
    for term in ("Noura", "Haddad", PHONE, registration_number):
        assert term not in told.text + told.redacted_text + told.quotation

    # The coordinator's page says the follow-up ended because the account ended, and plans
    # no check-in.
    welfare_page = chromium.new_context(locale="en-GB").new_page()
    path = reverse("welfare:application", args=[agreement.application_id])
    log_in(welfare_page, base, coordinator.username, path, password=PASSWORD)
    text = welfare_page.locator("main").inner_text()
    assert "account ended" in text
    assert "Noura" not in text
    check_accessibility(welfare_page, "account-end-welfare", screenshots)
