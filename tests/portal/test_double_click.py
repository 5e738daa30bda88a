"""A double click: the same response request sent twice at the same moment, on PostgreSQL
with real row locks, leaves one response; one answer says "received", the other "already".

Each thread has its own database connection (Django's connections are per thread) and its
own test client with the same session, as a browser that sends a form twice."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client

from tests.allocation.flow import published
from tests.concurrency import at_once
from tests.factories import StaffFactory
from tests.portal.helpers import seeker_with_account
from voorrang.allocation import services
from voorrang.allocation.models import Response
from voorrang.audit.models import AuditEvent
from voorrang.errors import DomainError
from voorrang.notifications.models import PendingBatch
from voorrang.portal.views import OUTCOME_HEADER

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("postgres_only"),
]


def test_the_same_request_twice_at_once_makes_one_response() -> None:
    staff = StaffFactory()
    vacancy = published(staff)
    user, seeker = seeker_with_account()
    first, second = Client(), Client()
    first.force_login(user)
    second.cookies = first.cookies  # one browser, one session
    url = f"/homes/{vacancy.reference}/respond/"

    for attempt in range(5):  # several rounds, so that the requests really meet
        Response.objects.filter(seeker=seeker).delete()
        answers = at_once(lambda: first.post(url), lambda: second.post(url))
        assert all(a.status_code == 302 for a in answers), answers
        outcomes = sorted(a[OUTCOME_HEADER] for a in answers)
        assert outcomes == ["already", "received"], (attempt, outcomes)
        assert Response.objects.filter(seeker=seeker, vacancy=vacancy).count() == 1
    # One audit event and one receipt per response that was made, none for the second clicks.
    assert AuditEvent.objects.filter(action="response.created").count() == 5
    assert PendingBatch.objects.filter(event="response_received").count() == 5


def test_the_service_called_twice_at_once_makes_one_response() -> None:
    staff = StaffFactory()
    vacancy = published(staff)
    _, seeker = seeker_with_account()
    results = at_once(
        lambda: services.respond(actor=None, vacancy=vacancy, seeker=seeker),
        lambda: services.respond(actor=None, vacancy=vacancy, seeker=seeker),
    )
    errors = [r for r in results if isinstance(r, DomainError)]
    made = [r for r in results if isinstance(r, Response)]
    assert len(made) == 1 and len(errors) == 1, results
    assert errors[0].code == "already_responded"
    assert Response.objects.filter(seeker=seeker, vacancy=vacancy).count() == 1


def test_many_seekers_respond_to_one_vacancy_at_once_and_none_is_lost() -> None:
    """The shared row lock lets responders to one vacancy through side by side."""
    staff = StaffFactory()
    vacancy = published(staff)
    seekers = [seeker_with_account(f"s{i}@example.org")[1] for i in range(8)]
    results = at_once(
        *[(lambda s=s: services.respond(actor=None, vacancy=vacancy, seeker=s)) for s in seekers]
    )
    assert all(isinstance(r, Response) for r in results), results
    assert Response.objects.filter(vacancy=vacancy).count() == 8


def test_closing_waits_for_responses_in_flight_and_refuses_later_ones() -> None:
    """A response and the closing at the same moment: either the response is in before the
    vacancy closes, or it is refused; never a response stored after closing."""
    import datetime as dt

    staff = StaffFactory()
    vacancy = published(staff)
    _, seeker = seeker_with_account()
    after = vacancy.closes_on + dt.timedelta(days=1)
    results = at_once(
        lambda: services.respond(actor=None, vacancy=vacancy, seeker=seeker),
        lambda: services.close_vacancy(actor=staff, vacancy=vacancy, today=after),
    )
    vacancy.refresh_from_db()
    assert vacancy.state == "closed"
    stored = Response.objects.filter(vacancy=vacancy).exists()
    assert stored == isinstance(results[0], Response), results
    assert not vacancy.responses_changed_after_close


def test_a_response_locks_the_vacancy_before_the_seeker() -> None:
    """While staff hold the vacancy (closing it, say), a response waits for the vacancy
    without having taken the seeker's row: services that lock vacancy, then seeker, never
    wait for each other in a circle."""
    import time

    from django.db import transaction

    from voorrang.allocation.models import Vacancy
    from voorrang.seekers.models import Seeker

    staff = StaffFactory()
    vacancy = published(staff)
    _, seeker = seeker_with_account()
    vacancy_held, release = threading.Event(), threading.Event()

    def hold_the_vacancy():
        with transaction.atomic():
            Vacancy.objects.select_for_update().get(pk=vacancy.pk)
            vacancy_held.set()
            release.wait(timeout=30)
        return "released"

    def respond():
        vacancy_held.wait(timeout=30)
        return services.respond(actor=None, vacancy=vacancy, seeker=seeker)

    def seeker_is_free():
        vacancy_held.wait(timeout=30)
        deadline = time.monotonic() + 30
        with connection.cursor() as cursor:  # until the response waits on a row lock
            while time.monotonic() < deadline:
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    "AND datname = current_database()"
                )
                if cursor.fetchone()[0] >= 1:
                    break
                time.sleep(0.05)
            else:
                release.set()
                return "the response never waited"
        try:
            with transaction.atomic():
                Seeker.objects.select_for_update(nowait=True).get(pk=seeker.pk)
            return "free"
        finally:
            release.set()

    held, response, seeker_state = at_once(hold_the_vacancy, respond, seeker_is_free)
    assert held == "released"
    assert seeker_state == "free", seeker_state
    assert isinstance(response, Response), response
