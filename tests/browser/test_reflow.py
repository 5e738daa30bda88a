"""Every page reads at 320 CSS px (WCAG 1.4.10, reflow): no sideways scrolling of the page,
and no block of text squeezed into a column of a few letters.

The walk opens every page of the access matrix as each role that may open it, the seekers'
portal pages, the public pages (anonymous) and the administration's pages (as the application
manager), in a window 320 px wide. A page fails when it is wider than the window, or when an
element with text of its own, visible and not inside a container that scrolls sideways, is
narrower than 120 px (unless it is that narrow because its text is: a button or a legend as
wide as its one line of text, a short cell of a table on one line). Every failing page is
reported, and axe-core runs once on each distinct page at this width. Screenshots of the
main pages at 320, 768 and 1280 px are written to ``$VOORRANG_SCREENSHOTS`` (or
``test-output/screenshots/`` of the checkout, outside git).

It runs in the SQLite leg of CI; the PostgreSQL leg opens the same pages through the access
matrix walk (tests/staff/test_access_matrix.py) already."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from pathlib import Path

import pytest
from django.urls import reverse

from tests import needs
from tests.allocation.flow import let, published, ranked
from tests.factories import SeekerFactory, UnitFactory, UserFactory
from tests.portal.browser import axe_violations, log_in
from tests.portal.helpers import seeker_with_account
from tests.portal.test_browser_accessibility import PUBLIC, REGISTER, SEEKER
from tests.staff.accounts import account
from tests.staff.matrix_urls import ACCOUNTS, matrix_urls, roles_of
from voorrang.allocation import services
from voorrang.web.access import ACCESS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        os.environ.get("DATABASE_URL", "").strip().startswith(needs.POSTGRES_SCHEMES),
        reason="the reflow walk runs in the SQLite leg; on PostgreSQL the access-matrix "
        "test opens the same pages",
    ),
]

NARROW = 320
NARROWEST_TEXT = 120
WIDTHS = (320, 768, 1280)
# The roles of the access matrix (a superuser has the application manager's rights).
ROLES = [who for who in ACCOUNTS if who != "seeker" and not ACCOUNTS[who][1]]

# What the window shows at 320 px: how much wider the page is than the window, and the
# blocks of text narrower than NARROWEST_TEXT px outside a container that scrolls sideways.
MEASURE = """
(narrowest) => {
  const scrollsSideways = (element) => {
    for (let up = element.parentElement; up; up = up.parentElement) {
      const overflow = getComputedStyle(up).overflowX;
      if (overflow === "auto" || overflow === "scroll") return true;
    }
    return false;
  };
  // A box as wide as its own text on one line (a button, a legend, a short flex item) is
  // narrow because its text is short, not squeezed.
  const asWideAsItsText = (element, box, style) => {
    const tops = [];
    for (const node of element.childNodes) {
      if (node.nodeType !== Node.TEXT_NODE || !node.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const rect of range.getClientRects()) if (rect.width > 0) tops.push(rect.top);
    }
    const size = parseFloat(style.fontSize);
    if (tops.some((top) => Math.abs(top - tops[0]) > size / 2)) return false;
    const all = document.createRange();
    all.selectNodeContents(element);
    const content = box.width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)
      - parseFloat(style.borderLeftWidth) - parseFloat(style.borderRightWidth);
    // A table's column is as wide as its widest cell: a short cell on one line in a wide
    // column is not squeezed either.
    return content - all.getBoundingClientRect().width < 2 || element.closest("td, th") !== null;
  };
  // What sticks out on the right, outside any container that scrolls sideways.
  const sticksOut = [];
  const narrow = [];
  for (const element of document.body.querySelectorAll("*")) {
    if (element.closest("svg, option, script, style, template")) continue;
    const text = Array.from(element.childNodes)
      .filter((node) => node.nodeType === Node.TEXT_NODE)
      .map((node) => node.textContent)
      .join("")
      .replace(/\\s+/g, " ")
      .trim();
    if (!text) continue;
    const style = getComputedStyle(element);
    if (style.display.startsWith("inline") || style.display === "contents") continue;
    if (style.visibility !== "visible" || !element.checkVisibility()) continue;
    const box = element.getBoundingClientRect();
    // One pixel wide: text for screen readers only, hidden on purpose.
    if (box.width <= 1 || box.height <= 1) continue;
    if (box.width >= narrowest || scrollsSideways(element)) continue;
    if (asWideAsItsText(element, box, style)) continue;
    const classes = element.className && typeof element.className === "string"
      ? "." + element.className.trim().split(/\\s+/).join(".") : "";
    narrow.push(
      `<${element.tagName.toLowerCase()}${classes}> ${Math.round(box.width)} px: `
      + JSON.stringify(text.slice(0, 40))
    );
  }
  const root = document.documentElement;
  const wider = Math.max(root.scrollWidth - window.innerWidth, root.scrollWidth - root.clientWidth);
  if (wider > 0) {
    for (const element of document.body.querySelectorAll("*")) {
      if (element.closest("svg") && element.tagName.toLowerCase() !== "svg") continue;
      const box = element.getBoundingClientRect();
      if (box.right <= root.clientWidth + 0.5) continue;
      const positioned = ["absolute", "fixed"].includes(getComputedStyle(element).position);
      if (scrollsSideways(element) && !positioned) continue;
      // The innermost: none of its children sticks out as well.
      const inner = Array.from(element.children).some(
        (child) => child.getBoundingClientRect().right > root.clientWidth + 0.5
      );
      if (!inner && sticksOut.length < 3) {
        sticksOut.push(`<${element.tagName.toLowerCase()}${element.id ? "#" + element.id : ""}`
          + `${element.className && typeof element.className === "string"
            ? "." + element.className.trim().split(/\\s+/).join(".") : ""}>`
          + ` ${Math.round(box.width)} px wide, to ${Math.round(box.right)} px`);
      }
    }
  }
  return { wider: wider, narrow: narrow, sticksOut: sticksOut };
}
"""

# The main pages, photographed at each width: (file name, who, URL name or path).
MAIN_PAGES = [
    ("portal-home", "anonymous", "/"),
    ("portal-vacancies", "anonymous", "/homes/"),
    ("portal-vacancy", "seeker", "portal-vacancy"),
    ("my-page", "seeker", "/my/"),
    ("staff-queue", "staff-allocation", "staff:queue"),
    ("staff-vacancy", "staff-allocation", "staff:vacancy"),
    ("staff-new-vacancy", "staff-allocation", "staff:vacancy_create"),
    ("staff-new-vacancy-form", "staff-allocation", "staff:vacancy_create_for_unit"),
    ("staff-seeker", "staff-allocation", "staff:seeker"),
    ("welfare-queue", "staff-welfare", "welfare:queue"),
    ("welfare-application", "staff-welfare", "welfare:application"),
    ("evaluation", "researcher", "evaluation:theory"),
    ("surveys", "researcher", "staff:surveys"),
    ("stories", "researcher", "stories:stories"),
    ("simulations", "policy", "simulations:list"),
    ("admin", "manager", "/admin/"),
]


def screenshot_folder() -> Path:
    folder = os.environ.get("VOORRANG_SCREENSHOTS")
    path = Path(folder) if folder else Path(__file__).parents[2] / "test-output" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


class Walk:
    """One browser context per role, at 320 px; what failed, page by page."""

    def __init__(self, chromium, live_server) -> None:
        self.chromium = chromium
        self.live_server = live_server
        self.pages: dict[str, object] = {}
        self.problems: list[str] = []
        self.checked_with_axe: set[str] = set()
        self.visited = 0

    def page_of(self, who: str, user=None, **options):
        if who not in self.pages:
            context = self.chromium.new_context(
                locale="en-GB",
                timezone_id="Europe/Amsterdam",
                viewport={"width": NARROW, "height": 800},
                **options,
            )
            context.set_default_timeout(15_000)
            page = context.new_page()
            if user is not None:
                log_in(page, self.live_server, user)
            self.pages[who] = page
        return self.pages[who]

    def check(self, who: str, url: str, axe_key: str | None = None) -> None:
        """Open ``url`` as ``who``; an HTML page must reflow (a download or a POST-only step
        is not a page). axe runs on the first visit of each ``axe_key``."""
        page = self.pages[who]
        where = f"{who} {url}"
        # Asked first with the context's cookies: the browser does not show a download or an
        # empty 405 as a page.
        answer = page.request.get(self.live_server.url + url, max_redirects=0)
        if answer.status == 405:
            return
        if answer.status != 200:
            self.problems.append(f"{where}: answered {answer.status}")
            return
        if not answer.headers.get("content-type", "").startswith("text/html"):
            return
        page.goto(self.live_server.url + url)
        self.visited += 1
        measured = page.evaluate(MEASURE, NARROWEST_TEXT)
        if measured["wider"] > 0:
            self.problems.append(
                f"{where}: {measured['wider']} px wider than the window, because of "
                + ", ".join(measured["sticksOut"])
            )
        for text in measured["narrow"]:
            self.problems.append(f"{where}: narrower than {NARROWEST_TEXT} px: {text}")
        key = axe_key or url
        if key not in self.checked_with_axe:
            self.checked_with_axe.add(key)
            self.problems += [f"{where}: axe {v}" for v in axe_violations(page)]

    def photograph(self, who: str, url: str, name: str, folder: Path) -> None:
        page = self.pages[who]
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            page.goto(self.live_server.url + url)
            page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
        page.set_viewport_size({"width": NARROW, "height": 800})


def pages_of(who: str, urls: dict[str, str]) -> Iterable[tuple[str, str]]:
    return ((name, url) for name, url in urls.items() if roles_of(who) & ACCESS[name])


def test_every_page_reads_at_320_px_for_every_role(
    chromium, live_server, settings, tmp_path, capsys
) -> None:
    settings.DATA_DIR = tmp_path
    staff = account("verhuur1", "staff-allocation")
    vacancy = published(staff)
    ranked_vacancy = ranked(
        staff,
        vacancy,
        [
            SeekerFactory(registered_on=dt.date(2005, 1, 1)),
            SeekerFactory(registered_on=dt.date(2008, 1, 1)),
            SeekerFactory(household=[dt.date(1980, 1, 1)] * 5),
        ],
    )
    urls = matrix_urls(
        ranked_vacancy=ranked_vacancy,
        staff=staff,
        second_staff=account("verhuur2", "staff-allocation"),
        settings=settings,
        tmp_path=tmp_path,
    )
    # The seeker's own pages: a home to respond to, and an offer of another.
    open_vacancy = published(staff, unit=UnitFactory(rooms=3))
    offered = published(staff, unit=UnitFactory(rooms=3))
    seeker_user, seeker = seeker_with_account("anna@example.org")
    ranked(staff, offered, [seeker])
    offer = services.offer_next(actor=staff, vacancy=offered)
    # A home the seeker responded to, let by lottery to another: a published result (with its
    # lottery code and fingerprint) and an outcome with the new tenant's lottery number.
    lottery = published(staff, unit=UnitFactory(rooms=3), ordering="lottery")
    ranked(staff, lottery, [seeker, SeekerFactory(registered_on=dt.date(2011, 1, 1))])
    let(staff, services.offer_next(actor=staff, vacancy=lottery))
    # A home offered to someone placed before her: she may object to that decision.
    objected = published(staff, unit=UnitFactory(rooms=3))
    ranked(staff, objected, [SeekerFactory(registered_on=dt.date(1990, 1, 1)), seeker])
    services.offer_next(actor=staff, vacancy=objected)
    newcomer = UserFactory(username="new@example.org", email="new@example.org")
    newcomer.save()
    manager = account("beheer", "admin", superuser=True)
    manager.is_staff = True
    manager.save()
    colleague = account("collega", "allocation")

    walk = Walk(chromium, live_server)
    # The public pages, and the portal, as anyone sees them.
    walk.page_of("anonymous")
    home = f"/homes/{open_vacancy.reference}/"
    for url in [*PUBLIC, home, "/admin/login/"]:
        walk.check("anonymous", url)
    walk.page_of("seeker", seeker_user)
    for url in [
        *SEEKER,
        home,
        f"/homes/{offered.reference}/",
        f"/my/offers/{offer.pk}/",
        f"/my/objections/{objected.reference}/",
    ]:
        walk.check("seeker", url)
    walk.page_of("newcomer", newcomer)
    for url in REGISTER:
        walk.check("newcomer", url)
    # Every page of the matrix, as each role that may open it.
    for who in ROLES:
        groups, superuser = ACCOUNTS[who]
        walk.page_of(who, account(f"user-{who}", *groups, superuser=superuser))
        for name, url in pages_of(who, urls):
            walk.check(who, url, axe_key=name)
    # The administration: its index, a list, a change page, a history, and the pages that
    # give roles (a new group, another staff member's account).
    # axe-core puts a style element into the administration's forms while it checks them,
    # which the policy refuses: the administration's policy has its own test
    # (test_content_security_policy.py), this context does not enforce it.
    walk.page_of("manager", manager, bypass_csp=True)
    vacancy_admin = reverse("admin:allocation_vacancy_change", args=[ranked_vacancy.pk])
    for url in [
        "/admin/",
        reverse("admin:allocation_vacancy_changelist"),
        vacancy_admin,
        reverse("admin:allocation_vacancy_history", args=[ranked_vacancy.pk]),
        reverse("admin:auth_group_add"),
        reverse("admin:auth_user_change", args=[colleague.pk]),
    ]:
        walk.check("manager", url)

    folder = screenshot_folder()
    for name, who, where in MAIN_PAGES:
        url = urls.get(where) or (home if where == "portal-vacancy" else where)
        walk.photograph(who, url, name, folder)
    with capsys.disabled():
        print(f"\nreflow: {walk.visited} pages at {NARROW} px; screenshots in {folder}")

    assert walk.visited > 100
    assert walk.problems == [], f"{len(walk.problems)} problems:\n" + "\n".join(walk.problems)
