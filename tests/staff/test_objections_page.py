"""The objections page: register one received by post, decide it as a second staff member,
and see refused input named on its field."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.staff.accounts import account, log_in
from voorrang.allocation import services as allocation
from voorrang.objections.models import Objection, ObjectionState

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client(headers={"accept-language": "en"})
    log_in(client, user)
    return client


@pytest.fixture
def passed_over(ranked_vacancy, staff):
    allocation.offer_next(actor=staff, vacancy=ranked_vacancy)
    return ranked_vacancy.rankings.get(is_current=True).entries.get(position=2).seeker


def test_registered_by_post_and_decided_by_another(
    ranked_vacancy, passed_over, second_staff
) -> None:
    clerk = account("verhuur3", "staff-allocation")
    page = client_of(clerk).post(
        "/staff/objections/by-post/",
        {
            "post-vacancy": ranked_vacancy.reference,
            "post-seeker": passed_over.registration_number,
            "post-reasons": "My urgency was not counted.",
        },
    )
    assert page.status_code == 302
    objection = Objection.objects.get()
    assert objection.registered_by == clerk
    listing = client_of(clerk).get("/staff/objections/").content.decode()
    assert "You registered this objection" in listing

    decider = client_of(second_staff)
    queue = decider.get("/staff/").content.decode()
    assert f"#objection-{objection.pk}" in queue
    refused = decider.post(
        f"/staff/objections/{objection.pk}/decide/",
        {f"decide-{objection.pk}-outcome": "upheld", f"decide-{objection.pk}-reasons": ""},
    )
    assert refused.status_code == 400
    assert "Say why the objection is upheld or rejected." in refused.content.decode()
    done = decider.post(
        f"/staff/objections/{objection.pk}/decide/",
        {
            f"decide-{objection.pk}-outcome": "upheld",
            f"decide-{objection.pk}-reasons": "The urgency counted.",
        },
        follow=True,
    )
    objection.refresh_from_db()
    assert objection.state == ObjectionState.UPHELD
    assert "rank the vacancy again" in done.content.decode()
    history = decider.get(f"/staff/seekers/{passed_over.registration_number}/").content.decode()
    assert "Objection upheld by a second staff member" in history


def test_by_post_for_someone_who_was_not_a_candidate_is_refused_on_the_field(
    ranked_vacancy, passed_over, staff
) -> None:
    page = client_of(staff).post(
        "/staff/objections/by-post/",
        {"post-vacancy": "NOPE", "post-seeker": "x", "post-reasons": "Unfair."},
    )
    assert page.status_code == 400
    assert "No vacancy has this reference." in page.content.decode()
    assert not Objection.objects.exists()
