"""Creating a vacancy starts with finding its home: a search by address, postcode or building
that works without JavaScript, pages its results, shows each home's facts before it is chosen,
and leaves out the homes that have an open vacancy already."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.allocation.flow import let
from tests.factories import BuildingFactory, UnitFactory, VacancyFactory
from voorrang.allocation import services
from voorrang.allocation.models import Vacancy
from voorrang.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

PICKER = "/staff/vacancies/new/"


def chosen_units(html: str) -> list[int]:
    """The units offered on the page, by their 'Choose this home' links, in order."""
    return [int(pk) for pk in re.findall(r'href="/staff/vacancies/new/(\d+)/', html)]


@pytest.fixture
def stock():
    lflat = BuildingFactory()
    brink = BuildingFactory(name="De Brink", street="Brinkweg", designated=False)
    return {
        "lflat_12": UnitFactory(building=lflat, number=12, postcode="3705 AB", rooms=2),
        "lflat_12a": UnitFactory(
            building=lflat, number=12, addition="A", postcode="3705 AB", rooms=3
        ),
        "lflat_40": UnitFactory(building=lflat, number=40, postcode="3705 AC", rooms=4),
        "brink_7": UnitFactory(
            building=brink,
            number=7,
            postcode="3707 BB",
            rooms=3,
            floor=0,
            lift=False,
            ground_floor=True,
            wheelchair_adapted=True,
            rent=Decimal("612.40"),
            service_costs=Decimal("35.00"),
        ),
    }


def search(client: Client, **params) -> str:
    response = client.get(PICKER, params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_search_finds_homes_by_address_postcode_and_building(
    staff_client: Client, stock
) -> None:
    s = stock
    everything = chosen_units(search(staff_client))
    # In the order of building and address: De Brink before the L-flat.
    assert everything == [s["brink_7"].pk, s["lflat_12"].pk, s["lflat_12a"].pk, s["lflat_40"].pk]
    assert chosen_units(search(staff_client, q="Brinkweg 7")) == [s["brink_7"].pk]
    # A postcode with or without its space, in any case.
    for postcode in ("3705 AB", "3705ab", "3705 ab"):
        assert chosen_units(search(staff_client, q=postcode)) == [
            s["lflat_12"].pk,
            s["lflat_12a"].pk,
        ], postcode
    assert chosen_units(search(staff_client, q="Vollenhove 12-a")) == [s["lflat_12a"].pk]
    assert chosen_units(search(staff_client, q="l-flat 40")) == [s["lflat_40"].pk]
    assert chosen_units(search(staff_client, q="Nergensstraat")) == []
    assert "No home matches" in search(staff_client, q="Nergensstraat")


def test_the_filters_narrow_by_building_and_rooms(staff_client: Client, stock) -> None:
    s = stock
    brink = s["brink_7"].building
    assert chosen_units(search(staff_client, building=brink.pk)) == [s["brink_7"].pk]
    assert chosen_units(search(staff_client, rooms=3)) == [
        s["brink_7"].pk,
        s["lflat_12a"].pk,
        s["lflat_40"].pk,
    ]
    assert chosen_units(search(staff_client, q="3705 AB", rooms=3)) == [s["lflat_12a"].pk]
    # A filter value that does not exist is named on its field, not a server error.
    html = search(staff_client, rooms="many")
    assert 'href="#id_rooms"' in html
    assert chosen_units(html) == []


def test_each_home_shows_its_facts_before_it_is_chosen(staff_client: Client, stock) -> None:
    html = search(staff_client, q="Brinkweg")
    for fact in (
        "Brinkweg 7, Zeist",
        "De Brink",
        "3707 BB",
        "ground floor",
        "612.40",
        "35.00",
        "adapted for wheelchair",
        "Last let through Voorrang",
    ):
        assert fact in html, fact


def test_homes_with_an_open_vacancy_are_left_out(staff_client: Client, staff, stock) -> None:
    s = stock
    VacancyFactory(unit=s["lflat_12"])  # a draft is open
    withdrawn = VacancyFactory(unit=s["lflat_40"])
    services.withdraw_vacancy(actor=staff, vacancy=withdrawn, reason="wrong home")
    assert chosen_units(search(staff_client, q="L-flat")) == [
        s["lflat_12a"].pk,
        s["lflat_40"].pk,
    ]


def test_a_home_let_through_voorrang_shows_when(
    staff_client: Client, staff, ranked_vacancy
) -> None:
    offer = services.offer_next(actor=staff, vacancy=ranked_vacancy)
    allocation = let(staff, offer)
    html = search(staff_client, q=ranked_vacancy.unit.postcode)
    assert chosen_units(html) == [ranked_vacancy.unit_id]
    let_on = allocation.let_on
    assert f"{let_on.day} {let_on.strftime('%B')} {let_on.year}" in html


def test_the_results_come_in_pages_that_keep_the_search(staff_client: Client) -> None:
    lflat = BuildingFactory()
    units = [UnitFactory(building=lflat, number=n) for n in range(1, 46)]
    first = search(staff_client, q="Vollenhove")
    assert chosen_units(first) == [u.pk for u in units[:20]]
    assert "Homes 1 to 20 of 45" in first
    assert "?q=Vollenhove&amp;page=2#found" in first
    third = search(staff_client, q="Vollenhove", page=3)
    assert chosen_units(third) == [u.pk for u in units[40:]]
    # Choosing keeps the search, so "Choose another home" returns to it.
    assert f'href="/staff/vacancies/new/{units[40].pk}/?q=Vollenhove&amp;page=3"' in third
    form = staff_client.get(f"/staff/vacancies/new/{units[40].pk}/?q=Vollenhove&page=3")
    assert 'href="/staff/vacancies/new/?q=Vollenhove&amp;page=3"' in form.content.decode()


def test_the_query_count_does_not_grow_with_the_stock(staff_client: Client, staff) -> None:
    lflat = BuildingFactory()

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            search(staff_client, q="Vollenhove")
        return len(captured)

    UnitFactory.create_batch(3, building=lflat)
    few = queries()
    units = UnitFactory.create_batch(120, building=lflat)
    for unit in units[:30]:
        VacancyFactory(unit=unit)
    assert queries() == few


def test_choosing_a_home_shows_its_facts_and_creates_its_draft(staff_client: Client, stock) -> None:
    unit = stock["brink_7"]
    html = staff_client.get(f"/staff/vacancies/new/{unit.pk}/").content.decode()
    assert "New vacancy for Brinkweg 7, Zeist" in html
    assert "612.40" in html and "Choose another home" in html
    response = staff_client.post(
        f"/staff/vacancies/new/{unit.pk}/",
        {
            "closes_on": (dt.date.today() + dt.timedelta(days=10)).isoformat(),
            "ordering": "registration",
        },
    )
    assert response.status_code == 302
    assert Vacancy.objects.get().unit == unit


def test_a_home_with_an_open_vacancy_says_so_and_stores_nothing(
    staff_client: Client, stock
) -> None:
    unit = stock["lflat_12"]
    open_vacancy = VacancyFactory(unit=unit)
    html = staff_client.get(f"/staff/vacancies/new/{unit.pk}/").content.decode()
    assert f"This home already has an open vacancy: {open_vacancy.reference}." in html
    response = staff_client.post(
        f"/staff/vacancies/new/{unit.pk}/",
        {
            "closes_on": (dt.date.today() + dt.timedelta(days=10)).isoformat(),
            "ordering": "registration",
        },
    )
    assert response.status_code == 409
    assert f"This unit already has an open vacancy: {open_vacancy.reference}." in (
        response.content.decode()
    )
    assert Vacancy.objects.count() == 1
    assert not AuditEvent.objects.filter(action="vacancy.created").exists()


def test_an_unknown_home_is_not_found(staff_client: Client) -> None:
    assert staff_client.get("/staff/vacancies/new/999999/").status_code == 404
