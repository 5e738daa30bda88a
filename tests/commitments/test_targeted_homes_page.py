"""The coordinator's page of targeted homes and their people: the route, the home and the
tenancy's start of each, a page of 25 at a time, filtered, within the organisation; and the
same route and policy outcome on the seeker's track page and the staff pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.commitments import factories as f
from tests.factories import BuildingFactory, SeekerFactory
from tests.staff.accounts import account, log_in
from voorrang.commitments.models import Application

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client(headers={"accept-language": "en"})
    log_in(client, user)
    return client


@pytest.fixture
def three_people(org, coordinator):
    """One let through the commitment, one housed regularly, one still waiting."""
    today = timezone.localdate()
    targeted = f.applied(org, seeker=SeekerFactory(email="a@example.org"))
    f.agreed(targeted, coordinator, signed_on=today - dt.timedelta(days=30))
    let = f.let_through_commitment(targeted, starts_on=today - dt.timedelta(days=5))
    regular = f.approved(f.applied(org, seeker=SeekerFactory(email="b@example.org")), coordinator)
    housed = f.let_home(regular.seeker)
    waiting = f.applied(org, seeker=SeekerFactory(email="c@example.org"))
    f.agreed(waiting, coordinator)
    return targeted, let, regular, housed, waiting


def test_the_coordinator_sees_route_home_start_and_state_of_each_person(
    coordinator, three_people
) -> None:
    targeted, let, regular, housed, waiting = three_people
    html = client_for(coordinator).get(reverse("welfare:allocation")).content.decode()
    for application in (targeted, regular, waiting):
        assert application.seeker.registration_number in html
    assert "through the commitment (targeted track)" in html
    assert str(let.unit) in html and let.vacancy.reference in html
    assert let.contract_start.strftime("%-d %B %Y") in html
    assert "Housed by another route: commitment ended as the policy says" in html
    assert str(housed.unit) in html
    assert "waiting for a home" in html
    assert "position" not in html.lower()


def test_the_filters_narrow_the_people_by_route_and_state(coordinator, three_people) -> None:
    targeted, _let, regular, _housed, waiting = three_people
    client = client_for(coordinator)

    def shown(query: str) -> set[str]:
        html = client.get(reverse("welfare:allocation") + query).content.decode()
        return {
            a.seeker.registration_number
            for a in (targeted, regular, waiting)
            if a.seeker.registration_number in html
        }

    assert shown("?route=commitment") == {targeted.seeker.registration_number}
    assert shown("?route=regular") == {regular.seeker.registration_number}
    assert shown("?route=none") == {waiting.seeker.registration_number}
    assert shown("?state=waiting") == {waiting.seeker.registration_number}
    assert shown("?state=active") == {targeted.seeker.registration_number}
    assert shown("?state=ended") == {regular.seeker.registration_number}
    other = BuildingFactory(name="Andere flat")
    assert client.get(reverse("welfare:allocation") + f"?building={other.pk}").status_code == 200


def test_the_people_come_25_a_page_with_a_bounded_number_of_queries(
    org, coordinator, django_assert_max_num_queries
) -> None:
    for n in range(27):
        f.approved(f.applied(org, seeker=SeekerFactory(email=f"p{n}@example.org")), coordinator)
    client = client_for(coordinator)
    url = reverse("welfare:allocation")
    with django_assert_max_num_queries(15):
        first = client.get(url).content.decode()
    assert "1 to 25 of 27" in first and "Page 1 of 2" in first
    second = client.get(url + "?page=2").content.decode()
    assert "26 to 27 of 27" in second


def test_another_organisation_sees_none_of_these_people(three_people) -> None:
    targeted, _let, regular, _housed, waiting = three_people
    other = f.organisation("Andere stichting", BuildingFactory(name="Flat B"))
    stranger = f.coordinator(other, "vreemde")
    html = client_for(stranger).get(reverse("welfare:allocation")).content.decode()
    for application in (targeted, regular, waiting):
        assert application.seeker.registration_number not in html


def test_the_seeker_and_the_staff_see_the_route(coordinator, three_people) -> None:
    targeted, let, regular, housed, _waiting = three_people
    for application, words in (
        (targeted, "Through your commitment (the targeted track)"),
        (regular, "The rules of the targeted track say that your commitment then ends."),
    ):
        user = account(f"zoeker{application.pk}", "seeker")
        application.seeker.user = user
        application.seeker.save()
        client = client_for(user)
        html = client.get(reverse("track:application", args=[application.pk])).content.decode()
        assert words in html
        assert "Your new home" in html
        overview = client.get(reverse("track:overview")).content.decode()
        if application == regular:
            assert "this commitment has ended, as the rules say" in overview
    staff = client_for(account("verhuurder", "staff-allocation"))
    page = staff.get(reverse("staff:vacancy", args=[let.vacancy.reference])).content.decode()
    assert "Through the commitment (targeted track)" in page
    page = staff.get(reverse("staff:vacancy", args=[housed.vacancy.reference])).content.decode()
    assert "Regular" in page
    welfare = client_for(coordinator)
    html = welfare.get(reverse("welfare:application", args=[regular.pk])).content.decode()
    assert "Housed by another route" in html
    assert Application.objects.get(pk=regular.pk).status == "ended"


def test_an_application_ended_by_another_route_does_not_promise_an_agreement(
    coordinator, three_people
) -> None:
    _targeted, _let, regular, _housed, _waiting = three_people
    regular.refresh_from_db()
    assert regular.status == "ended"
    url = reverse("welfare:application", args=[regular.pk])
    html = client_for(coordinator).get(url).content.decode()
    assert "No agreement: this application is closed." in html
    assert "An agreement is made once the application is approved." not in html


def test_the_seekers_overview_says_whether_the_volunteer_work_waits_or_runs(
    three_people,
) -> None:
    targeted, let, _regular, _housed, waiting = three_people
    for application, words in (
        (targeted, f"Your volunteer work runs since {let.contract_start:%-d %B %Y}."),
        (waiting, "Your volunteer work starts when you get a home in this building"),
    ):
        user = account(f"zoeker{application.pk}", "seeker")
        application.seeker.user = user
        application.seeker.save()
        overview = client_for(user).get(reverse("track:overview")).content.decode()
        assert words in overview
