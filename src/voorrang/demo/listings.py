"""What the demo's listings tell seekers: the homes' energy and accessibility labels, a
description of each vacancy, and photos of the homes still open to responses, drawn with
Pillow when the demo is built (no image is kept in the code). Each draws from a random
stream of its own, derived from the demo's seed and the home, so that the rest of the demo
comes out as it did without listings."""

from __future__ import annotations

import io
import random
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from voorrang.allocation import services
from voorrang.allocation.models import Vacancy
from voorrang.allocation.states import VacancyState
from voorrang.housing.models import AccessibilityLabel, Unit

# By building: the L-flat was renovated (A to B), the others are older.
ENERGY_LABELS = {
    "L-flat": ("A", "A", "B"),
}
OLDER_ENERGY_LABELS = ("B", "C", "C", "D", "E")
# The open vacancies that get photos, at most; the rest of the listings have none (as in
# practice: not every home is photographed before it is let).
PHOTOGRAPHED = 12


def _stream(*parts: object) -> random.Random:
    return random.Random("-".join(str(part) for part in parts))  # noqa: S311 (not a secret)


def unit_labels(building: str, row: dict[str, Any]) -> dict[str, str]:
    """The energy label and accessibility label of a home of the stock plan."""
    rnd = _stream("labels", building, row["number"])
    energy = rnd.choice(ENERGY_LABELS.get(building, OLDER_ENERGY_LABELS))
    if row["wheelchair_adapted"]:
        access = AccessibilityLabel.WHEELCHAIR
    elif row["ground_floor"] or row["lift"]:
        access = AccessibilityLabel.WALKER if rnd.random() < 0.3 else AccessibilityLabel.ZERO_STEP
    else:
        access = AccessibilityLabel.NONE
    return {"energy_label": energy, "accessibility_label": access.value}


OPENINGS = (
    "Een lichte {rooms}-kamerwoning van {surface} m² {where}.",
    "Een {rooms}-kamerwoning van {surface} m² {where}, met uitzicht op het groen.",
    "Deze {rooms}-kamerwoning van {surface} m² ligt {where}.",
)
DETAILS = (
    "De woonkamer heeft grote ramen op het zuiden.",
    "De keuken is in 2021 vernieuwd.",
    "Er is een berging in de onderbouw.",
    "De badkamer heeft een douche en een wastafel.",
    "Het balkon is groot genoeg voor een tafel met twee stoelen.",
)
CLOSING = (
    "Winkels, de huisarts en de bushalte zijn op loopafstand.",
    "Het park en de speeltuin liggen om de hoek.",
)


def description_of(vacancy: Vacancy, seed: int) -> str:
    """A short description in Dutch, the language of the demo's seekers."""
    unit = vacancy.unit
    rnd = _stream("description", seed, vacancy.reference)
    if unit.floor == 0:
        where = "op de begane grond"
    elif unit.lift:
        where = f"op de {unit.floor}e verdieping, met lift"
    else:
        where = f"op de {unit.floor}e verdieping"
    opening = rnd.choice(OPENINGS).format(rooms=unit.rooms, surface=unit.surface_m2, where=where)
    details = rnd.sample(DETAILS, 2)
    return " ".join([opening, *details, rnd.choice(CLOSING)])


def write_listing(*, actor: Any, vacancy: Vacancy, seed: int) -> Vacancy:
    """The vacancy's description, through the same service as staff use on its page."""
    unit: Unit = vacancy.unit
    return services.update_listing(
        actor=actor,
        vacancy=vacancy,
        description=description_of(vacancy, seed),
        energy_label=unit.energy_label,
        accessibility_label=unit.accessibility_label,
        service_costs=unit.service_costs,
    )


WALLS = ((176, 96, 72), (196, 168, 128), (150, 150, 150), (205, 190, 160))
ROOMS = ((236, 228, 212), (222, 232, 236), (240, 236, 226))


def _jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return out.getvalue()


def front_photo(rnd: random.Random, floors: int) -> bytes:
    """A block of flats against the sky: walls, rows of windows, a door."""
    width, height = 960, 640
    image = Image.new("RGB", (width, height), (150, 196, 232))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 520, width, height), fill=(96, 150, 80))
    wall = rnd.choice(WALLS)
    floors = max(2, min(floors + 1, 8))
    top = 520 - floors * 56
    draw.rectangle((140, top, 820, 520), fill=wall, outline=(60, 60, 60), width=3)
    for floor in range(floors):
        y = top + 14 + floor * 56
        for x in range(170, 790, 70):
            draw.rectangle((x, y, x + 40, y + 30), fill=(70, 100, 130), outline=(240, 240, 240))
    draw.rectangle((450, 460, 510, 520), fill=(90, 60, 40))
    return _jpeg(image)


def room_photo(rnd: random.Random) -> bytes:
    """A living room: a floor, a wall, a window with the sky, a sofa."""
    width, height = 960, 640
    image = Image.new("RGB", (width, height), rnd.choice(ROOMS))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 470, width, height), fill=(170, 130, 90))
    draw.rectangle((560, 110, 860, 380), fill=(160, 205, 240), outline=(250, 250, 250), width=12)
    draw.line((710, 110, 710, 380), fill=(250, 250, 250), width=8)
    draw.rounded_rectangle((90, 360, 430, 500), radius=24, fill=(70, 90, 120))
    draw.rectangle((470, 420, 560, 500), fill=(120, 80, 50))
    return _jpeg(image)


def add_listing_photos(*, actor: Any, seed: int) -> int:
    """Photos of the homes still open to responses (the first few): the front of the
    building and the living room, each with its text. How many photos were added."""
    added = 0
    open_vacancies = Vacancy.objects.filter(state=VacancyState.PUBLISHED).select_related(
        "unit__building"
    )
    for vacancy in open_vacancies.order_by("reference")[:PHOTOGRAPHED]:
        rnd = _stream("photos", seed, vacancy.reference)
        building = vacancy.unit.building.name
        photos = [
            (
                front_photo(rnd, vacancy.unit.floor),
                f"Voorkant van {building}: een flat met rijen ramen en een voordeur.",
            ),
            (
                room_photo(rnd),
                "De woonkamer met een groot raam, een bank en een houten vloer.",
            ),
        ]
        for number, (content, alt_text) in enumerate(photos, start=1):
            upload = SimpleUploadedFile(f"foto-{number}.jpg", content, content_type="image/jpeg")
            services.add_photo(actor=actor, vacancy=vacancy, upload=upload, alt_text=alt_text)
            added += 1
    return added
