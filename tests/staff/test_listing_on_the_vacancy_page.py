"""The listing on the staff vacancy page: staff change the description, labels and service
costs, add photos (each with a text for those who cannot see it), order and remove them;
bad input shows on its field and stores nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.allocation.flow import published
from tests.allocation.test_listing_photos import jpeg_with_exif
from tests.factories import VacancyFactory
from voorrang.allocation.models import Vacancy, VacancyPhoto
from voorrang.allocation.states import VacancyState

pytestmark = pytest.mark.django_db


def listing(**changes) -> dict:
    return {
        "listing-description": "A bright flat with a view of the park.",
        "listing-labels": ["senior"],
        "listing-energy_label": "A",
        "listing-accessibility_label": "zero_step",
        "listing-service_costs": "52.40",
        **changes,
    }


def photo(content: bytes | None = None, alt_text: str = "Living room") -> dict:
    return {
        "photo-photo": SimpleUploadedFile(
            "room.jpg", content or jpeg_with_exif(900, 600), content_type="image/jpeg"
        ),
        "photo-alt_text": alt_text,
    }


def test_staff_write_the_listing_of_a_draft(staff_client: Client) -> None:
    vacancy = VacancyFactory()
    url = f"/staff/vacancies/{vacancy.reference}/"
    answer = staff_client.post(f"{url}listing/", listing(), follow=True)
    html = answer.content.decode()
    assert "The listing was saved." in html
    assert "A bright flat with a view of the park." in html
    assert "zero-step home" in html
    vacancy.refresh_from_db()
    assert vacancy.labels == ["senior"]
    assert vacancy.unit.service_costs == Decimal("52.40")


def test_negative_service_costs_are_refused_on_their_field(staff_client: Client) -> None:
    vacancy = VacancyFactory(description="Before")
    answer = staff_client.post(
        f"/staff/vacancies/{vacancy.reference}/listing/",
        listing(**{"listing-service_costs": "-3"}),
    )
    assert answer.status_code == 400
    html = answer.content.decode()
    assert "The service costs cannot be less than zero." in html
    assert 'id="id_listing-service_costs_error"' in html or "listing-service_costs" in html
    vacancy.refresh_from_db()
    assert vacancy.description == "Before"


def test_a_published_vacancy_keeps_its_conditions(staff, staff_client: Client) -> None:
    vacancy = published(staff, labels=["young"])
    html = staff_client.get(f"/staff/vacancies/{vacancy.reference}/").content.decode()
    assert 'name="listing-labels"' not in html
    answer = staff_client.post(
        f"/staff/vacancies/{vacancy.reference}/listing/", listing(), follow=True
    )
    assert "The listing was saved." in answer.content.decode()
    vacancy.refresh_from_db()
    assert vacancy.labels == ["young"]


def test_photos_are_added_shown_ordered_and_removed(storage_backend, staff_client: Client) -> None:
    vacancy = VacancyFactory()
    url = f"/staff/vacancies/{vacancy.reference}/"
    first = staff_client.post(f"{url}photos/", photo(alt_text="Kitchen"), follow=True)
    assert "The photo was added." in first.content.decode()
    staff_client.post(f"{url}photos/", photo(alt_text="Balcony"))
    kitchen, balcony = VacancyPhoto.objects.order_by("position")
    html = staff_client.get(url).content.decode()
    assert f'src="{url}photos/{kitchen.pk}/small.jpg" alt="Kitchen"' in html

    shown = staff_client.get(f"{url}photos/{kitchen.pk}/small.jpg")
    assert shown.status_code == 200
    assert shown["Content-Type"] == "image/jpeg"
    assert b"".join(shown.streaming_content).startswith(b"\xff\xd8\xff")

    staff_client.post(f"{url}photos/{balcony.pk}/forward/")
    assert list(vacancy.photos.values_list("alt_text", flat=True)) == ["Balcony", "Kitchen"]
    staff_client.post(f"{url}photos/{kitchen.pk}/remove/")
    assert list(vacancy.photos.values_list("alt_text", flat=True)) == ["Balcony"]
    assert staff_client.get(f"{url}photos/{kitchen.pk}/small.jpg").status_code == 404


@pytest.mark.parametrize(
    ("sent", "message"),
    [
        (photo(alt_text=""), "Describe what the photo shows"),
        (photo(content=b"%PDF-1.4\n"), "The file must be a photo in JPEG, PNG or WebP format."),
        ({"photo-alt_text": "A room"}, "Choose a photo to upload."),
    ],
    ids=["no-alt-text", "not-a-photo", "no-file"],
)
def test_a_refused_photo_says_why_on_the_page(staff_client: Client, sent, message) -> None:
    vacancy = VacancyFactory()
    answer = staff_client.post(f"/staff/vacancies/{vacancy.reference}/photos/", sent)
    assert answer.status_code == 400
    assert message in answer.content.decode()
    assert not VacancyPhoto.objects.exists()


def test_the_photo_text_is_not_said_twice_once_the_listing_is_closed(
    storage_backend, staff_client: Client
) -> None:
    """Under a photo, its text is named as the text for screen readers: the picture and the
    words under it do not repeat each other (axe: image-redundant-alt), also when the photo
    has no buttons any more."""
    vacancy = VacancyFactory()
    url = f"/staff/vacancies/{vacancy.reference}/"
    staff_client.post(f"{url}photos/", photo(alt_text="Kitchen"))
    # Closed for responses (as far as the page is concerned): the listing cannot change.
    Vacancy.objects.filter(pk=vacancy.pk).update(state=VacancyState.CLOSED)
    html = staff_client.get(url).content.decode()
    assert 'alt="Kitchen"' in html
    assert "<p>Text for screen readers: Kitchen</p>" in html
    assert "<p>Kitchen</p>" not in html
