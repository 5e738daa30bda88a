"""The building list and the building page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page
from django.db.models import Func, OuterRef, QuerySet, Subquery

from voorrang.allocation.models import Vacancy
from voorrang.allocation.selectors.paging import paginate
from voorrang.allocation.states import OPEN_VACANCY_STATES
from voorrang.housing.models import Building, Unit


def _count(rows: QuerySet[Any]) -> Subquery:
    """The number of ``rows``, as a subquery of each building: evaluated only for the
    buildings of the page shown, where a join and GROUP BY counted the whole stock's units
    and vacancies first (a quarter of a second at 50,000 vacancies)."""
    return Subquery(rows.order_by().annotate(n=Func("pk", function="COUNT")).values("n"))


def building_list() -> QuerySet[Building]:
    return (
        Building.objects.select_related("complex")
        .annotate(
            unit_count=_count(Unit.objects.filter(building=OuterRef("pk"))),
            open_vacancies=_count(
                Vacancy.objects.filter(unit__building=OuterRef("pk"), state__in=OPEN_VACANCY_STATES)
            ),
        )
        .order_by("name")
    )


@dataclass(frozen=True)
class BuildingPage:
    building: Building
    units: Page
    vacancies: Page


def building_page(building: Building, *, units_page: Any = 1, vacancies_page: Any = 1):
    return BuildingPage(
        building=building,
        units=paginate(
            Unit.objects.filter(building=building).order_by("street", "number", "addition"),
            units_page,
        ),
        vacancies=paginate(
            Vacancy.objects.filter(unit__building=building)
            .select_related("unit")
            .order_by("-closes_on", "reference"),
            vacancies_page,
        ),
    )
