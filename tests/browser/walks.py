"""What the browser walks share: logging in through the log-in page (with the second factor
for staff), and the accessibility check of a page as it stands."""

from __future__ import annotations

from pathlib import Path

from tests.staff.accounts import PASSWORD, pass_second_factor

WIDE = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 800}


def log_in(page, base: str, username: str, next_url: str, password: str = PASSWORD) -> None:
    """Log in from the log-in page, which sends the browser on to ``next_url``."""
    page.goto(f"{base}/accounts/login/?next={next_url}")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    pass_second_factor(page, username)
    assert page.url == f"{base}{next_url}", page.url


def run_axe(page, options: dict | None = None):
    """axe on the page once it has finished loading. A click that leads to another page may
    still be navigating when the check starts; axe then finds no document, so the check waits
    for the new page and runs again, up to three times."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import Error

    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            return Axe().run(page, options=options)
        except Error as error:
            navigating = "documentElement" in str(error) or "context was destroyed" in str(error)
            if not navigating or attempt == 2:
                raise
    raise AssertionError("unreachable")


def check_accessibility(
    page, name: str, screenshots: Path | None, *, prefix: str = "", no_overflow: bool = False
) -> None:
    """axe finds nothing on the page at its present size (a screenshot is kept when asked);
    with ``no_overflow``, the page does not scroll sideways either (WCAG 1.4.10)."""
    if screenshots is not None:
        page.screenshot(path=str(screenshots / f"{prefix}{name}.png"), full_page=True)
    results = run_axe(page)
    assert results.violations_count == 0, f"{name}:\n{results.generate_report()}"
    if no_overflow:
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name}: {overflow}px wider than the window"
