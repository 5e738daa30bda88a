"""The work queue and the pages of buildings and units."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from tests.allocation.flow import published
from tests.factories import BuildingFactory, UnitFactory, VacancyFactory
from voorrang.allocation import selectors, services
from voorrang.allocation.models import Offer

pytestmark = pytest.mark.django_db


def test_the_queue_shows_vacancies_by_state_offers_due_and_the_quota(
    staff_client: Client, staff, ranked_vacancy
) -> None:
    draft = VacancyFactory()
    open_for_responses = published(staff)
    offer = services.offer_next(actor=staff, vacancy=ranked_vacancy)
    Offer.objects.filter(pk=offer.pk).update(deadline=timezone.now() - dt.timedelta(hours=1))

    html = staff_client.get("/staff/").content.decode()

    for vacancy in (draft, open_for_responses, ranked_vacancy):
        assert f'href="/staff/vacancies/{vacancy.reference}/"' in html
    for heading in ("Draft (1)", "Published (1)", "Offering (1)", "Closed (0)"):
        assert heading in html, heading
    assert "overdue" in html
    # Quota: both published vacancies of this year in the designated L-flat.
    year = dt.date.today().year
    assert f"Quota of the designated buildings in {year}" in html
    status = selectors.quota_status(year)
    assert (status.vacancies, status.targeted) == (2, 1)
    assert "<dd>2</dd>" in html and "<dd>1</dd>" in html and "<dd>20</dd>" in html


def test_the_building_pages_list_units_with_their_facts(staff_client: Client, staff) -> None:
    plain = BuildingFactory(name="De Brink", designated=False, street="Brinklaan")
    UnitFactory(
        building=plain,
        street="Brinklaan",
        number=7,
        addition="A",
        postcode="3707 BB",
        rooms=2,
        floor=0,
        lift=False,
        surface_m2=55,
        rent=Decimal("612.34"),
        ground_floor=True,
        wheelchair_adapted=True,
    )
    vacancy = VacancyFactory(unit=UnitFactory())  # in the L-flat

    html = staff_client.get("/staff/buildings/").content.decode()
    assert f'href="/staff/buildings/{plain.pk}/"' in html
    assert "L-flat" in html and "De Brink" in html

    html = staff_client.get(f"/staff/buildings/{plain.pk}/").content.decode()
    for text in (
        "Brinklaan 7-A, 3707 BB",
        "612.34",
        "55",
        "ground floor",
        "adapted for wheelchair",
    ):
        assert text in html, text
    assert "No vacancies yet." in html

    lflat = vacancy.unit.building
    html = staff_client.get(f"/staff/buildings/{lflat.pk}/").content.decode()
    assert vacancy.reference in html
    assert staff_client.get("/staff/buildings/999999/").status_code == 404


def test_units_are_paginated(staff_client: Client) -> None:
    building = BuildingFactory()
    for number in range(55):
        UnitFactory(building=building, number=number + 1)
    html = staff_client.get(f"/staff/buildings/{building.pk}/").content.decode()
    assert "Units 1 to 50 of 55" in html
    assert "?units=2#units" in html
    html = staff_client.get(f"/staff/buildings/{building.pk}/?units=2").content.decode()
    assert "Units 51 to 55 of 55" in html
