"""A draft vacancy created from the staff page, through ``services.create_vacancy``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from tests.factories import UnitFactory, VacancyFactory
from voorrang.allocation import services
from voorrang.allocation.models import Vacancy
from voorrang.allocation.states import VacancyState
from voorrang.audit.models import AuditEvent
from voorrang.errors import InvalidChange, NotAllowed

pytestmark = pytest.mark.django_db


def test_the_form_creates_a_draft_with_the_unit_rent(staff_client: Client, staff) -> None:
    unit = UnitFactory(rent=Decimal("701.15"))
    closes_on = dt.date.today() + dt.timedelta(days=14)
    form = staff_client.get("/staff/vacancies/new/").content.decode()
    assert f'<option value="{unit.pk}">' in form

    response = staff_client.post(
        "/staff/vacancies/new/",
        {
            "unit": unit.pk,
            "closes_on": closes_on.isoformat(),
            "ordering": "lottery",
            "labels": ["senior", "local"],
            "rent": "",
        },
    )

    vacancy = Vacancy.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/staff/vacancies/{vacancy.reference}/"
    assert vacancy.reference == f"V-{dt.date.today().year}-0001"
    assert (vacancy.state, vacancy.unit, vacancy.rent) == (VacancyState.DRAFT, unit, unit.rent)
    assert (vacancy.ordering, vacancy.labels, vacancy.closes_on) == (
        "lottery",
        ["senior", "local"],
        closes_on,
    )
    event = AuditEvent.objects.get(action="vacancy.created")
    assert (event.actor, event.object_id) == (staff, str(vacancy.pk))
    page = staff_client.get(response["Location"]).content.decode()
    assert f"Draft vacancy {vacancy.reference} was created." in page


def test_a_closing_date_in_the_past_names_the_field(staff_client: Client) -> None:
    unit = UnitFactory()
    response = staff_client.post(
        "/staff/vacancies/new/",
        {
            "unit": unit.pk,
            "closes_on": (dt.date.today() - dt.timedelta(days=1)).isoformat(),
            "ordering": "registration",
            "rent": "600",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_closes_on"' in html
    assert 'aria-describedby="id_closes_on_error"' in html
    assert "The closing date cannot be in the past." in html
    assert not Vacancy.objects.exists()


def test_missing_fields_are_named(staff_client: Client) -> None:
    response = staff_client.post("/staff/vacancies/new/", {})
    assert response.status_code == 400
    html = response.content.decode()
    for field in ("unit", "closes_on"):
        assert f'href="#id_{field}"' in html
    assert 'href="#id_ordering_0"' in html
    assert not Vacancy.objects.exists()


def test_references_count_on_within_the_year(staff) -> None:
    year = dt.date.today().year
    VacancyFactory(reference=f"V-{year}-0041")
    VacancyFactory(reference=f"V-{year - 1}-0099")
    closes_on = dt.date.today() + dt.timedelta(days=7)
    vacancy = services.create_vacancy(
        actor=staff,
        unit=UnitFactory(),
        closes_on=closes_on,
        ordering="registration",
        labels=[],
        rent=Decimal("650"),
    )
    assert vacancy.reference == f"V-{year}-0042"
    given = services.create_vacancy(
        actor=staff,
        unit=UnitFactory(),
        closes_on=closes_on,
        ordering="registration",
        labels=["young"],
        rent=Decimal("650"),
        reference="V-SPECIAL-1",
    )
    assert given.reference == "V-SPECIAL-1"


def test_a_unit_has_one_open_vacancy_at_a_time(staff) -> None:
    unit = UnitFactory()
    arguments = {
        "actor": staff,
        "unit": unit,
        "closes_on": dt.date.today() + dt.timedelta(days=7),
        "ordering": "registration",
        "labels": [],
        "rent": Decimal("650"),
    }
    first = services.create_vacancy(**arguments)
    with pytest.raises(NotAllowed) as refused:
        services.create_vacancy(**arguments)
    assert refused.value.field == "unit"
    services.withdraw_vacancy(actor=staff, vacancy=first, reason="wrong unit")
    assert services.create_vacancy(**arguments).state == VacancyState.DRAFT


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"labels": ["targeted"]}, "labels"),
        ({"ordering": "alphabet"}, "ordering"),
        ({"rent": Decimal("0")}, "rent"),
        ({"reference": "V-TAKEN"}, "reference"),
    ],
)
def test_bad_input_is_refused_with_the_field(staff, change, field) -> None:
    VacancyFactory(reference="V-TAKEN")
    arguments = {
        "actor": staff,
        "unit": UnitFactory(),
        "closes_on": dt.date.today() + dt.timedelta(days=7),
        "ordering": "registration",
        "labels": [],
        "rent": Decimal("650"),
        **change,
    }
    with pytest.raises(InvalidChange) as refused:
        services.create_vacancy(**arguments)
    assert refused.value.field == field
    assert Vacancy.objects.count() == 1
    assert not AuditEvent.objects.filter(action="vacancy.created").exists()


def test_the_list_filters_by_state_and_building(staff_client: Client, staff) -> None:
    from tests.factories import BuildingFactory

    other = BuildingFactory(name="De Brink", designated=False)
    draft = VacancyFactory()
    elsewhere = VacancyFactory(unit=UnitFactory(building=other, postcode="3707 BB"))
    services.publish_vacancy(actor=staff, vacancy=elsewhere)

    html = staff_client.get("/staff/vacancies/").content.decode()
    assert draft.reference in html and elsewhere.reference in html
    html = staff_client.get("/staff/vacancies/?state=draft").content.decode()
    assert draft.reference in html and elsewhere.reference not in html
    html = staff_client.get(f"/staff/vacancies/?building={other.pk}").content.decode()
    assert draft.reference not in html and elsewhere.reference in html
    # A filter value that does not exist shows the form's error, not a server error.
    assert staff_client.get("/staff/vacancies/?state=nonsense").status_code == 200


def test_with_a_large_stock_the_list_shows_the_units_of_the_chosen_building(
    staff_client: Client, monkeypatch
) -> None:
    monkeypatch.setattr("voorrang.staff.forms.UNITS_IN_ONE_LIST", 1)
    first = UnitFactory(building__name="A-flat")
    second = UnitFactory(building__name="B-flat")

    def listed(unit) -> str:
        return f'<option value="{unit.pk}">{unit.building.name}: {unit}</option>'

    page = staff_client.get("/staff/vacancies/new/").content.decode()
    assert "First choose the building" in page
    assert listed(first) not in page and listed(second) not in page

    page = staff_client.get(f"/staff/vacancies/new/?building={second.building_id}")
    html = page.content.decode()
    assert listed(second) in html and listed(first) not in html

    # Any unit is accepted, whichever building was chosen.
    response = staff_client.post(
        f"/staff/vacancies/new/?building={second.building_id}",
        {
            "unit": first.pk,
            "closes_on": (dt.date.today() + dt.timedelta(days=14)).isoformat(),
            "ordering": "registration",
            "rent": "",
        },
    )
    assert response.status_code == 302
    assert Vacancy.objects.get().unit == first
