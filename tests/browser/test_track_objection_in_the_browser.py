"""An objection in the targeted track, in a real browser without JavaScript: coordinator A
declines an application; the seeker objects in the portal with a document; A sees that another
coordinator decides and has no form to do it; coordinator B opens the document and upholds the
objection with reasons; the seeker reads the outcome. Then axe-core checks the pages at 1280
and at 320 px."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser.walks import NARROW, WIDE, log_in, run_axe
from tests.commitments import factories as f
from tests.factories import SeekerFactory
from tests.staff.accounts import account
from voorrang.commitments.models import Objection

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n% rooster\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def check_accessibility(page, name: str, screenshots: Path | None) -> None:
    for label, size in (("1280", WIDE), ("320", NARROW)):
        page.set_viewport_size(size)
        if screenshots is not None:
            page.screenshot(path=str(screenshots / f"objection-{name}-{label}.png"), full_page=True)
        results = run_axe(page)
        assert results.violations_count == 0, f"{name} at {label}:\n{results.generate_report()}"
        wider = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert wider <= 0, f"{name} is {wider} px wider than {label} px"


def test_an_objection_is_decided_by_a_second_coordinator(
    chromium, live_server, screenshots
) -> None:
    base = live_server.url
    org = f.organisation()
    first = f.coordinator(org, "coordinator-a")
    second = f.coordinator(org, "coordinator-b")
    second.first_name, second.last_name = "Daan", "Kuipers"
    second.save()
    eva_user = account("eva", "seeker")
    eva = SeekerFactory(user=eva_user, email="eva@example.org")
    application = f.held(f.applied(org, seeker=eva), first)
    page_path = f"/staff/welfare/applications/{application.pk}/"

    staff_a = chromium.new_context(locale="en-GB", java_script_enabled=False).new_page()
    staff_b = chromium.new_context(locale="en-GB", java_script_enabled=False).new_page()
    seeker = chromium.new_context(locale="en-GB", java_script_enabled=False).new_page()

    # Coordinator A declines, with reasons.
    log_in(staff_a, base, "coordinator-a", page_path)
    decide = staff_a.locator(f"form[action='{page_path}decide/']")
    decide.locator("input[value=declined]").check()
    decide.get_by_label("Reasons").fill("Te weinig tijd naast het werk.")
    with staff_a.expect_navigation():
        decide.get_by_role("button", name="Record the decision").click()

    # The seeker reads until when they can object, and objects with a document.
    log_in(seeker, base, "eva", f"/inzet/{application.pk}/")
    assert seeker.get_by_text(re.compile("You can object until")).is_visible()
    seeker.get_by_label("Why do you not agree with the decision?").fill(
        "Ik werk sinds kort minder en heb nu wel tijd."
    )
    seeker.get_by_label(re.compile("Documents that show it")).set_input_files(
        files=[{"name": "rooster.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    with seeker.expect_navigation():
        seeker.get_by_role("button", name="Send my objection").click()
    seeker.get_by_text(re.compile("We have received your objection")).wait_for()
    objection = Objection.objects.get()
    assert objection.documents.count() == 1

    # A cannot decide, and reads why.
    staff_a.goto(base + page_path)
    assert staff_a.get_by_text(
        re.compile("You declined this application: another coordinator")
    ).is_visible()
    assert staff_a.get_by_role("button", name="Record the decision").count() == 0
    staff_a.goto(f"{base}/staff/welfare/")
    assert staff_a.get_by_text("objection waiting").is_visible()

    # B opens the document and upholds the objection with reasons.
    log_in(staff_b, base, "coordinator-b", page_path)
    link = staff_b.get_by_role("link", name=re.compile("Document 1"))
    response = staff_b.request.get(base + link.get_attribute("href"))
    assert response.status == 200 and response.body().startswith(b"%PDF")
    form = staff_b.locator("#objections form").first
    form.locator("input[value=upheld]").check()
    form.get_by_label("Reasons").fill("Het nieuwe rooster laat wel tijd vrij.")
    with staff_b.expect_navigation():
        form.get_by_role("button", name="Record the decision").click()
    staff_b.get_by_text(re.compile("The decision on the objection is recorded")).wait_for()
    objection.refresh_from_db()
    assert (objection.status, objection.decided_by) == ("upheld", second)
    application.refresh_from_db()
    assert application.status == "intake_held"

    # The seeker reads the outcome and its reasons.
    seeker.goto(f"{base}/inzet/{application.pk}/")
    assert seeker.get_by_text("You are right. We look at your application again.").is_visible()
    assert seeker.get_by_text(re.compile("Het nieuwe rooster laat wel tijd vrij")).is_visible()

    # axe-core, with JavaScript, at 1280 and 320 px.
    for page_ in (staff_a, staff_b, seeker):
        page_.context.close()
    context = chromium.new_context(locale="en-GB")
    page = context.new_page()
    log_in(page, base, "eva", f"/inzet/{application.pk}/")
    check_accessibility(page, "seeker-outcome", screenshots)
    context.close()

    # A second decline, with an objection waiting: the pages as the decliner and as B see them.
    other = f.declined(f.applied(org, seeker=SeekerFactory()), first)
    from voorrang.commitments import services

    services.lodge_objection(actor=None, application=other, grounds="Oneens.")
    for username in ("coordinator-a", "coordinator-b"):
        context = chromium.new_context(locale="en-GB")
        page = context.new_page()
        log_in(page, base, username, f"/staff/welfare/applications/{other.pk}/")
        check_accessibility(page, f"welfare-{username}", screenshots)
        page.goto(f"{base}/staff/welfare/")
        check_accessibility(page, f"queue-{username}", screenshots)
        context.close()
    context = chromium.new_context(locale="en-GB")
    page = context.new_page()
    jan = SeekerFactory(user=account("jan", "seeker"), email="jan@example.org")
    mine = f.declined(f.applied(org, seeker=jan), first)
    log_in(page, base, "jan", f"/inzet/{mine.pk}/")
    check_accessibility(page, "seeker-objection-form", screenshots)
    context.close()
