"""A coordinator's day in a real browser, without JavaScript: the start page shows the new
application, the overdue check-in and the open request for support; the coordinator closes
the request with a note and assesses an application with the descriptions of the scores in
view. Then axe-core checks the pages at 1280 and at 320 CSS px, and no page scrolls sideways
at 320."""

from __future__ import annotations

import re

import pytest

from tests.browser.walks import NARROW, WIDE, check_accessibility, log_in
from tests.commitments import factories as f
from tests.factories import SeekerFactory, UnitFactory
from tests.staff.accounts import account
from voorrang.commitments import services
from voorrang.commitments.models import SupportTask

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_coordinator_sees_what_needs_doing_closes_a_request_and_assesses_with_the_anchors(
    chromium, live_server, screenshots
) -> None:
    base = live_server.url
    unit = UnitFactory(number=701)
    org = f.organisation(building=unit.building)
    coordinator = f.coordinator(org, "coordinator")
    eva_user = account("eva", "seeker")
    eva = SeekerFactory(user=eva_user, email="eva@example.org")
    new = f.applied(org, seeker=SeekerFactory(email="nieuw@example.org"))
    late = f.moved_in(f.applied(org, seeker=SeekerFactory()), coordinator, days_ago=100)
    asking = f.moved_in(f.applied(org, seeker=eva), coordinator, days_ago=85)
    services.answer_check_in(
        actor=eva_user,
        check_in=asking.check_ins.get(month=3),
        answered_by="seeker",
        settled=2,
        contact=2,
        going="partly",
        hours_last_month=3,
        wants_support=True,
        note="Ik wil graag even praten.",
    )
    task = SupportTask.objects.get()
    held = f.held(f.applied(org, seeker=SeekerFactory()), coordinator)

    context = chromium.new_context(locale="en-GB", java_script_enabled=False, viewport=WIDE)
    page = context.new_page()
    log_in(page, base, "coordinator", "/staff/welfare/")
    # The start page: each case named in words, with its count.
    for text in ("1 new application", "1 check-in overdue", "1 open request for support"):
        assert page.get_by_text(text).first.is_visible(), text
    assert page.get_by_text("New", exact=True).first.is_visible()
    assert new.seeker.registration_number in page.content()

    # The overdue check-in is marked on the caseload and on the application's page.
    page.goto(f"{base}/staff/welfare/caseload/")
    assert page.get_by_text("overdue", exact=True).first.is_visible()
    page.goto(f"{base}/staff/welfare/applications/{late.application.pk}/")
    assert page.get_by_text("overdue", exact=True).first.is_visible()

    # The request for support: closed with a note from the start page's link.
    page.goto(f"{base}/staff/welfare/")
    page.locator("#support-heading + p + ul a").first.click()
    page.get_by_label("What was done").fill("Gebeld met Eva; volgende week koffie samen.")
    with page.expect_navigation():
        page.get_by_role("button", name="Close the request").click()
    page.get_by_text("The request for support is handled.").wait_for()
    task.refresh_from_db()
    assert task.status == "closed"
    assert "1 open request" not in context.new_page().goto(f"{base}/staff/welfare/").text()

    # The assessment: each score says what it means, and the pass mark is in view.
    page.goto(f"{base}/staff/welfare/applications/{held.pk}/assess/")
    motivation = held.organisation.criteria.get(key="motivation")
    assert page.get_by_label(re.compile(re.escape(f"4 – {motivation.anchor(4)}"))).count() == 1
    assert page.get_by_text("Pass mark: 3 or more.").first.is_visible()
    for radio in page.locator("input[type=radio][value='4']").all():
        radio.check()
    for reason in page.locator("textarea[name^=reason_]").all():
        reason.fill("Concreet en haalbaar.")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the assessment").click()
    page.get_by_text("Reaches the pass mark").wait_for()
    context.close()

    criterion = org.criteria.first()
    staff_pages = [
        ("coordinator-queue", "/staff/welfare/"),
        ("coordinator-caseload", "/staff/welfare/caseload/"),
        ("coordinator-support", f"/staff/welfare/applications/{asking.application.pk}/"),
        ("coordinator-overdue", f"/staff/welfare/applications/{late.application.pk}/"),
        ("coordinator-assessed", f"/staff/welfare/applications/{held.pk}/"),
        ("coordinator-rubric", "/staff/welfare/rubric/"),
        ("coordinator-criterion", f"/staff/welfare/rubric/{criterion.pk}/"),
    ]
    fresh = f.held(f.applied(org, seeker=SeekerFactory()), coordinator)
    staff_pages.append(("coordinator-assess", f"/staff/welfare/applications/{fresh.pk}/assess/"))
    for label, viewport in (("1280", WIDE), ("320", NARROW)):
        context = chromium.new_context(locale="en-GB", viewport=viewport)
        page = context.new_page()
        log_in(page, base, "coordinator", "/staff/welfare/")
        for name, path in staff_pages:
            page.goto(base + path)
            check_page(page, f"{name}-{label}", screenshots)
        context.close()
        context = chromium.new_context(locale="nl-NL", viewport=viewport)
        page = context.new_page()
        log_in(page, base, "eva", f"/inzet/{asking.application.pk}/")
        # The tenant sees that it was handled, never the coordinator's note.
        assert page.get_by_text(re.compile("De coördinator heeft dit op .* opgepakt")).is_visible()
        assert "Gebeld met Eva" not in page.content()
        check_page(page, f"tenant-support-{label}", screenshots)
        context.close()


def check_page(page, name: str, screenshots) -> None:
    check_accessibility(page, name, screenshots, no_overflow=True)
