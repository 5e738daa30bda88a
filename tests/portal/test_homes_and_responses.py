"""Finding homes, whether one may respond and why not, responding and withdrawing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client

from tests.allocation.flow import published
from tests.factories import BuildingFactory, StaffFactory, UnitFactory
from tests.portal.helpers import seeker_with_account
from voorrang.allocation.models import Response
from voorrang.notifications.emails import send_pending

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def staff():
    return StaffFactory()


def test_the_list_shows_open_homes_and_filters_them(client: Client, staff) -> None:
    small = published(staff, unit=UnitFactory(rooms=2, rent=Decimal("600")))
    big = published(
        staff,
        unit=UnitFactory(
            rooms=4,
            rent=Decimal("800"),
            building=BuildingFactory(name="De Toren", designated=False),
        ),
        labels=["senior"],
    )
    html = client.get("/homes/").content.decode()
    assert small.reference in html and big.reference in html

    html = client.get("/homes/", {"rooms": "3"}).content.decode()
    assert small.reference not in html and big.reference in html
    html = client.get("/homes/", {"rent": "700"}).content.decode()
    assert small.reference in html and big.reference not in html
    html = client.get("/homes/", {"building": "De Toren"}).content.decode()
    assert small.reference not in html and big.reference in html
    html = client.get("/homes/", {"label": "senior"}).content.decode()
    assert small.reference not in html and big.reference in html

    bad = client.get("/homes/", {"rooms": "many"})
    assert 'href="#id_rooms"' in bad.content.decode()


def test_a_draft_is_not_shown(client: Client) -> None:
    from tests.factories import VacancyFactory

    draft = VacancyFactory()
    assert client.get(f"/homes/{draft.reference}/").status_code == 404


def test_plain_reasons_why_one_may_not_respond(client: Client, staff) -> None:
    vacancy = published(staff, unit=UnitFactory(min_household=2, max_household=4))
    user, _ = seeker_with_account(income=Decimal("90000"))
    client.force_login(user)

    html = client.get(f"/homes/{vacancy.reference}/").content.decode()

    assert "This home is for a household of 2 to 4 people. Your household has 1 person." in html
    assert "Your household income is too high for social rent." in html
    assert "Respond to this home" not in html
    refused = client.post(f"/homes/{vacancy.reference}/respond/", follow=True)
    assert "You cannot respond to this home" in refused.content.decode()
    assert not Response.objects.exists()


def test_targeted_homes_explain_the_track(client: Client, staff) -> None:
    vacancy = published(staff)
    vacancy.targeted = True
    vacancy.save()
    html = client.get(f"/homes/{vacancy.reference}/").content.decode()
    assert "This home is for the targeted track" in html
    assert "intake interview" in html


def test_respond_twice_and_withdraw(
    client: Client, staff, django_capture_on_commit_callbacks
) -> None:
    vacancy = published(staff)
    user, seeker = seeker_with_account()
    client.force_login(user)
    page = client.get(f"/homes/{vacancy.reference}/").content.decode()
    assert "Yes, you meet the conditions for this home." in page

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(f"/homes/{vacancy.reference}/respond/", follow=True)
    assert "Your response has been received." in first.content.decode()
    assert first.redirect_chain[0][0] == f"/homes/{vacancy.reference}/"
    # The receipt waits for `send_notifications`, so that a response never waits for a
    # mail server.
    assert not mail.outbox
    assert send_pending() == 1
    assert "We received your response" in mail.outbox[-1].subject
    assert mail.outbox[-1].to == ["jan@example.org"]

    # The same (stale) page submitted again: one response, and a clear message.
    second = client.post(f"/homes/{vacancy.reference}/respond/", follow=True)
    assert "You have already responded to this home." in second.content.decode()
    assert second.redirect_chain[0][0] == f"/homes/{vacancy.reference}/"
    assert Response.objects.filter(seeker=seeker, vacancy=vacancy).count() == 1

    withdrawn = client.post(f"/homes/{vacancy.reference}/withdraw/", follow=True)
    assert "Your response has been withdrawn." in withdrawn.content.decode()
    assert not Response.objects.get().active
    again = client.post(f"/homes/{vacancy.reference}/withdraw/", follow=True)
    assert "nothing was withdrawn" in again.content.decode()


def test_the_limit_of_open_responses(client: Client, staff, settings) -> None:
    settings.VOORRANG_MAX_OPEN_RESPONSES = 2
    vacancies = [published(staff) for _ in range(3)]
    user, seeker = seeker_with_account()
    client.force_login(user)
    for vacancy in vacancies[:2]:
        client.post(f"/homes/{vacancy.reference}/respond/")

    page = client.get(f"/homes/{vacancies[2].reference}/").content.decode()
    assert "You already have 2 open responses, the most you can have at a time." in page
    response = client.post(f"/homes/{vacancies[2].reference}/respond/", follow=True)
    assert "You already have 2 open responses" in response.content.decode()
    assert Response.objects.filter(seeker=seeker).count() == 2


def test_responses_are_rate_limited(client: Client, staff, settings, limiter_clock) -> None:
    settings.VOORRANG_RESPONSE_ATTEMPTS = 2
    vacancy = published(staff)
    user, _ = seeker_with_account()
    client.force_login(user)
    client.post(f"/homes/{vacancy.reference}/respond/")
    client.post(f"/homes/{vacancy.reference}/withdraw/")
    third = client.post(f"/homes/{vacancy.reference}/respond/", follow=True)
    assert "Wait a minute" in third.content.decode()
    assert not Response.objects.get().active


def test_a_closed_home_takes_no_responses(client: Client, staff) -> None:
    vacancy = published(staff)
    vacancy.closes_on = dt.date.today() - dt.timedelta(days=1)
    vacancy.save()
    user, _ = seeker_with_account()
    client.force_login(user)
    assert (
        "The time to respond to this home has ended."
        in client.get(f"/homes/{vacancy.reference}/").content.decode()
    )
    response = client.post(f"/homes/{vacancy.reference}/respond/", follow=True)
    assert "The time to respond to this home has ended." in response.content.decode()
    assert not Response.objects.exists()


def test_anonymous_visitors_are_asked_to_log_in(client: Client, staff) -> None:
    vacancy = published(staff)
    html = client.get(f"/homes/{vacancy.reference}/").content.decode()
    assert "to see if you can respond to this home" in html
    assert client.post(f"/homes/{vacancy.reference}/respond/")["Location"].startswith(
        "/accounts/login/"
    )
