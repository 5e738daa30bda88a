"""One vacancy from publication to allocation through the staff pages in a real browser,
without JavaScript; and axe-core finds no accessibility violations on the staff pages."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone

from tests.browser.walks import run_axe
from tests.factories import SeekerFactory, UnitFactory
from tests.staff.accounts import PASSWORD, account, pass_second_factor
from voorrang.allocation.models import Allocation, Offer, Vacancy
from voorrang.allocation.states import OfferState, VacancyState

pytestmark = [
    pytest.mark.browser,
    # The live server answers from another thread, so the test data must be committed.
    pytest.mark.django_db(transaction=True),
]


def check_accessibility(page, name: str, screenshots: Path | None) -> None:
    if screenshots is not None:
        page.screenshot(path=str(screenshots / f"{name}.png"), full_page=True)
    results = run_axe(page)
    assert results.violations_count == 0, f"{name}:\n{results.generate_report()}"


def log_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/staff/")
    # An anonymous visitor is sent to the log-in page, and back after logging in.
    assert "/accounts/login/" in page.url
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    pass_second_factor(page, username)
    assert page.url == f"{base_url}/staff/"


def test_one_vacancy_from_publication_to_allocation(chromium, live_server, screenshots) -> None:
    account("verhuurder", "staff-allocation")
    unit = UnitFactory(number=301)
    first = SeekerFactory(registered_on=dt.date(2004, 4, 4))
    second = SeekerFactory(registered_on=dt.date(2009, 9, 9))
    third = SeekerFactory(registered_on=dt.date(2016, 1, 6))
    too_big = SeekerFactory(household=[dt.date(1980, 1, 1)] * 5)
    today = timezone.localdate()

    # Without JavaScript: every step must work with plain forms and links.
    context = chromium.new_context(locale="en-GB", java_script_enabled=False)
    page = context.new_page()
    base = live_server.url
    log_in(page, base, "verhuurder")

    # Create the draft: find the home by its number, then fill in the vacancy.
    page.get_by_role("link", name="New vacancy").first.click()
    page.get_by_label("Address, postcode or building").fill("Vollenhove 301")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Choose this home").click()
    assert page.url.startswith(f"{base}/staff/vacancies/new/{unit.pk}/?q=Vollenhove+301")
    page.get_by_label("Closing date").fill(today.isoformat())
    page.get_by_label("registration time").check()
    page.get_by_role("button", name="Create the draft").click()
    vacancy = Vacancy.objects.get()
    assert page.url == f"{base}/staff/vacancies/{vacancy.reference}/"
    assert vacancy.state == VacancyState.DRAFT

    # Publish: the quota decides (the year's first vacancy in the L-flat is targeted).
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("The vacancy was published. It is targeted.").wait_for()
    vacancy.refresh_from_db()
    assert vacancy.state == VacancyState.PUBLISHED
    assert page.get_by_text(vacancy.seed_hash).is_visible()
    assert vacancy.seed not in page.content()

    # Paper responses, entered by staff with the date on the form.
    for seeker in (third, first, too_big, second):
        page.get_by_label("Registration number of the home seeker").fill(seeker.registration_number)
        page.get_by_label("Date on the paper form").fill((today - dt.timedelta(days=3)).isoformat())
        page.get_by_role("button", name="Enter the response").click()
        page.get_by_text(f"The paper response of {seeker.registration_number} was entered.")
    assert page.get_by_text("4 responses: 4 taking part").is_visible()

    # The closing date passes: a week later, as far as the vacancy is concerned.
    Vacancy.objects.filter(pk=vacancy.pk).update(
        published_on=today - dt.timedelta(days=8), closes_on=today - dt.timedelta(days=1)
    )
    page.reload()
    page.get_by_role("button", name="Close for responses").click()
    page.get_by_text("The vacancy was closed for responses.").wait_for()

    page.get_by_role("button", name="Rank", exact=True).click()
    page.get_by_text("Ranking 1 was made and stored.").wait_for()
    ranking = page.get_by_role("table", name=re.compile("Candidates in order"))
    rows = ranking.locator("tbody tr")
    assert rows.count() == 3
    assert first.registration_number in rows.nth(0).inner_text()
    assert page.get_by_text("The household is too small or too large for this home.").is_visible()
    vacancy.refresh_from_db()
    assert vacancy.seed in page.content()  # revealed with the ranking

    page.get_by_role("button", name="Offer to the next candidate").click()
    page.get_by_text(f"The home was offered to {first.registration_number}").wait_for()

    # The first candidate refuses; the home goes to the next one at once.
    page.get_by_label("Reason for refusal").select_option("floor")
    page.get_by_label("Explanation").fill("Prefers a lower floor")
    page.get_by_role("button", name="Record the refusal").click()
    page.get_by_text(f"The home was offered to {second.registration_number}").wait_for()

    page.get_by_role("button", name="Accept the offer").click()
    page.get_by_text(f"The offer was accepted by {second.registration_number}").wait_for()
    # The checks at offer, then the contract: only the signing lets the home.
    page.get_by_label("checked: the income fits and the documents are complete").check()
    page.get_by_role("button", name="Record the checks").click()
    page.get_by_text("The checks were recorded").wait_for()
    today = dt.date.today().isoformat()
    page.get_by_label("The contract starts on").fill(today)
    page.get_by_label("Net rent per month in the contract (euro)").fill("650")
    page.get_by_label("Signed on").fill(today)
    page.get_by_role("button", name="Record the signed contract").click()
    page.get_by_text(f"the home is let to {second.registration_number}").wait_for()
    assert page.get_by_role("heading", name="Published result").is_visible()

    vacancy.refresh_from_db()
    assert vacancy.state == VacancyState.LET
    allocation = Allocation.objects.get(vacancy=vacancy)
    assert (allocation.seeker, allocation.position) == (second, 2)
    assert list(Offer.objects.order_by("pk").values_list("seeker", "state")) == [
        (first.pk, OfferState.REFUSED),
        (second.pk, OfferState.ACCEPTED),
    ]
    context.close()

    # axe-core in a browser with JavaScript, on the pages of this vacancy's story.
    context = chromium.new_context(locale="en-GB")
    page = context.new_page()
    log_in(page, base, "verhuurder")
    check_accessibility(page, "work-queue", screenshots)
    for name, path in [
        ("vacancy", f"/staff/vacancies/{vacancy.reference}/"),
        ("vacancies", "/staff/vacancies/"),
        ("new-vacancy", "/staff/vacancies/new/"),
        ("new-vacancy-found", "/staff/vacancies/new/?q=301"),
        ("new-vacancy-form", f"/staff/vacancies/new/{unit.pk}/"),
        ("seeker", f"/staff/seekers/{second.registration_number}/"),
        ("seekers", "/staff/seekers/"),
        ("buildings", "/staff/buildings/"),
        ("building", f"/staff/buildings/{unit.building_id}/"),
    ]:
        page.goto(base + path)
        check_accessibility(page, name, screenshots)
    context.close()


def test_the_pages_with_forms_in_error_have_no_violations(
    chromium, live_server, screenshots
) -> None:
    account("verhuurder", "staff-allocation")
    unit = UnitFactory()
    seeker = SeekerFactory()
    context = chromium.new_context(locale="nl-NL")
    page = context.new_page()
    base = live_server.url
    page.goto(f"{base}/accounts/login/?next=/staff/vacancies/new/{unit.pk}/")
    page.locator("#id_username").fill("verhuurder")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    pass_second_factor(page, "verhuurder")
    assert page.url == f"{base}/staff/vacancies/new/{unit.pk}/"
    assert page.locator("html").get_attribute("lang") == "nl"

    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()  # everything empty
    assert page.locator("[role=alert]").is_visible()
    check_accessibility(page, "new-vacancy-errors", screenshots)

    page.goto(f"{base}/staff/seekers/{seeker.registration_number}/")
    with page.expect_navigation():
        page.locator("#request-date-change button[type=submit]").click()
    assert page.locator("[role=alert]").is_visible()
    assert page.locator("#id_date_change-new_date").get_attribute("aria-invalid") == "true"
    check_accessibility(page, "seeker-errors", screenshots)
    context.close()
