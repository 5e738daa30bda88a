"""From the letting to the follow-up in a real browser: letting staff let a targeted home
through their own pages (offer, acceptance, checks, contract) to a volunteer whose agreement
waits for a home, and the coordinator then finds the follow-up started with its check-ins,
without doing anything. An approved volunteer let a home in the usual way: the coordinator
and the volunteer see what the policy did with the commitment. axe-core at 1280 and 320 px."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from tests.allocation.flow import published
from tests.browser.walks import NARROW, WIDE, check_accessibility, log_in
from tests.commitments import factories as f
from tests.factories import SeekerFactory, UnitFactory
from tests.staff.accounts import account
from voorrang.allocation import services as allocation
from voorrang.allocation.models import Response, Vacancy
from voorrang.commitments.models import Application, CommitmentAgreement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check_both_widths(chromium, base, username, pages, screenshots) -> None:
    """axe on each page at 1280 px and at 320 px, where it must not scroll sideways."""
    for label, viewport in (("1280", WIDE), ("320", NARROW)):
        context = chromium.new_context(locale="en-GB", viewport=viewport)
        page = context.new_page()
        log_in(page, base, username, pages[0][1])
        for name, path in pages:
            page.goto(base + path)
            check_accessibility_follow(page, f"{name}-{label}", screenshots)
            wider = page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert wider <= 0, f"{name} is {wider} px wider than {label} px"
        context.close()


def test_a_targeted_letting_on_the_staff_pages_starts_the_follow_up_by_itself(
    chromium, live_server, screenshots
) -> None:
    base = live_server.url
    today = timezone.localdate()
    unit = UnitFactory(number=701)
    org = f.organisation(building=unit.building)
    coordinator = f.coordinator(org, "coordinator")
    account("verhuurder", "staff-allocation")
    eva_user = account("eva", "seeker")
    eva = SeekerFactory(user=eva_user, email="eva@example.org", registered_on=dt.date(2020, 1, 1))
    longer = SeekerFactory(registered_on=dt.date(2001, 1, 1))
    application = f.applied(org, seeker=eva)
    agreement = f.agreed(application, coordinator, signed_on=today - dt.timedelta(days=10))
    assert agreement.status == "waiting"

    # Before any home is let, the coordinator sees the commitment waiting, not active.
    staff_context = chromium.new_context(locale="en-GB", java_script_enabled=False)
    welfare = staff_context.new_page()
    log_in(welfare, base, "coordinator", f"/staff/welfare/applications/{application.pk}/")
    assert "waiting for a home" in welfare.content()
    assert "starts by itself" in welfare.content()
    assert "The check-ins are planned when the follow-up starts." in welfare.content()

    # A targeted vacancy in the building; Eva and someone who waited longer respond.
    letting = account("verhuurder2", "staff-allocation")
    vacancy = published(letting, unit=unit)
    assert vacancy.targeted
    for seeker in (eva, longer):
        allocation.respond(actor=letting, vacancy=vacancy, seeker=seeker)
    Vacancy.objects.filter(pk=vacancy.pk).update(
        published_on=today - dt.timedelta(days=8), closes_on=today - dt.timedelta(days=1)
    )
    Response.objects.filter(vacancy=vacancy).update(responded_on=today - dt.timedelta(days=3))

    # Letting staff close, rank, offer, record the acceptance, the checks and the contract.
    letting_context = chromium.new_context(locale="en-GB", java_script_enabled=False)
    staff = letting_context.new_page()
    log_in(staff, base, "verhuurder", f"/staff/vacancies/{vacancy.reference}/")
    staff.get_by_role("button", name="Close for responses").click()
    staff.get_by_text("The vacancy was closed for responses.").wait_for()
    staff.get_by_role("button", name="Rank", exact=True).click()
    staff.get_by_text("Ranking 1 was made and stored.").wait_for()
    staff.get_by_role("button", name="Offer to the next candidate").click()
    staff.get_by_text(f"The home was offered to {eva.registration_number}").wait_for()
    staff.get_by_role("button", name="Accept the offer").click()
    staff.get_by_text(f"The offer was accepted by {eva.registration_number}").wait_for()
    staff.get_by_label("checked: the income fits and the documents are complete").check()
    staff.get_by_role("button", name="Record the checks").click()
    staff.get_by_text("The checks were recorded").wait_for()
    staff.get_by_label("The contract starts on").fill(today.isoformat())
    staff.get_by_label("Net rent per month in the contract (euro)").fill("650")
    staff.get_by_label("Signed on").fill(today.isoformat())
    staff.get_by_role("button", name="Record the signed contract").click()
    staff.get_by_text(f"the home is let to {eva.registration_number}").wait_for()
    # The staff page says the route of the letting.
    assert "Through the commitment (targeted track)" in staff.content()
    letting_context.close()

    # Nobody recorded a move: the coordinator finds the follow-up active, with check-ins.
    agreement.refresh_from_db()
    assert (agreement.status, agreement.moved_in_on) == ("active", today)
    welfare.goto(f"{base}/staff/welfare/applications/{application.pk}/")
    content = welfare.content()
    assert "follow-up: active" in content
    assert "Through the commitment (targeted track)".lower() in content.lower()
    check_ins = welfare.get_by_role("table", name="Check-ins after the move")
    assert check_ins.locator("tbody tr").count() == 4
    first_due = agreement.check_ins.get(month=3).due_on.strftime("%-d %B %Y")
    assert first_due in check_ins.inner_text()
    assert welfare.get_by_role("button", name="Start the follow-up").count() == 0
    welfare.goto(f"{base}/staff/welfare/allocation/?route=commitment")
    row = welfare.get_by_role("row", name=re.compile(eva.registration_number))
    assert "active" in row.inner_text() and vacancy.reference in row.inner_text()
    staff_context.close()

    check_both_widths(
        chromium,
        base,
        "coordinator",
        [
            ("welfare-allocation", "/staff/welfare/allocation/"),
            ("welfare-application-active", f"/staff/welfare/applications/{application.pk}/"),
        ],
        screenshots,
    )
    check_both_widths(
        chromium,
        base,
        "eva",
        [("track-application-active", f"/inzet/{application.pk}/")],
        screenshots,
    )


def test_an_approved_volunteer_housed_regularly_sees_the_policy_applied(
    chromium, live_server, screenshots
) -> None:
    base = live_server.url
    unit = UnitFactory(number=702)
    org = f.organisation(building=unit.building)
    coordinator = f.coordinator(org, "coordinator")
    bo_user = account("bo", "seeker")
    bo = SeekerFactory(user=bo_user, email="bo@example.org")
    application = f.approved(f.applied(org, seeker=bo), coordinator)
    waiting = f.applied(org, seeker=SeekerFactory(email="c@example.org"))
    f.agreed(waiting, coordinator)

    # A home elsewhere, let to Bo in the usual order: the letting's hook applies the policy.
    housed = f.let_home(bo)
    assert not housed.via_commitment
    application.refresh_from_db()
    assert (application.status, application.housed_elsewhere) == ("ended", "end")
    assert CommitmentAgreement.objects.get(application=waiting).status == "waiting"

    context = chromium.new_context(locale="en-GB", java_script_enabled=False)
    page = context.new_page()
    log_in(page, base, "coordinator", "/staff/welfare/allocation/")
    row = page.get_by_role("row", name=re.compile(bo.registration_number))
    text = row.inner_text()
    assert "regular" in text.lower()
    assert "Housed by another route: commitment ended as the policy says" in text
    assert housed.contract_start.strftime("%-d %B %Y") in text
    page.get_by_label("State").select_option("waiting")
    page.get_by_role("button", name="Filter").click()
    assert waiting.seeker.registration_number in page.content()
    assert bo.registration_number not in page.content()
    page.goto(f"{base}/staff/welfare/applications/{application.pk}/")
    assert "Housed by another route" in page.content()
    context.close()

    context = chromium.new_context(locale="en-GB", java_script_enabled=False)
    page = context.new_page()
    log_in(page, base, "bo", f"/inzet/{application.pk}/")
    assert "In the usual way, not through your commitment" in page.content()
    assert "your commitment then ends" in page.content()
    page.goto(f"{base}/inzet/")
    assert "this commitment has ended, as the rules say" in page.content()
    context.close()
    assert Application.objects.get(pk=application.pk).closed_at is not None

    check_both_widths(
        chromium,
        base,
        "coordinator",
        [
            ("welfare-allocation-housed", "/staff/welfare/allocation/"),
            ("welfare-application-housed", f"/staff/welfare/applications/{application.pk}/"),
        ],
        screenshots,
    )
    check_both_widths(
        chromium,
        base,
        "bo",
        [("track-overview-housed", "/inzet/"), ("track-application", f"/inzet/{application.pk}/")],
        screenshots,
    )


def check_accessibility_follow(page, name: str, screenshots) -> None:
    check_accessibility(page, name, screenshots, prefix="follow-")
