"""What seekers read of a listing: its description, photos (each with its text), labels,
service costs and total rent; and on each card of the list whether they may respond and
whether the home is targeted, in words."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from tests.allocation.flow import published
from tests.allocation.test_listing_photos import jpeg_with_exif
from tests.factories import StaffFactory, UnitFactory, VacancyFactory
from tests.portal.helpers import seeker_with_account
from voorrang.allocation import services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def staff():
    return StaffFactory()


def add_photo(staff, vacancy, alt_text: str = "Living room with a view of the park"):
    upload = SimpleUploadedFile("room.jpg", jpeg_with_exif(1200, 800), content_type="image/jpeg")
    return services.add_photo(actor=staff, vacancy=vacancy, upload=upload, alt_text=alt_text)


def test_the_listing_page_shows_what_the_home_offers(client: Client, staff) -> None:
    vacancy = published(staff, unit=UnitFactory(service_costs=Decimal("0")), rent=Decimal("650"))
    services.update_listing(
        actor=staff,
        vacancy=vacancy,
        description="A bright flat on the fourth floor.\nThe park is across the street.",
        energy_label="A+",
        accessibility_label="wheelchair",
        service_costs=Decimal("48.25"),
    )
    photo = add_photo(staff, vacancy)

    html = client.get(f"/homes/{vacancy.reference}/").content.decode()

    assert "A bright flat on the fourth floor.<br>The park is across the street." in html
    small = f"/homes/{vacancy.reference}/photos/{photo.pk}/small.jpg"
    assert f'src="{small}" alt="Living room with a view of the park"' in html
    assert "A+" in html
    assert "wheelchair-accessible home" in html
    assert "€48.25" in html
    assert "€698.25" in html  # the total rent


def test_the_photo_is_served_from_either_storage(client: Client, staff, storage_backend) -> None:
    vacancy = published(staff)
    photo = add_photo(staff, vacancy)
    for size, long_side in (("small", 480), ("large", 1200)):
        answer = client.get(f"/homes/{vacancy.reference}/photos/{photo.pk}/{size}.jpg")
        assert answer.status_code == 200
        assert answer["Content-Type"] == "image/jpeg"
        assert answer["X-Content-Type-Options"] == "nosniff"
        image = Image.open(io.BytesIO(b"".join(answer.streaming_content)))
        assert max(image.size) == long_side
    assert client.get(f"/homes/{vacancy.reference}/photos/{photo.pk}/huge.jpg").status_code == 404
    assert client.get(f"/homes/V-OTHER/photos/{photo.pk}/small.jpg").status_code == 404


def test_a_drafts_photos_are_not_public(client: Client, staff) -> None:
    draft = VacancyFactory()
    photo = add_photo(staff, draft)
    assert client.get(f"/homes/{draft.reference}/photos/{photo.pk}/small.jpg").status_code == 404


def test_each_card_says_whether_this_seeker_may_respond(client: Client, staff) -> None:
    fits = published(staff, unit=UnitFactory(min_household=1, max_household=2))
    too_big = published(staff, unit=UnitFactory(min_household=3, max_household=6))
    add_photo(staff, fits, alt_text="Front door")
    user, _ = seeker_with_account()
    client.force_login(user)

    html = client.get("/homes/").content.decode()

    cards = {
        vacancy.reference: html.split(f'href="/homes/{vacancy.reference}/"')[1].split("</li>")[0]
        for vacancy in (fits, too_big)
    }
    assert "You may respond" in cards[fits.reference]
    assert "You cannot respond" in cards[too_big.reference]
    # The reason in plain words, the same the home's own page gives.
    assert "This home is for a household of 3 to 6 people." in cards[too_big.reference]
    assert 'alt="Front door"' in html


def test_a_visitor_is_asked_to_log_in_to_see_it(client: Client, staff) -> None:
    published(staff)
    html = client.get("/homes/").content.decode()
    assert "to see on each home whether you may respond" in html
    assert "You may respond" not in html


def test_a_targeted_home_says_so_in_words_on_its_card(client: Client, staff) -> None:
    vacancy = published(staff)
    vacancy.targeted = True
    vacancy.save()
    other = published(staff)
    html = client.get("/homes/").content.decode()
    card = html.split(f'href="/homes/{vacancy.reference}/"')[1].split("</li>")[0]
    assert "Targeted: first for volunteers of the targeted track" in card
    other_card = html.split(f'href="/homes/{other.reference}/"')[1].split("</li>")[0]
    assert "Targeted:" not in other_card
