"""The seeker's responses page: the outcome of each response (state, their place, and for a
home let to someone else the day and the new tenant's registration time or lottery number),
with filters and pages that stay quick at 200 responses."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.allocation.flow import let, published, ranked
from tests.factories import StaffFactory, UnitFactory, VacancyFactory
from tests.portal.helpers import seeker_with_account
from voorrang.allocation import services
from voorrang.allocation.models import Response
from voorrang.allocation.states import VacancyState

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def staff():
    return StaffFactory()


def _text(response) -> str:
    return " ".join(response.content.decode().split())


def _let_to_first(staff, seekers, **fields):
    vacancy = published(staff, unit=UnitFactory(rooms=3), **fields)
    ranked(staff, vacancy, seekers)
    let(staff, services.offer_next(actor=staff, vacancy=vacancy))
    vacancy.refresh_from_db()
    return vacancy


def test_a_home_let_to_someone_else_shows_the_day_and_the_new_tenant_s_registration_time(
    client: Client, staff
) -> None:
    today = timezone.localdate()
    _w, winner = seeker_with_account(
        "w@example.org", registered_on=today.replace(year=today.year - 9)
    )
    user, me = seeker_with_account(
        "me@example.org", registered_on=today.replace(year=today.year - 2)
    )
    vacancy = _let_to_first(staff, [winner, me])
    client.force_login(user)
    page = _text(client.get("/my/responses/"))
    assert "You are number 2 of 2." in page
    assert f"This home was let to someone else on {vacancy.letting.let_on:%-d %B %Y}." in page
    assert (
        "The home went by registration time. The new tenant had been registered for 9 years" in page
    )


def test_a_lottery_home_shows_the_new_tenant_s_lottery_number(client: Client, staff) -> None:
    _w, first = seeker_with_account("a@example.org")
    _x, second = seeker_with_account("b@example.org")
    vacancy = _let_to_first(staff, [first, second], ordering="lottery")
    loser = second if vacancy.letting.seeker == first else first
    client.force_login(loser.user)
    page = _text(client.get("/my/responses/"))
    lottery = vacancy.letting.offer.entry.lottery
    assert f"The home went by lottery. The new tenant had lottery number {lottery}." in page

    client.force_login(vacancy.letting.seeker.user)
    page = _text(client.get("/my/responses/"))
    assert "You rented this home." in page


def _many_responses(staff, seeker, count: int = 200) -> None:
    """``count`` responses in every state: a few through the whole letting, the rest made
    directly (the open-response limit would stop them at the door)."""
    today = timezone.localdate()
    for round_ in range(3):  # ranked and let, to one registered longer than the seeker
        others = [seeker_with_account(f"o{round_}-{i}@example.org")[1] for i in range(2)]
        _let_to_first(staff, [*others, seeker])
    ranked(staff, published(staff), [seeker])  # ranked, not let
    states = [
        (VacancyState.PUBLISHED, today + dt.timedelta(days=5)),
        (VacancyState.CLOSED, today - dt.timedelta(days=3)),
        (VacancyState.WITHDRAWN, today - dt.timedelta(days=30)),
    ]
    rows = []
    for i in range(count - 4):
        state, closes_on = states[i % len(states)]
        vacancy = VacancyFactory(state=state, closes_on=closes_on)
        rows.append(
            Response(
                vacancy=vacancy,
                seeker=seeker,
                responded_on=dt.date(today.year - (i % 3), 1, 1 + i % 28),
            )
        )
    Response.objects.bulk_create(rows)


def test_two_hundred_responses_come_a_page_at_a_time_in_bounded_queries(
    client: Client, staff
) -> None:
    user, seeker = seeker_with_account(registered_on=timezone.localdate())
    _many_responses(staff, seeker)
    assert seeker.responses.count() == 200
    client.force_login(user)
    client.get("/my/responses/")  # the session and the caches warm

    counts = []
    for query in ("", "?page=2", "?state=let", "?state=ranked", "?state=closed&page=3"):
        with CaptureQueriesContext(connection) as queries:
            answer = client.get("/my/responses/" + query)
        assert answer.status_code == 200
        counts.append(len(queries))
    # Ten for the page and its outcomes, two for the objections it may link: however many
    # responses there are.
    assert max(counts) <= 12, counts

    first = _text(client.get("/my/responses/"))
    assert "200 responses found." in first
    assert "Page 1 of 8" in first
    assert first.count('class="voorrang-card"') == 25


def test_the_filters_by_state_and_year_narrow_the_list(client: Client, staff) -> None:
    user, seeker = seeker_with_account(registered_on=timezone.localdate())
    _many_responses(staff, seeker, count=40)
    client.force_login(user)
    today = timezone.localdate()

    let = _text(client.get("/my/responses/?state=let"))
    assert "3 responses found." in let
    assert "You are number 3 of 3." in let

    ranked_page = _text(client.get("/my/responses/?state=ranked"))
    assert "1 response found." in ranked_page

    withdrawn = _text(client.get("/my/responses/?state=withdrawn"))
    assert "This home is no longer offered." in withdrawn

    total = 0
    for year in (today.year, today.year - 1, today.year - 2):
        found = _text(client.get(f"/my/responses/?year={year}"))
        total += int(re.search(r"(\d+) responses? found", found).group(1))
    assert total == 40

    wrong = client.get("/my/responses/?state=nonsense&year=1800")
    assert wrong.status_code == 200
    assert "Select a valid choice" in wrong.content.decode()
