"""The response intake is the busiest write of the portal (issue 4, load: 200 responses a
second). These tests pin what one response costs in database queries, and that the cheaper
reasons-only eligibility check says exactly what the full check says."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.allocation.flow import published
from tests.factories import CommitmentFactory, StaffFactory, UnitFactory
from tests.portal.helpers import seeker_with_account
from voorrang.allocation.models import Response
from voorrang.portal import eligibility
from voorrang.portal.views import OUTCOME_HEADER
from voorrang.seekers.models import UrgencyDeclaration

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

# Session, user, seeker, vacancy, household; then the transaction: lock the vacancy, lock the
# seeker, the seeker's responses, the response, the audit trail's chain head and the event,
# its queued receipt (SQLite and PostgreSQL add transaction statements, which are not counted).
RESPONSE_QUERIES = 11


def test_one_response_costs_a_fixed_number_of_queries() -> None:
    staff = StaffFactory()
    vacancy = published(staff)
    user, seeker = seeker_with_account()
    client = Client()
    client.force_login(user)

    with CaptureQueriesContext(connection) as queries:
        answer = client.post(f"/homes/{vacancy.reference}/respond/")

    assert answer[OUTCOME_HEADER] == "received"
    statements = [q["sql"] for q in queries.captured_queries]
    control = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT")
    statements = [s for s in statements if not s.startswith(control)]
    assert len(statements) <= RESPONSE_QUERIES, "\n".join(statements)
    assert Response.objects.filter(seeker=seeker, vacancy=vacancy).count() == 1


@pytest.mark.parametrize(
    ("income", "household", "unit"),
    [
        (Decimal("30000"), [dt.date(1985, 5, 5)], {}),
        (Decimal("90000"), [dt.date(1985, 5, 5)], {"min_household": 2}),
        (Decimal("20000"), [dt.date(1950, 1, 1), dt.date(1952, 2, 2)], {"rent": Decimal("900")}),
        (Decimal("25000"), [dt.date(2004, 3, 3)], {"max_household": 1}),
    ],
)
def test_the_reasons_only_check_gives_the_full_checks_reasons(income, household, unit) -> None:
    staff = StaffFactory()
    vacancy = published(staff, unit=UnitFactory(**unit))
    _, seeker = seeker_with_account(income=income, household=household)
    # Urgency and commitment decide the tier only; the reasons must not depend on them.
    UrgencyDeclaration.objects.create(
        seeker=seeker,
        valid_from=dt.date(2020, 1, 1),
        valid_until=dt.date(2099, 1, 1),
        status="confirmed",
    )
    CommitmentFactory(seeker=seeker, building=vacancy.unit.building)

    full = eligibility.check(seeker, vacancy)
    with CaptureQueriesContext(connection) as queries:
        reasons_only = eligibility.check(seeker, vacancy, with_tier=False)

    assert reasons_only.reasons == full.reasons
    assert reasons_only.sentences == full.sentences
    assert reasons_only.eligible == full.eligible
    assert full.tier and reasons_only.tier == ""
    assert len(queries.captured_queries) == 1  # the household; no urgency, no commitment
