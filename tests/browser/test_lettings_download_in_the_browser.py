"""Letting staff download the lettings as VERA toewijzingen from the work queue: a form with
two labelled dates, accessible at 320 px and at 1280 px, that gives a JSON file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.api.vera.contract import lettings
from tests.browser.walks import NARROW, WIDE, check_accessibility
from tests.portal.browser import log_in
from tests.staff.accounts import account

pytestmark = [
    pytest.mark.browser,
    # The live server answers from another thread, so the test data must be committed.
    pytest.mark.django_db(transaction=True),
]


def test_the_lettings_are_downloaded_from_the_work_queue(
    chromium, live_server, screenshots: Path | None
) -> None:
    staff = account("verhuurder", "staff-allocation")
    let = lettings(1)
    context = chromium.new_context(locale="nl-NL", accept_downloads=True)
    page = context.new_page()
    log_in(page, live_server, staff)
    for size, name in ((NARROW, "narrow"), (WIDE, "wide")):
        page.set_viewport_size(size)
        page.goto(f"{live_server.url}/staff/")
        check_accessibility(page, f"queue-lettings-{name}", screenshots, no_overflow=True)
    page.locator("#vera-from").fill(str(let[0].accepted_on))
    with page.expect_download() as download:
        page.get_by_role("button", name="Verhuringen downloaden").click()
    path = download.value.path()
    body = json.loads(Path(path).read_text(encoding="utf-8"))
    assert [item["code"] for item in body] == [let[0].vacancy.reference]
    assert download.value.suggested_filename.startswith("toewijzingen-van-")
    context.close()
