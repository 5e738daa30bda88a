"""A list of 25 takes a bounded number of queries: the rows a page shows are read with what
they name (select_related, prefetch), never one query a row."""

from __future__ import annotations

import pytest

from tests.allocation.flow import published, ranked
from tests.api.clients import api_client
from tests.api.v1.helpers import ALL_VOORRANG, get, let_vacancy
from tests.factories import SeekerFactory, StaffFactory
from tests.simulation_runs.conftest import queued_run
from voorrang.roles import Role

pytestmark = pytest.mark.django_db

# Authentication (the client, its account, its groups), the page and its count, and what
# the rows name: never one query for each of the 25 rows.
MOST = 10


def test_25_rankings(django_assert_max_num_queries) -> None:
    staff = StaffFactory()
    for _ in range(25):
        ranked(staff, published(staff), [SeekerFactory()])
    _c, key = api_client("erp", *ALL_VOORRANG)
    with django_assert_max_num_queries(MOST):
        answer = get("/api/v1/rankings", key, pageSize=25)
    assert len(answer.json()["results"]) == 25


def test_25_published_results(django_assert_max_num_queries) -> None:
    staff = StaffFactory()
    for _ in range(25):
        let_vacancy(staff, seekers=1)
    _c, key = api_client("erp", *ALL_VOORRANG)
    with django_assert_max_num_queries(MOST):
        answer = get("/api/v1/published-results", key, pageSize=25)
    assert len(answer.json()["results"]) == 25


def test_25_simulation_runs(settings, tmp_path, django_assert_max_num_queries) -> None:
    settings.DATA_DIR = tmp_path
    officer = StaffFactory(groups=["policy"])
    for _ in range(25):
        queued_run(officer)
    _c, key = api_client("municipality", *ALL_VOORRANG, role=Role.POLICY.value)
    with django_assert_max_num_queries(MOST):
        answer = get("/api/v1/simulation-runs", key, pageSize=25)
    assert len(answer.json()["results"]) == 25
