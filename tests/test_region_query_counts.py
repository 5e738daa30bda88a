"""The main pages make as many queries for a region three times larger: their cost in queries
does not grow with the number of seekers, vacancies, lettings and buildings (the region
benchmark, benchmarks/bench_region.py, measures their time at 200,000 seekers)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.allocation.flow import let, published, ranked
from tests.factories import SeekerFactory
from tests.staff.accounts import account, log_in
from voorrang.allocation import services
from voorrang.allocation.models import Vacancy
from voorrang.evaluation.example import load_example

pytestmark = pytest.mark.django_db


def let_vacancies(staff, count: int, responders: int = 4) -> list[Vacancy]:
    """``count`` vacancies, each in a building of its own, ranked and let to the first of
    ``responders`` new seekers; and one more only published."""
    out = []
    for _ in range(count):
        building = f"Blok {Vacancy.objects.count() + 1}"
        vacancy = ranked(
            staff,
            published(staff, unit__building__name=building),
            [
                SeekerFactory(registered_on=dt.date(2000, 1, 1) + dt.timedelta(days=i * 400))
                for i in range(responders)
            ],
        )
        offer = services.offer_next(actor=staff, vacancy=vacancy)
        let(staff, offer)
        out.append(vacancy)
    SeekerFactory.create_batch(responders * count)
    published(staff)
    return out


def page_urls(vacancy: Vacancy) -> dict[str, str]:
    seeker = vacancy.allocations.get().seeker
    return {
        "staff:queue": reverse("staff:queue"),
        "staff:vacancies": reverse("staff:vacancies"),
        "staff:vacancy": reverse("staff:vacancy", args=[vacancy.reference]),
        "staff:seekers": reverse("staff:seekers"),
        "staff:seeker": reverse("staff:seeker", args=[seeker.registration_number]),
        "staff:buildings": reverse("staff:buildings"),
        "staff:building": reverse("staff:building", args=[vacancy.unit.building_id]),
        "evaluation:indicators": reverse("evaluation:indicators"),
        "staff:survey_results": reverse("staff:survey_results"),
        "simulations:list": reverse("simulations:list"),
    }


def query_counts(clients: dict[str, Client], urls: dict[str, str]) -> dict[str, tuple]:
    """Each page's queries on its first view and on the next (when kept sections are kept)."""
    counts = {}
    cache.clear()  # the first view renders the kept sections for both sizes
    for name, url in urls.items():
        client = (
            clients["policy"]
            if name.startswith(("evaluation", "staff:survey", "sim"))
            else (clients["staff-allocation"])
        )
        views = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, (name, response.status_code)
            views.append(len(queries))
        counts[name] = tuple(views)
    return counts


def test_the_main_pages_make_as_many_queries_for_a_region_three_times_larger() -> None:
    staff = account("verhuur1", "staff-allocation")
    clients = {}
    for role in ("staff-allocation", "policy"):
        clients[role] = Client()
        log_in(clients[role], account(f"user-{role}", role))
    load_example()

    small = let_vacancies(staff, 2)
    # The same pages of the same kind of records: the last vacancy let, its tenant, building.
    small_counts = query_counts(clients, page_urls(small[-1]))
    large = let_vacancies(staff, 4)
    assert Vacancy.objects.filter(state="let").count() == 3 * len(small)
    large_counts = query_counts(clients, page_urls(large[-1]))

    assert large_counts == small_counts
    # A kept section is read, not rendered again, while its records stay as they were.
    assert small_counts["evaluation:indicators"][1] < small_counts["evaluation:indicators"][0]
