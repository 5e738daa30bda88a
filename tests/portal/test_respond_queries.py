"""The response intake is the portal's busiest request: its database work is counted, so
that a change which adds queries to it is seen (the load benchmark has the timings)."""

from __future__ import annotations

import pytest

from tests.allocation.flow import published
from tests.factories import StaffFactory
from tests.portal.helpers import seeker_with_account
from voorrang.allocation.models import Response
from voorrang.portal.views import OUTCOME_HEADER

pytestmark = pytest.mark.django_db


def test_a_response_takes_at_most_twelve_statements(client, django_assert_max_num_queries):
    """Session, account with registration, vacancy, household; then in one transaction
    the two row locks, the seeker's responses, and the response, its audit event and its
    receipt."""
    vacancy = published(StaffFactory())
    user, seeker = seeker_with_account()
    client.force_login(user)
    with django_assert_max_num_queries(12):
        answer = client.post(f"/homes/{vacancy.reference}/respond/")
    assert answer[OUTCOME_HEADER] == "received"
    assert Response.objects.filter(seeker=seeker, vacancy=vacancy).count() == 1


def test_a_second_click_takes_fewer(client, django_assert_max_num_queries):
    vacancy = published(StaffFactory())
    user, _ = seeker_with_account()
    client.force_login(user)
    client.post(f"/homes/{vacancy.reference}/respond/")
    with django_assert_max_num_queries(9):
        answer = client.post(f"/homes/{vacancy.reference}/respond/")
    assert answer[OUTCOME_HEADER] == "already"
