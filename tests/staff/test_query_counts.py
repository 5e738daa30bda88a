"""The vacancy page with a ranking of 2,000 responses does a bounded number of queries and
shows one page of 50 at a time."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.staff import bulk
from voorrang.allocation import services
from voorrang.allocation.selectors import PER_PAGE

pytestmark = pytest.mark.django_db

# Session, user and groups (3), the vacancy, the response counts, the rankings, the offers,
# the result, a count and a page for each of the three long tables, the listing's photos, the
# allocation's steps and the history of the vacancy, its offers and allocations: 19 today, and a
# little room for a new fact on the page, but never one query per row.
MAX_QUERIES = 21


@pytest.fixture
def big_vacancy(staff):
    vacancy = bulk.published_vacancy(staff)
    responders = bulk.respond_in_bulk(vacancy, bulk.seekers(2_400), 2_000)
    assert len(responders) == 2_000
    services.close_vacancy(actor=staff, vacancy=vacancy)
    services.rank_vacancy(actor=staff, vacancy=vacancy)
    services.offer_next(actor=staff, vacancy=vacancy)
    return vacancy


def test_the_vacancy_page_of_a_2000_response_ranking_is_paginated_and_bounded(
    staff_client: Client, big_vacancy, django_assert_max_num_queries
) -> None:
    ranking = big_vacancy.rankings.get()
    ranked, excluded = ranking.entries.count(), ranking.exclusions.count()
    assert ranked + excluded == 2_000 and ranked > PER_PAGE and excluded > PER_PAGE

    url = f"/staff/vacancies/{big_vacancy.reference}/"
    for query in ("", "?page=3", "?page=9999&exclusions=2&responses=40"):
        with django_assert_max_num_queries(MAX_QUERIES):
            response = staff_client.get(url + query)
        assert response.status_code == 200
        html = response.content.decode()
        # One page of each long table: 50 ranked, 50 excluded, 50 responses.
        assert html.count("<tr>") <= 3 * PER_PAGE + 10

    html = staff_client.get(url + "?page=2").content.decode()
    assert f"Candidates in order, 51 to 100 of {ranked}" in html
    assert "Responses by date, 1 to 50 of 2000" in html
    last = staff_client.get(url + "?page=9999").content.decode()
    assert f"to {ranked} of {ranked}" in last


def test_the_query_count_does_not_grow_with_the_responses(
    staff_client: Client, big_vacancy, staff
) -> None:
    small = bulk.published_vacancy(staff, reference="V-BULK-SMALL")
    bulk.respond_in_bulk(small, bulk.seekers(60, prefix="S"), 55)
    services.close_vacancy(actor=staff, vacancy=small)
    services.rank_vacancy(actor=staff, vacancy=small)
    services.offer_next(actor=staff, vacancy=small)

    counts = []
    for vacancy in (small, big_vacancy):
        with CaptureQueriesContext(connection) as queries:
            staff_client.get(f"/staff/vacancies/{vacancy.reference}/")
        counts.append(len(queries))
    assert counts[0] == counts[1] <= MAX_QUERIES
