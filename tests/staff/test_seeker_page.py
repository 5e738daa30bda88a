"""The seeker page: what staff see of a registration, the two-person change of its date,
and possible duplicates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from tests.factories import CommitmentFactory, SeekerFactory, UrgencyFactory
from tests.staff.accounts import log_in
from voorrang.audit.models import AuditEvent
from voorrang.seekers import services
from voorrang.seekers.models import ChangeStatus, DuplicateFlag, RegistrationDateChange

pytestmark = pytest.mark.django_db

ANNA = {"first_name": "Anna", "last_name": "de Vries", "birth_date": dt.date(1980, 1, 1)}


def page_of(client: Client, seeker) -> str:
    response = client.get(f"/staff/seekers/{seeker.registration_number}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_shows_registration_household_income_urgency_and_commitment(
    staff_client: Client, ranked_vacancy
) -> None:
    seeker = SeekerFactory(
        registered_on=dt.date(2011, 3, 4),
        household=[dt.date(1970, 2, 3), dt.date(1999, 9, 9)],
        income_evidence_kind="payslip",
        income_evidence_date=dt.date(2025, 1, 31),
        email="jansen@example.org",
    )
    UrgencyFactory(seeker=seeker, note="medical")
    CommitmentFactory(seeker=seeker, building=ranked_vacancy.unit.building)
    html = page_of(staff_client, seeker)
    for text in (
        seeker.registration_number,
        "4 March 2011",
        "3 February 1970",
        "9 September 1999",
        "€40,000.00",
        "payslips",
        "31 January 2025",
        "medical",
        "jansen@example.org",
        "Approved, L-flat, valid until 31 December 2099",
    ):
        assert text in html, text


def test_the_commitment_shows_only_status_building_and_end_date(staff_client, db) -> None:
    seeker = SeekerFactory()
    CommitmentFactory(seeker=seeker)
    from voorrang.allocation.selectors import commitment_statuses

    (shown,) = commitment_statuses(seeker)
    assert set(vars(shown)) == {"status", "status_label", "building", "valid_until"}


def test_responses_offers_and_allocations_are_listed(staff_client, ranked_vacancy, staff):
    from voorrang.allocation import services as allocation

    offer = allocation.offer_next(actor=staff, vacancy=ranked_vacancy)
    accepted = allocation.accept_offer(actor=staff, offer=offer)
    html = page_of(staff_client, offer.seeker)
    assert html.count(ranked_vacancy.reference) >= 3  # response, offer, allocation
    assert "accepted on" in html
    allocation.record_checks(actor=staff, allocation=accepted, passed=True)
    allocation.sign_contract(
        actor=staff, allocation=accepted, starts_on=accepted.accepted_on, rent=Decimal("700")
    )
    assert "let on" in page_of(staff_client, offer.seeker)


def test_a_date_change_takes_two_staff_members(staff_client: Client, staff, second_staff) -> None:
    seeker = SeekerFactory(registered_on=dt.date(2015, 6, 1))
    url = f"/staff/seekers/{seeker.registration_number}/"
    response = staff_client.post(
        url + "date-change/",
        {"date_change-new_date": "2014-06-01", "date_change-reason": "Date typed wrongly in 2015"},
    )
    assert response.status_code == 302
    change = RegistrationDateChange.objects.get()
    assert change.status == ChangeStatus.PENDING
    html = page_of(staff_client, seeker)
    assert "another staff member must decide" in html
    assert f"{url}date-change/{change.pk}/decide/" not in html

    # The one who asked cannot approve, not even by sending the form by hand.
    response = staff_client.post(
        f"{url}date-change/{change.pk}/decide/", {"decide-decision": "approve"}
    )
    assert response.status_code == 409
    assert "must be approved by another staff member" in response.content.decode()
    seeker.refresh_from_db()
    assert seeker.registered_on == dt.date(2015, 6, 1)

    # Another staff member sees it in the work queue and on the page, and approves it.
    other = Client(headers={"accept-language": "en"})
    log_in(other, second_staff)
    assert seeker.registration_number in other.get("/staff/").content.decode()
    assert f"{url}date-change/{change.pk}/decide/" in page_of(other, seeker)
    response = other.post(f"{url}date-change/{change.pk}/decide/", {"decide-decision": "approve"})
    assert response.status_code == 302
    seeker.refresh_from_db()
    assert seeker.registered_on == dt.date(2014, 6, 1)
    html = page_of(other, seeker)
    assert "Change of registration date approved by" in html
    assert "Date typed wrongly in 2015" in html
    assert AuditEvent.objects.filter(action="seeker.registration_date_changed").count() == 1

    # Deciding again from the stale page is refused with a message.
    again = other.post(f"{url}date-change/{change.pk}/decide/", {"decide-decision": "reject"})
    assert again.status_code == 409
    assert "This change was decided already." in again.content.decode()


def test_a_date_change_request_needs_a_reason_and_a_past_date(staff_client) -> None:
    seeker = SeekerFactory()
    url = f"/staff/seekers/{seeker.registration_number}/date-change/"
    response = staff_client.post(
        url, {"date_change-new_date": "2001-01-01", "date_change-reason": ""}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_date_change-reason"' in html
    assert 'aria-describedby="id_date_change-reason_error"' in html
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    response = staff_client.post(
        url, {"date_change-new_date": tomorrow.isoformat(), "date_change-reason": "x"}
    )
    assert response.status_code == 400
    assert 'href="#id_date_change-new_date"' in response.content.decode()
    assert not RegistrationDateChange.objects.exists()


def test_a_possible_duplicate_is_resolved_with_a_note(staff_client, staff) -> None:
    first = services.register_seeker(
        actor=staff,
        registration_number="W-1",
        registered_on=dt.date(2012, 1, 1),
        members=[
            {"first_name": "Anna", "last_name": "de Vries", "birth_date": dt.date(1980, 1, 1)}
        ],
        income=30000,
    )
    second = services.register_seeker(
        actor=staff,
        registration_number="W-2",
        registered_on=dt.date(2020, 1, 1),
        members=[
            {"first_name": "Anna", "last_name": "de Vries", "birth_date": dt.date(1980, 1, 1)}
        ],
        income=30000,
    )
    flag = DuplicateFlag.objects.get()
    assert (flag.seeker, flag.other) == (second, first)
    assert "W-2" in staff_client.get("/staff/").content.decode()

    url = f"/staff/seekers/W-2/duplicates/{flag.pk}/resolve/"
    response = staff_client.post(url, {f"resolve-{flag.pk}-resolution": ""})
    assert response.status_code == 400
    assert f'href="#id_resolve-{flag.pk}-resolution"' in response.content.decode()

    response = staff_client.post(url, {f"resolve-{flag.pk}-resolution": "Two people, same name"})
    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.resolved and flag.resolved_by == staff
    assert "Two people, same name" in page_of(staff_client, second)
    # Also from the other registration's page, the flag shows as resolved.
    assert "Two people, same name" in page_of(staff_client, first)


def test_the_search_finds_by_number_name_and_postcode(staff_client, staff) -> None:
    services.register_seeker(
        actor=staff,
        registration_number="W-777",
        registered_on=dt.date(2012, 1, 1),
        members=[{"first_name": "Piet", "last_name": "Bakker", "birth_date": dt.date(1980, 1, 1)}],
        income=30000,
        postcode="3706 AB",
        number="12",
    )
    SeekerFactory(registration_number="W-888")
    for query in ("W-777", "bakker", "3706ab", "3706 AB"):
        html = staff_client.get("/staff/seekers/", {"q": query}).content.decode()
        assert "W-777" in html and "W-888" not in html, query
    html = staff_client.get("/staff/seekers/").content.decode()
    assert "W-777" in html and "W-888" in html
    assert "No registrations match." in staff_client.get("/staff/seekers/?q=zzz").content.decode()


def test_an_unknown_seeker_is_not_found(staff_client) -> None:
    assert staff_client.get("/staff/seekers/W-NOBODY/").status_code == 404
