"""An urgency declaration through the staff pages in a real browser: one staff member records
it at desktop width, a colleague on a phone (320 px) finds it on the work queue and confirms
it. axe-core finds no accessibility violations on the pages on the way."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.browser.test_vacancy_through_the_staff_pages import check_accessibility, log_in
from tests.factories import SeekerFactory
from tests.staff.accounts import account
from voorrang.seekers.models import UrgencyDeclaration, UrgencyStatus

pytestmark = [
    pytest.mark.browser,
    # The live server answers from another thread, so the test data must be committed.
    pytest.mark.django_db(transaction=True),
]

NARROW = 320
PDF = b"%PDF-1.4\n% the urgency committee's letter\n"


def no_sideways_scrolling(page) -> None:
    wider = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert wider <= 0, f"{page.url} is {wider} px wider than the window"


def test_two_staff_members_record_and_confirm_an_urgency(
    chromium, live_server, screenshots, settings, tmp_path
) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    account("verhuur-a", "staff-allocation")
    account("verhuur-b", "staff-allocation")
    seeker = SeekerFactory(registered_on=dt.date(2019, 3, 1))
    today = timezone.localdate()
    base = live_server.url
    seeker_url = f"{base}/staff/seekers/{seeker.registration_number}/"
    letter = tmp_path / "verklaring.pdf"
    letter.write_bytes(PDF)

    # The first staff member, at a desk, records the declaration: a plain form, no JavaScript.
    desk = chromium.new_context(locale="en-GB", java_script_enabled=False)
    page = desk.new_page()
    log_in(page, base, "verhuur-a")
    page.goto(seeker_url)
    form = page.locator("#propose-urgency")
    # A last day before the first: refused on its field, nothing stored.
    form.get_by_label("Kind of urgency").select_option("medical")
    form.get_by_label("Valid from").fill(today.isoformat())
    form.get_by_label("Valid until").fill((today - dt.timedelta(days=1)).isoformat())
    form.get_by_label("Issued by").fill("Urgentiecommissie regio Utrecht")
    form.get_by_role("button", name="Record the declaration").click()
    page.get_by_text("The last day of validity cannot be before the first day.").first.wait_for()
    assert not UrgencyDeclaration.objects.exists()
    check_accessibility(page, "urgency-refused", screenshots)

    form = page.locator("#propose-urgency")
    form.get_by_label("Kind of urgency").select_option("medical")
    form.get_by_label("Valid from").fill(today.isoformat())
    form.get_by_label("Valid until").fill((today + dt.timedelta(days=182)).isoformat())
    form.get_by_label("Issued by").fill("Urgentiecommissie regio Utrecht")
    form.get_by_label("Document (optional)").set_input_files(str(letter))
    form.get_by_label("Note").fill("Letter of the committee, 3 pages")
    form.get_by_role("button", name="Record the declaration").click()
    page.get_by_text("It counts once a second staff member confirms it.").wait_for()
    declaration = UrgencyDeclaration.objects.get()
    assert declaration.status == UrgencyStatus.PROPOSED
    assert page.get_by_text("another staff member must confirm or reject it").is_visible()
    assert page.get_by_role("button", name="Confirm the urgency").count() == 0
    check_accessibility(page, "urgency-proposed", screenshots)

    # The colleague, on a phone, finds it on the work queue and confirms it.
    phone = chromium.new_context(
        locale="en-GB", java_script_enabled=False, viewport={"width": NARROW, "height": 800}
    )
    page = phone.new_page()
    log_in(page, base, "verhuur-b")
    page.get_by_role("heading", name="Urgency declarations to confirm").wait_for()
    no_sideways_scrolling(page)
    check_accessibility(page, "urgency-queue", screenshots)
    page.get_by_role("link", name=seeker.registration_number).first.click()
    assert page.url.startswith(seeker_url)
    no_sideways_scrolling(page)
    check_accessibility(page, "urgency-to-confirm", screenshots)
    page.get_by_role("button", name="Confirm the urgency").click()
    page.get_by_text("The urgency declaration is confirmed.").wait_for()
    declaration.refresh_from_db()
    assert declaration.status == UrgencyStatus.CONFIRMED
    assert declaration.decided_by.username == "verhuur-b"
    urgency = page.locator(f"#urgency-{declaration.pk}")
    assert urgency.get_by_text("Valid", exact=True).is_visible()
    assert urgency.get_by_text("by verhuur-b on").is_visible()
    assert page.get_by_role("cell", name="urgency confirmed").is_visible()
    no_sideways_scrolling(page)
    check_accessibility(page, "urgency-confirmed", screenshots)
