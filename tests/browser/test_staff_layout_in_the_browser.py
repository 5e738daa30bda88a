"""The staff pages line up: the header, the staff navigation and the main part start at the same
left edge, at 320 px and at 1280 px, and no page is wider than the window. The navigation of
the letting staff fits on a phone and on a desktop, and is reached with the keyboard."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.allocation.flow import published, ranked
from tests.factories import SeekerFactory
from tests.portal.browser import log_in, tab_to
from tests.staff.accounts import account
from voorrang.allocation import services

pytestmark = [
    pytest.mark.browser,
    # The live server answers from another thread, so the test data must be committed.
    pytest.mark.django_db(transaction=True),
]

WIDTHS = (320, 1280)

# The left edge of each part's content (inside its padding), and how much wider the page is
# than the window.
MEASURE = """
() => {
  const contentLeft = (selector) => {
    const element = document.querySelector(selector);
    if (!element) return null;
    const box = element.getBoundingClientRect();
    return Math.round(box.left + parseFloat(getComputedStyle(element).paddingLeft));
  };
  return {
    header: contentLeft(".voorrang-header__inner"),
    nav: contentLeft(".voorrang-staff-nav .voorrang-container"),
    main: contentLeft("main"),
    footer: contentLeft(".voorrang-footer .voorrang-container"),
    heading: Math.round(document.querySelector("main h1").getBoundingClientRect().left),
    wider: document.documentElement.scrollWidth - window.innerWidth,
  };
}
"""


def test_header_navigation_and_main_line_up_on_the_staff_pages(
    chromium, live_server, screenshots: Path | None
) -> None:
    staff = account("verhuurder", "staff-allocation")
    vacancy = ranked(
        staff,
        published(staff),
        [SeekerFactory(registered_on=dt.date(2005, 1, 1)), SeekerFactory()],
    )
    offer = services.offer_next(actor=staff, vacancy=vacancy)
    pages = {
        "queue": "/staff/",
        "vacancies": "/staff/vacancies/",
        "vacancy": f"/staff/vacancies/{vacancy.reference}/",
        "seekers": "/staff/seekers/",
        "seeker": f"/staff/seekers/{offer.seeker.registration_number}/",
        "buildings": "/staff/buildings/",
    }
    context = chromium.new_context(locale="nl-NL")
    page = context.new_page()
    log_in(page, live_server, staff)
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for name, url in pages.items():
            page.goto(live_server.url + url)
            edges = page.evaluate(MEASURE)
            if screenshots is not None:
                page.screenshot(path=str(screenshots / f"staff-{name}-{width}.png"))
            lefts = {part: edges[part] for part in ("header", "nav", "main", "footer", "heading")}
            if len(set(lefts.values())) != 1:
                problems.append(f"{url} at {width} px: left edges differ {lefts}")
            if edges["wider"] > 0:
                problems.append(f"{url} at {width} px: {edges['wider']} px wider than the window")
    assert problems == [], "\n".join(problems)


def test_the_letting_navigation_fits_and_is_reached_with_the_keyboard(
    chromium, live_server
) -> None:
    staff = account("verhuurder", "staff-allocation")
    context = chromium.new_context(locale="nl-NL")
    page = context.new_page()
    log_in(page, live_server, staff)
    links = ".voorrang-staff-nav__list a"

    # On a phone the navigation folds into a button; opened with the keyboard, every link
    # fits in the window.
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto(live_server.url + "/staff/")
    assert not page.locator(links).first.is_visible()
    tab_to(page, ".voorrang-staff-nav summary")
    page.keyboard.press("Enter")
    # Work queue, vacancies, seekers, objections, and more: each reachable at 320 px.
    shown = page.locator(links).count()
    assert shown >= 4
    for box in [page.locator(links).nth(i).bounding_box() for i in range(shown)]:
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320
    tab_to(page, ".voorrang-staff-nav__list a[href='/staff/seekers/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/staff/seekers/")

    # On a desktop every link shows on one line, without a button.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/staff/")
    assert not page.locator(".voorrang-staff-nav summary").is_visible()
    tops = {round(page.locator(links).nth(i).bounding_box()["y"]) for i in range(shown)}
    assert len(tops) == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
