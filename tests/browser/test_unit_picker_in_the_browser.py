"""Staff find a home by searching, read its facts, create its vacancy and publish it after
reading the quota's explanation: on a phone (320 px) and on a desktop, with axe finding
nothing on any page of the way."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.allocation.flow import published
from tests.browser.test_vacancy_through_the_staff_pages import check_accessibility, log_in
from tests.factories import BuildingFactory, UnitFactory
from tests.staff.accounts import account
from voorrang.allocation.models import Vacancy
from voorrang.allocation.states import VacancyState

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def reads_without_sideways_scrolling(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


@pytest.mark.parametrize("width", [320, 1280])
def test_staff_pick_a_home_by_search_and_publish_it(
    chromium, live_server, screenshots, width
) -> None:
    staff = account("verhuurder", "staff-allocation")
    lflat = BuildingFactory()
    brink = BuildingFactory(name="De Brink", street="Brinkweg", designated=False)
    for number in range(1, 31):
        UnitFactory(building=lflat, number=number)
    home = UnitFactory(building=lflat, number=77, addition="B", postcode="3705 XY", rooms=4)
    UnitFactory(building=brink, number=77, postcode="3707 BB")
    published(staff)  # the year's first vacancy in the L-flat: this one will be the second
    year = timezone.localdate().year

    context = chromium.new_context(locale="en-GB", viewport={"width": width, "height": 900})
    page = context.new_page()
    base = live_server.url
    log_in(page, base, "verhuurder")

    page.get_by_role("link", name="New vacancy").first.click()
    assert page.url == f"{base}/staff/vacancies/new/"
    assert page.get_by_role("heading", name="Homes 1 to 20 of 32").is_visible()
    assert reads_without_sideways_scrolling(page)
    check_accessibility(page, f"unit-picker-{width}", screenshots)

    page.get_by_label("Address, postcode or building").fill("3705xy")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("heading", name="Homes 1 to 1 of 1").wait_for()
    found = page.locator("#found li")
    assert found.count() == 1
    facts = found.first.inner_text()
    assert "Laan van Vollenhove 77-B, Zeist" in facts and "3705 XY" in facts
    assert reads_without_sideways_scrolling(page)
    check_accessibility(page, f"unit-picker-found-{width}", screenshots)

    page.get_by_role("link", name="Choose this home").click()
    page.get_by_role("heading", name="New vacancy for Laan van Vollenhove 77-B, Zeist").wait_for()
    assert reads_without_sideways_scrolling(page)
    check_accessibility(page, f"new-vacancy-form-{width}", screenshots)
    page.get_by_label("Closing date").fill(
        (timezone.localdate() + dt.timedelta(days=14)).isoformat()
    )
    page.get_by_label("registration time").check()
    page.get_by_role("button", name="Create the draft").click()
    vacancy = Vacancy.objects.get(unit=home)
    page.get_by_text(f"Draft vacancy {vacancy.reference} was created.").wait_for()

    explained = page.locator("#quota-explained")
    assert "Published today, it will not be targeted" in explained.inner_text()
    assert f"Vacancy 2 of {year} in L-flat; 1 of 20 targeted so far" in explained.inner_text()
    assert reads_without_sideways_scrolling(page)
    check_accessibility(page, f"vacancy-before-publishing-{width}", screenshots)

    page.get_by_role("button", name="Publish").click()
    page.get_by_text("The vacancy was published. It is not targeted.").wait_for()
    vacancy.refresh_from_db()
    assert (vacancy.state, vacancy.targeted, vacancy.quota_n) == (VacancyState.PUBLISHED, False, 2)
    assert "It keeps its place in the quota count" in page.locator("#withdraw").inner_text()
    check_accessibility(page, f"vacancy-published-{width}", screenshots)
    context.close()
