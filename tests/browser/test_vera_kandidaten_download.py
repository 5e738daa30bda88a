"""Letting staff download a ranked vacancy's candidate list in VERA kandidaten form from the
vacancy page, on a desktop and at 320 px, and the page stays accessible."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.browser.walks import NARROW, WIDE, check_accessibility, log_in
from tests.staff.accounts import account

pytestmark = [
    pytest.mark.browser,
    # The live server answers from another thread, so the test data must be committed.
    pytest.mark.django_db(transaction=True),
]


@pytest.mark.parametrize(("size", "viewport"), [("wide", WIDE), ("narrow", NARROW)])
def test_staff_download_the_candidate_list_as_vera_kandidaten(
    chromium, live_server, screenshots, size, viewport
) -> None:
    from tests.api.vera.letting import letting

    world = letting()
    account("verhuur", "staff-allocation")
    context = chromium.new_context(locale="en-GB", viewport=viewport, accept_downloads=True)
    page = context.new_page()
    vacancy_url = f"/staff/vacancies/{world.lottery.reference}/"
    log_in(page, live_server.url, "verhuur", vacancy_url)

    check_accessibility(
        page, "vera-kandidaten-vacancy", screenshots, prefix=f"{size}-", no_overflow=True
    )
    link = page.get_by_role("link", name="Download the candidate list (VERA kandidaten, JSON)")
    with page.expect_download() as caught:
        link.click()
    download = caught.value

    assert download.suggested_filename == f"kandidaten-{world.lottery.reference}.json"
    body = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert [k["positie"] for k in body] == [1, 2, 3]
    assert all(k["eenheid"]["idExtern"] == "ERP-1" for k in body)
    context.close()
