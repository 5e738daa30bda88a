"""Staff import units from a file: a bad file lists every problem, a good one shows what
changes and is imported on confirmation; on a phone (320 px) and on a desktop, with axe finding
nothing on any page of the way."""

from __future__ import annotations

import pytest

from tests.browser.walks import check_accessibility, log_in
from tests.factories import BuildingFactory
from tests.staff.accounts import account
from voorrang.housing.models import Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GOOD = (
    "source_id;building;street;number;postcode;town;rooms;surface_m2;rent\n"
    "ERP-1;L-flat;Laan van Vollenhove;1;3706 AA;Zeist;3;72;650,00\n"
    "ERP-2;L-flat;Laan van Vollenhove;2;3706 AA;Zeist;2;55;540,00\n"
)


@pytest.mark.parametrize("width", [320, 1280])
def test_staff_import_units_after_seeing_what_changes(
    chromium, live_server, screenshots, tmp_path, width
) -> None:
    account("verhuur-inlezen", "staff-allocation")
    BuildingFactory()
    bad = tmp_path / "bad.csv"
    bad.write_text(GOOD.replace("3706 AA;Zeist;3", "12;Zeist;3"), encoding="utf-8")
    good = tmp_path / "units.csv"
    good.write_text(GOOD, encoding="utf-8")

    context = chromium.new_context(locale="en-GB", viewport={"width": width, "height": 900})
    page = context.new_page()
    base = live_server.url
    log_in(page, base, "verhuur-inlezen", "/staff/imports/")
    check_accessibility(page, f"imports-{width}", screenshots, no_overflow=True)

    page.locator("#id_kind").select_option("units")
    page.locator("#id_file").set_input_files(str(bad))
    page.get_by_role("button", name="Check the file and show what changes").click()
    problems = page.locator("#problems-heading + ul").inner_text()
    assert "row 2, column postcode: '12' is not a Dutch postcode" in problems
    check_accessibility(page, f"imports-problems-{width}", screenshots, no_overflow=True)
    assert Unit.objects.count() == 0

    page.locator("#id_kind").select_option("units")
    page.locator("#id_file").set_input_files(str(good))
    page.get_by_role("button", name="Check the file and show what changes").click()
    page.get_by_role("heading", name="What the import changes").wait_for()
    assert "ERP-2" in page.locator("table").inner_text()
    check_accessibility(page, f"imports-preview-{width}", screenshots, no_overflow=True)
    assert Unit.objects.count() == 0

    page.get_by_role("button", name="Confirm and import").click()
    page.get_by_text("Imported: 2 new").wait_for()
    check_accessibility(page, f"imports-done-{width}", screenshots, no_overflow=True)
    assert Unit.objects.count() == 2
    context.close()
