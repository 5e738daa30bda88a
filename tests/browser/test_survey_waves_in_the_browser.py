"""A researcher adds a survey wave of their own name and dates to a building that has its
waves already, and makes its single-use links: on a desktop and at 320 px, in Dutch."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.walks import NARROW, WIDE, check_accessibility, log_in
from tests.factories import BuildingFactory
from tests.staff.accounts import account
from voorrang.surveys import services
from voorrang.surveys.models import Invitation, Wave
from voorrang.surveys.wave_months import add_months

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("size", [WIDE, NARROW], ids=["desktop", "320px"])
def test_a_researcher_adds_a_wave_and_makes_its_links(chromium, live_server, size) -> None:
    researcher = account("onderzoeker", "researcher")
    building = BuildingFactory(name="L-flat", designated=True)
    today = timezone.localdate()
    baseline = add_months(today, -26)
    for months in (0, 12, 24):
        opens = add_months(baseline, months)
        wave = services.create_wave(
            actor=researcher, building=building, opens_on=opens, closes_on=opens + timedelta(30)
        )
        services.close_wave(actor=researcher, wave=services.open_wave(actor=researcher, wave=wave))
    respondent = services.add_respondent(actor=researcher, building=building, cohort="incumbent")

    context = chromium.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam", viewport=size)
    page = context.new_page()
    base = live_server.url
    log_in(page, base, "onderzoeker", "/staff/surveys/")
    check_accessibility(page, "waves", None, no_overflow=True)
    page.get_by_role("link", name="Nieuwe meting").click()
    check_accessibility(page, "new-wave", None, no_overflow=True)

    # A wave before the baseline is refused, naming the field, and nothing is lost.
    page.get_by_label("Gebouw").select_option(label="L-flat")
    page.get_by_label("Naam van de meting").fill("Na 36 maanden")
    page.get_by_label("Begindatum").fill(add_months(baseline, -2).isoformat())
    page.get_by_label("Sluitingsdatum").fill((today + timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Meting maken").click()
    assert "nulmeting" in page.locator("#id_opens_on_error").inner_text()
    assert page.get_by_label("Naam van de meting").input_value() == "Na 36 maanden"
    check_accessibility(page, "new-wave-refused", None, no_overflow=True)
    assert Wave.objects.filter(building=building).count() == 3

    page.get_by_label("Begindatum").fill(today.isoformat())
    page.get_by_role("button", name="Meting maken").click()
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == "L-flat: Na 36 maanden"
    wave = Wave.objects.get(building=building, name="Na 36 maanden")
    assert wave.offset_months == 26
    check_accessibility(page, "new-wave-page", None, no_overflow=True)

    page.get_by_role("button", name="Meting openen").click()
    page.get_by_role("button", name=f"Link maken voor {respondent.pseudonym}").click()
    link = page.locator("main .voorrang-code a").inner_text()
    assert re.fullmatch(rf"{re.escape(base)}/vragenlijst/[^/]+/", link), link
    check_accessibility(page, "new-wave-link", None, no_overflow=True)
    invitation = Invitation.objects.get(wave=wave)
    assert invitation.respondent == respondent and invitation.used_at is None

    page.goto(f"{base}/staff/surveys/")
    row = page.get_by_role("row", name=re.compile("L-flat: Na 36 maanden"))
    assert row.count() == 1
    context.close()
