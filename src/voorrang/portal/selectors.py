"""Reads of the seekers' pages."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from voorrang import rows
from voorrang.allocation.models import (
    Offer,
    Ordering,
    PublishedResult,
    RankingEntry,
    RankingExclusion,
    Response,
    Vacancy,
)
from voorrang.allocation.selectors import registration_time
from voorrang.allocation.states import PENDING_OFFER_STATES, VacancyState
from voorrang.housing.models import Building, Unit
from voorrang.seekers.models import Seeker

RANKED_STATES = (VacancyState.RANKED, VacancyState.OFFERING, VacancyState.LET)


def open_vacancies() -> QuerySet[Vacancy]:
    """Published vacancies that still take responses, soonest closing first."""
    return (
        Vacancy.objects.filter(state=VacancyState.PUBLISHED, closes_on__gte=timezone.localdate())
        .select_related("unit__building")
        .order_by("closes_on", "reference")
    )


def vacancy_with_home(reference: str) -> Vacancy | None:
    """The vacancy with this reference, its home and the building (as
    ``select_related("unit__building")``), in one plain statement (``voorrang.rows``): the
    vacancy page and the response request, the portal's busiest, start with it."""
    vacancy, unit, building = (
        rows.columns(Vacancy, "v"),
        rows.columns(Unit, "u"),
        rows.columns(Building, "b"),
    )
    sql = (
        f"SELECT {vacancy.sql}, {unit.sql}, {building.sql} "  # noqa: S608
        f"FROM {rows.table(Vacancy)} v JOIN {rows.table(Unit)} u "
        f"ON u.id = v.{Vacancy._meta.get_field('unit').column} "
        f"JOIN {rows.table(Building)} b ON b.id = u.{Unit._meta.get_field('building').column} "
        "WHERE v.reference = %s"
    )
    row = rows.fetch_one(sql, [reference])
    if row is None:
        return None
    found = vacancy.instance(row)
    home = unit.instance(row, vacancy.width)
    Unit.building.field.set_cached_value(home, building.instance(row, vacancy.width + unit.width))
    Vacancy.unit.field.set_cached_value(found, home)
    return found


def filter_vacancies(vacancies: QuerySet[Vacancy], filters: dict[str, Any]) -> QuerySet[Vacancy]:
    if filters.get("town"):
        vacancies = vacancies.filter(unit__town=filters["town"])
    if filters.get("building"):
        vacancies = vacancies.filter(unit__building__name=filters["building"])
    if filters.get("rooms"):
        vacancies = vacancies.filter(unit__rooms__gte=filters["rooms"])
    if filters.get("rent") is not None:
        vacancies = vacancies.filter(rent__lte=filters["rent"])
    label = filters.get("label")
    if label == "targeted":
        vacancies = vacancies.filter(targeted=True)
    elif label:
        # JSON 'contains' is not on SQLite; the labels are few, so filter in Python.
        ids = [v.pk for v in vacancies if label in v.labels]
        vacancies = vacancies.filter(pk__in=ids)
    return vacancies


@dataclass(frozen=True)
class Outcome:
    """Where a seeker stands on one vacancy after its ranking."""

    position: int | None
    total: int
    tier: str
    exclusion: list[str] | None
    scenario: dict[str, Any] | None


def outcome(seeker: Seeker, vacancy: Vacancy) -> Outcome | None:
    if vacancy.state not in RANKED_STATES:
        return None
    ranking = vacancy.rankings.filter(is_current=True).first()
    if ranking is None:
        return None
    total = ranking.entries.count()
    entry = RankingEntry.objects.filter(ranking=ranking, seeker=seeker).first()
    if entry is not None:
        return Outcome(entry.position, total, entry.tier, None, None)
    exclusion = RankingExclusion.objects.filter(ranking=ranking, seeker=seeker).first()
    if exclusion is not None:
        return Outcome(None, total, "", list(exclusion.reasons), ranking.scenario)
    return None


def my_responses(seeker: Seeker) -> QuerySet[Response]:
    return seeker.responses.select_related("vacancy__unit__building").order_by(
        "-vacancy__closes_on", "-id"
    )


def open_offers(seeker: Seeker) -> QuerySet[Offer]:
    return seeker.offers.filter(state__in=PENDING_OFFER_STATES).select_related("vacancy__unit")


def published_results() -> QuerySet[PublishedResult]:
    return PublishedResult.objects.select_related("vacancy__unit__building").order_by(
        "-published_at"
    )


@dataclass(frozen=True)
class Span:
    """A registration time in whole years and months."""

    years: int
    months: int

    @classmethod
    def of(cls, months: int) -> Span:
        return cls(months // 12, months % 12)


@dataclass(frozen=True)
class Chances:
    results: list[PublishedResult]
    registration_results: list[PublishedResult]
    lottery_results: list[PublishedResult]
    seeker_months: int | None
    shorter_than_seeker: int  # winners by registration time who had less than the seeker
    average_lottery_responses: int | None
    # The winners' registration times (homes let by registration time): shortest, middle,
    # longest; and how many of those winners had priority (urgency, commitment, local tie).
    shortest: Span | None = None
    median: Span | None = None
    longest: Span | None = None
    with_priority: int = 0
    fewest_lottery_responses: int | None = None
    most_lottery_responses: int | None = None

    @property
    def seeker_span(self) -> Span | None:
        return None if self.seeker_months is None else Span.of(self.seeker_months)

    @property
    def standing(self) -> str:
        """Where the seeker stands: 'longest' (longer than every winner), 'shortest' (shorter
        than every winner), 'between', or '' when there is nothing to compare."""
        if self.seeker_months is None or not self.registration_results:
            return ""
        if self.shorter_than_seeker == len(self.registration_results):
            return "longest"
        if self.shorter_than_seeker == 0:
            return "shortest"
        return "between"


def _months(result: PublishedResult) -> int:
    return result.registration_years * 12 + result.registration_months


def chances(vacancy: Vacancy, seeker: Seeker | None, today: date | None = None) -> Chances:
    """The lettings of comparable homes (same building or town, one room more or less) in
    the last 12 months, the registration times that won them, and where the seeker's own
    registration time (at the closing date) stands among them."""
    today = today or timezone.localdate()
    unit = vacancy.unit
    results = list(
        published_results()
        .filter(published_at__date__gte=today - timedelta(days=365))
        .filter(Q(vacancy__unit__building_id=unit.building_id) | Q(vacancy__unit__town=unit.town))
        .filter(vacancy__unit__rooms__gte=unit.rooms - 1, vacancy__unit__rooms__lte=unit.rooms + 1)
        .exclude(vacancy=vacancy)
    )
    by_registration = [r for r in results if r.ordering == Ordering.REGISTRATION]
    by_lottery = [r for r in results if r.ordering == Ordering.LOTTERY]
    seeker_months = None
    shorter = 0
    if seeker is not None:
        years, months = registration_time(seeker.registered_on, max(vacancy.closes_on, today))
        seeker_months = years * 12 + months
        shorter = sum(1 for r in by_registration if _months(r) < seeker_months)
    won = sorted(_months(r) for r in by_registration)
    taking_part = [r.responses for r in by_lottery]
    return Chances(
        results=results,
        registration_results=by_registration,
        lottery_results=by_lottery,
        seeker_months=seeker_months,
        shorter_than_seeker=shorter,
        average_lottery_responses=round(sum(taking_part) / len(taking_part))
        if taking_part
        else None,
        shortest=Span.of(won[0]) if won else None,
        median=Span.of(round(statistics.median(won))) if won else None,
        longest=Span.of(won[-1]) if won else None,
        with_priority=sum(1 for r in by_registration if r.tier != "regular"),
        fewest_lottery_responses=min(taking_part) if taking_part else None,
        most_lottery_responses=max(taking_part) if taking_part else None,
    )
