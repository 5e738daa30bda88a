"""A listing with photos, labels and badges in the browser: the list of homes and a home's
page read at 320 CSS px without sideways scrolling, the photos load under the
Content-Security-Policy, and axe-core finds nothing, for a seeker who may respond to one
home and not to another."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.allocation.flow import published
from tests.allocation.test_listing_photos import jpeg_with_exif
from tests.factories import StaffFactory, UnitFactory
from tests.portal.browser import axe_violations, log_in
from tests.portal.helpers import seeker_with_account
from voorrang.allocation import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDER_THAN_THE_WINDOW = "() => document.documentElement.scrollWidth - window.innerWidth"
# The photos are loaded lazily: each is brought into view, then drawn (from the storage,
# through the portal's view, under img-src 'self').
PHOTOS_LOADED = """() => Array.from(document.querySelectorAll("main img"))
  .every((image) => image.complete && image.naturalWidth > 0)"""


def test_listing_pages_at_320_px(page, live_server, settings, tmp_path) -> None:
    settings.DATA_DIR = tmp_path
    staff = StaffFactory()
    fits = published(staff, unit=UnitFactory(min_household=1, max_household=2))
    too_big = published(staff, unit=UnitFactory(min_household=3, max_household=6))
    # Whatever the quota decided at publication: one targeted home, one not.
    fits.targeted, too_big.targeted = False, True
    fits.save()
    too_big.save()
    for vacancy in (fits, too_big):
        services.update_listing(
            actor=staff,
            vacancy=vacancy,
            description="A bright flat on the fourth floor, with a balcony facing the park.",
            energy_label="A++",
            accessibility_label="zero_step",
            service_costs=Decimal("48.25"),
        )
        services.add_photo(
            actor=staff,
            vacancy=vacancy,
            upload=SimpleUploadedFile("room.jpg", jpeg_with_exif(1200, 800)),
            alt_text="Living room with two windows facing the park",
        )
    user, _ = seeker_with_account()
    page.set_viewport_size({"width": 320, "height": 800})
    log_in(page, live_server, user)

    problems = []
    for path in ("/homes/", f"/homes/{fits.reference}/", f"/homes/{too_big.reference}/"):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("load")
        assert page.evaluate(WIDER_THAN_THE_WINDOW) <= 0, path
        images = page.locator("main img")
        assert images.count() >= 1, path
        for index in range(images.count()):
            images.nth(index).scroll_into_view_if_needed()
        page.wait_for_function(PHOTOS_LOADED)
        problems += [f"{path}: {v}" for v in axe_violations(page)]
    page.goto(f"{live_server.url}/homes/")
    assert page.get_by_text("You may respond").count() == 1
    assert page.get_by_text("You cannot respond").count() == 1
    assert page.get_by_text("Targeted: first for volunteers of the targeted track").count() == 1
    assert problems == []
