"""Dates people enter have bounds, named in the error: a registration date of 1 January 1
was accepted for approval."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from tests.factories import SeekerFactory, StaffFactory
from tests.staff.accounts import log_in
from voorrang.errors import InvalidChange
from voorrang.seekers import services
from voorrang.seekers.models import ChangeStatus, RegistrationDateChange

pytestmark = pytest.mark.django_db

ANNA = {"first_name": "Anna", "last_name": "de Vries", "birth_date": dt.date(1980, 1, 1)}


@pytest.mark.parametrize("new_date", [dt.date(1, 1, 1), dt.date(1969, 12, 31)])
def test_a_registration_date_before_1970_is_refused_naming_the_bound(new_date) -> None:
    with pytest.raises(InvalidChange) as caught:
        services.request_registration_date_change(
            actor=StaffFactory(), seeker=SeekerFactory(), new_date=new_date, reason="typed so"
        )
    assert caught.value.field == "new_date"
    assert "1970" in str(caught.value.message)
    assert not RegistrationDateChange.objects.exists()


def test_the_earliest_registration_date_itself_is_accepted() -> None:
    change = services.request_registration_date_change(
        actor=StaffFactory(), seeker=SeekerFactory(), new_date=dt.date(1970, 1, 1), reason="x"
    )
    assert change.new_date == dt.date(1970, 1, 1)


def test_a_change_to_year_one_waiting_from_before_cannot_be_approved() -> None:
    seeker = SeekerFactory(registered_on=dt.date(2018, 5, 1))
    change = RegistrationDateChange.objects.create(
        seeker=seeker,
        old_date=seeker.registered_on,
        new_date=dt.date(1, 1, 1),
        reason="x",
        requested_by=StaffFactory(),
    )
    with pytest.raises(InvalidChange) as caught:
        services.decide_registration_date_change(actor=StaffFactory(), change=change, approve=True)
    assert caught.value.field == "new_date"
    seeker.refresh_from_db()
    assert seeker.registered_on == dt.date(2018, 5, 1)
    change.refresh_from_db()
    assert change.status == ChangeStatus.PENDING
    # Rejecting it stays possible.
    services.decide_registration_date_change(actor=StaffFactory(), change=change, approve=False)


def test_the_page_refuses_year_one_with_the_bound_in_the_message(staff_client: Client) -> None:
    seeker = SeekerFactory()
    response = staff_client.post(
        f"/staff/seekers/{seeker.registration_number}/date-change/",
        {"date_change-new_date": "0001-01-01", "date_change-reason": "typed so"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_date_change-new_date"' in html
    assert "The date cannot be before 1 January 1970." in html
    assert not RegistrationDateChange.objects.exists()


def test_a_registration_before_1970_is_refused() -> None:
    with pytest.raises(InvalidChange) as caught:
        services.register_seeker(
            actor=StaffFactory(),
            registration_number="W900001",
            registered_on=dt.date(1800, 1, 1),
            members=[ANNA],
            income=Decimal(30000),
        )
    assert caught.value.field == "registered_on"


@pytest.mark.parametrize("birth_date", [dt.date(1, 1, 1), dt.date(1899, 12, 31)])
def test_a_birth_date_before_1900_is_refused(birth_date) -> None:
    with pytest.raises(InvalidChange) as caught:
        services.add_household_member(
            actor=StaffFactory(),
            seeker=SeekerFactory(),
            first_name="Bram",
            last_name="de Vries",
            birth_date=birth_date,
        )
    assert caught.value.field == "members[0].birth_date"
    assert "1900" in str(caught.value.message)


def test_a_vacancy_closing_more_than_a_year_ahead_is_refused(staff) -> None:
    from tests.factories import UnitFactory
    from voorrang.allocation import services as allocation

    with pytest.raises(InvalidChange) as caught:
        allocation.create_vacancy(
            actor=staff,
            unit=UnitFactory(),
            closes_on=dt.date(9999, 12, 31),
            ordering="registration",
            labels=[],
            rent=Decimal("650.00"),
        )
    assert caught.value.field == "closes_on"


def test_a_survey_wave_in_year_one_is_refused(staff) -> None:
    from tests.factories import BuildingFactory
    from voorrang.surveys import services as surveys

    with pytest.raises(InvalidChange) as caught:
        surveys.create_wave(
            actor=staff,
            building=BuildingFactory(),
            opens_on=dt.date(1, 1, 1),
            closes_on=dt.date(2026, 1, 1),
        )
    assert caught.value.field == "opens_on"
    assert "2000" in str(caught.value.message)


def test_the_portal_refuses_a_birth_date_before_1900(client: Client) -> None:
    from tests.factories import UserFactory

    user = UserFactory(username="anna@example.org", email="anna@example.org")
    user.save()  # the factory sets the password after the row is written
    log_in(client, user)
    response = client.post(
        "/register/you/",
        {"first_name": "Anna", "last_name": "de Vries", "birth_date": "1066-10-14"},
        headers={"accept-language": "en"},
    )
    assert response.status_code == 400
    assert "The date cannot be before 1 January 1900." in response.content.decode()
