"""A listing: its description, the home's labels and service costs, and its photos (resized,
without their metadata, each with a text for those who cannot see it)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.allocation.flow import published
from tests.factories import StaffFactory, VacancyFactory
from voorrang.allocation import photos, services
from voorrang.allocation.models import VacancyPhoto
from voorrang.audit.models import AuditEvent
from voorrang.errors import InvalidChange, NotAllowed
from voorrang.files import file_storage

pytestmark = pytest.mark.django_db


def jpeg_with_exif(width: int = 3000, height: int = 2000, orientation: int | None = None) -> bytes:
    image = Image.new("RGB", (width, height), (40, 120, 90))
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"  # Make
    exif[0x8825] = {2: (52.0, 5.0, 0.0)}  # GPS
    if orientation is not None:
        exif[0x0112] = orientation
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def upload(content: bytes, name: str = "room.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


@pytest.fixture
def staff():
    return StaffFactory()


def test_a_photo_is_resized_in_two_sizes_without_its_metadata(storage_backend, staff) -> None:
    vacancy = VacancyFactory()
    photo = services.add_photo(
        actor=staff,
        vacancy=vacancy,
        upload=upload(jpeg_with_exif()),
        alt_text="Living room with two windows",
    )
    assert (photo.width, photo.height, photo.position) == (1600, 1067, 1)
    for size, long_side in (("large", 1600), ("small", 480)):
        with file_storage().open(photos.name_of(photo.stored_name, size), "rb") as handle:
            image = Image.open(io.BytesIO(handle.read()))
        assert image.format == "JPEG"
        assert max(image.size) == long_side
        assert not image.getexif()
        assert "exif" not in image.info
    event = AuditEvent.objects.get(action="vacancy.photo_added")
    assert event.after["alt_text"] == "Living room with two windows"


def test_a_photo_taken_sideways_is_turned_upright(staff) -> None:
    resized = photos.resize(io.BytesIO(jpeg_with_exif(800, 600, orientation=6)))
    assert (resized.width, resized.height) == (600, 800)


def test_a_small_photo_is_not_made_larger() -> None:
    resized = photos.resize(io.BytesIO(jpeg_with_exif(400, 300)))
    assert (resized.width, resized.height) == (400, 300)


def test_the_alt_text_is_required(staff) -> None:
    vacancy = VacancyFactory()
    with pytest.raises(InvalidChange) as refused:
        services.add_photo(
            actor=staff, vacancy=vacancy, upload=upload(jpeg_with_exif()), alt_text=" "
        )
    assert refused.value.field == "alt_text"
    assert not VacancyPhoto.objects.exists()


@pytest.mark.parametrize(
    "content",
    [b"%PDF-1.4\n%%EOF\n", b"not an image at all", b"\xff\xd8\xff" + b"\x00" * 40],
    ids=["pdf", "text", "broken-jpeg"],
)
def test_a_file_that_is_not_a_photo_is_refused_on_the_photo_field(staff, content) -> None:
    with pytest.raises(InvalidChange) as refused:
        services.add_photo(
            actor=staff, vacancy=VacancyFactory(), upload=upload(content), alt_text="A room"
        )
    assert refused.value.field == "photo"
    assert "WebP" in str(refused.value.message)  # in either language
    assert not VacancyPhoto.objects.exists()


def test_a_huge_file_is_refused(staff, monkeypatch) -> None:
    monkeypatch.setattr(photos, "MAX_BYTES", 1000)
    with pytest.raises(InvalidChange) as refused:
        services.add_photo(
            actor=staff, vacancy=VacancyFactory(), upload=upload(jpeg_with_exif()), alt_text="x"
        )
    assert refused.value.field == "photo"


def test_too_many_pixels_are_refused(staff, monkeypatch) -> None:
    monkeypatch.setattr(photos, "MAX_PIXELS", 100)
    with pytest.raises(InvalidChange) as refused:
        photos.resize(io.BytesIO(jpeg_with_exif(20, 20)))
    assert refused.value.field == "photo"


def test_removing_and_ordering_photos(
    storage_backend, staff, django_capture_on_commit_callbacks
) -> None:
    vacancy = VacancyFactory()
    first, second = (
        services.add_photo(
            actor=staff, vacancy=vacancy, upload=upload(jpeg_with_exif(300, 200)), alt_text=text
        )
        for text in ("Kitchen", "Balcony")
    )
    moved = services.move_photo_forward(actor=staff, photo=second)
    assert [p.alt_text for p in vacancy.photos.all()] == ["Balcony", "Kitchen"]
    assert moved.position == 1
    with pytest.raises(InvalidChange):
        services.move_photo_forward(actor=staff, photo=moved)

    name = photos.name_of(first.stored_name, "large")
    assert file_storage().exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_photo(actor=staff, photo=first)
    assert not file_storage().exists(name)
    assert not file_storage().exists(photos.name_of(first.stored_name, "small"))
    assert list(vacancy.photos.values_list("alt_text", flat=True)) == ["Balcony"]
    assert AuditEvent.objects.filter(action="vacancy.photo_removed").count() == 1
    assert AuditEvent.objects.filter(action="vacancy.photo_moved").count() == 1


def test_the_listing_is_saved_with_the_homes_facts(staff) -> None:
    vacancy = VacancyFactory()
    services.update_listing(
        actor=staff,
        vacancy=vacancy,
        description="  A bright flat near the park.  ",
        energy_label="A++",
        accessibility_label="walker",
        service_costs=Decimal("45.5"),
        labels=["young", "senior"],
    )
    vacancy.refresh_from_db()
    assert vacancy.description == "A bright flat near the park."
    assert vacancy.labels == ["senior", "young"]
    assert vacancy.unit.energy_label == "A++"
    assert vacancy.unit.accessibility_label == "walker"
    assert vacancy.unit.service_costs == Decimal("45.50")
    assert vacancy.total_rent == vacancy.rent + Decimal("45.50")
    event = AuditEvent.objects.get(action="vacancy.listing_changed")
    assert event.after["energy_label"] == "A++"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"service_costs": Decimal("-1")}, "service_costs"),
        ({"service_costs": Decimal("100000")}, "service_costs"),
        ({"description": "x" * 4001}, "description"),
        ({"energy_label": "H"}, "energy_label"),
        ({"accessibility_label": "stairs"}, "accessibility_label"),
        ({"labels": ["targeted"]}, "labels"),
    ],
)
def test_bad_listing_input_names_the_field_and_stores_nothing(staff, change, field) -> None:
    vacancy = VacancyFactory(description="Before")
    given = {
        "description": "After",
        "energy_label": "B",
        "accessibility_label": "none",
        "service_costs": Decimal("10"),
        **change,
    }
    with pytest.raises(InvalidChange) as refused:
        services.update_listing(actor=staff, vacancy=vacancy, **given)
    assert refused.value.field == field
    vacancy.refresh_from_db()
    assert vacancy.description == "Before"
    assert not AuditEvent.objects.filter(action="vacancy.listing_changed").exists()


def test_the_conditions_of_a_published_vacancy_stay(staff) -> None:
    vacancy = published(staff, labels=["senior"])
    with pytest.raises(NotAllowed) as refused:
        services.update_listing(
            actor=staff,
            vacancy=vacancy,
            description="",
            energy_label="",
            accessibility_label="none",
            service_costs=Decimal("0"),
            labels=[],
        )
    assert refused.value.field == "labels"
    # The rest of the listing can still change.
    services.update_listing(
        actor=staff,
        vacancy=vacancy,
        description="Now with a description",
        energy_label="C",
        accessibility_label="none",
        service_costs=Decimal("0"),
        labels=None,
    )
    vacancy.refresh_from_db()
    assert vacancy.labels == ["senior"]
    assert vacancy.description == "Now with a description"


def test_a_closed_vacancy_listing_is_not_changed(staff) -> None:
    vacancy = published(staff)
    services.withdraw_vacancy(actor=staff, vacancy=vacancy, reason="Sold")
    with pytest.raises(NotAllowed):
        services.add_photo(
            actor=staff, vacancy=vacancy, upload=upload(jpeg_with_exif(30, 20)), alt_text="x"
        )
