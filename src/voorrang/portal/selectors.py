"""Reads of the seekers' pages."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
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
    VacancyPhoto,
    with_letting,
)
from voorrang.allocation.selectors import registration_time
from voorrang.allocation.states import PENDING_OFFER_STATES, VacancyState
from voorrang.housing.models import Building, Unit
from voorrang.portal import eligibility
from voorrang.seekers.models import Seeker

RANKED_STATES = (VacancyState.RANKED, VacancyState.OFFERING, VacancyState.LET)


def open_vacancies() -> QuerySet[Vacancy]:
    """Published vacancies that still take responses, soonest closing first."""
    return (
        Vacancy.objects.filter(state=VacancyState.PUBLISHED, closes_on__gte=timezone.localdate())
        .select_related("unit__building")
        .order_by("closes_on", "reference")
    )


@dataclass(frozen=True)
class VacancyCard:
    """One home on the seekers' list: the vacancy, its first photo, and for a seeker who is
    logged in whether they may respond (the same check as the home's own page)."""

    vacancy: Vacancy
    photo: VacancyPhoto | None
    may_respond: bool | None  # None: nobody to check (not logged in, or not registered)
    reasons: tuple[str, ...]


def vacancy_cards(vacancies: list[Vacancy], seeker: Seeker | None) -> list[VacancyCard]:
    first_photos: dict[int, VacancyPhoto] = {}
    for photo in VacancyPhoto.objects.filter(vacancy__in=vacancies).order_by(
        "vacancy", "-position", "-id"
    ):
        first_photos[photo.vacancy_id] = photo  # the last written is the first in order
    cards = []
    for vacancy in vacancies:
        check = eligibility.check(seeker, vacancy, with_tier=False) if seeker else None
        cards.append(
            VacancyCard(
                vacancy=vacancy,
                photo=first_photos.get(vacancy.pk),
                may_respond=None if check is None else check.eligible,
                reasons=() if check is None else check.sentences,
            )
        )
    return cards


def listing_photos(vacancy: Vacancy) -> list[VacancyPhoto]:
    return list(vacancy.photos.all())


def public_photo(reference: str, photo_id: int) -> VacancyPhoto | None:
    """A photo of a listing seekers may see (any but a draft's)."""
    return (
        VacancyPhoto.objects.filter(pk=photo_id, vacancy__reference=reference)
        .exclude(vacancy__state=VacancyState.DRAFT)
        .first()
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


def results_page_rows() -> QuerySet[PublishedResult]:
    """The published results as the results page shows them: with the letting's day and the
    new tenant's lottery number joined in (one query per page)."""
    return published_results().prefetch_related(with_letting("vacancy__"))


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


# --- My responses: each response's outcome, a page at a time ------------------------------


class ResponseState:
    """Where a response stands, as the seeker's responses page shows and filters it."""

    OPEN = "open"  # the home still takes responses
    CLOSED = "closed"  # the time to respond has ended; the order is being made
    RANKED = "ranked"  # the order is made: the seeker has a position (or an exclusion)
    LET = "let"  # the home was let
    WITHDRAWN = "withdrawn"  # withdrawn by the seeker, ended, or the home was withdrawn

    ALL = (OPEN, CLOSED, RANKED, LET, WITHDRAWN)


def _state_filter(state: str, today: date) -> Q:
    active = Q(withdrawn_at__isnull=True) & ~Q(vacancy__state=VacancyState.WITHDRAWN)
    return {
        ResponseState.OPEN: active
        & Q(vacancy__state=VacancyState.PUBLISHED, vacancy__closes_on__gte=today),
        ResponseState.CLOSED: active
        & (
            Q(vacancy__state=VacancyState.CLOSED)
            | Q(vacancy__state=VacancyState.PUBLISHED, vacancy__closes_on__lt=today)
        ),
        ResponseState.RANKED: active
        & Q(vacancy__state__in=(VacancyState.RANKED, VacancyState.OFFERING)),
        ResponseState.LET: active & Q(vacancy__state=VacancyState.LET),
        ResponseState.WITHDRAWN: ~active,
    }[state]


def response_state(response: Response, today: date) -> str:
    vacancy = response.vacancy
    if response.withdrawn_at is not None or vacancy.state == VacancyState.WITHDRAWN:
        return ResponseState.WITHDRAWN
    if vacancy.state == VacancyState.PUBLISHED:
        return ResponseState.OPEN if vacancy.closes_on >= today else ResponseState.CLOSED
    if vacancy.state == VacancyState.CLOSED:
        return ResponseState.CLOSED
    if vacancy.state == VacancyState.LET:
        return ResponseState.LET
    return ResponseState.RANKED


def response_years(seeker: Seeker) -> list[int]:
    """The years in which the seeker responded, newest first: the year filter's choices."""
    return [day.year for day in seeker.responses.dates("responded_on", "year", order="DESC")]


def filtered_responses(
    seeker: Seeker, *, state: str = "", year: int | None = None, today: date | None = None
) -> QuerySet[Response]:
    """The seeker's responses, newest closing date first, with the home, its letting and its
    published result joined in (one row each, whatever the page's length)."""
    today = today or timezone.localdate()
    responses = (
        my_responses(seeker)
        .select_related("vacancy__result")
        .prefetch_related(with_letting("vacancy__"))
    )
    if state:
        responses = responses.filter(_state_filter(state, today))
    if year:
        responses = responses.filter(responded_on__year=year)
    return responses


@dataclass(frozen=True)
class Letting:
    """What a seeker may know of who got a home they responded to: never who, only the
    day, how the order was made, and the new tenant's registration time or lottery number."""

    let_on: date
    ordering: str  # registration | lottery
    targeted: bool  # the new tenant came first as a volunteer of the targeted track
    registration: Span | None
    lottery: str
    mine: bool  # the seeker is the new tenant


@dataclass(frozen=True)
class ResponseRow:
    response: Response
    state: str
    position: int | None
    total: int | None
    tier: str
    exclusion: list[str] | None
    scenario: dict[str, Any] | None
    letting: Letting | None


def _letting(response: Response, seeker: Seeker) -> Letting | None:
    vacancy = response.vacancy
    if vacancy.state != VacancyState.LET:
        return None
    allocation = vacancy.letting
    if allocation is None:
        return None
    result = getattr(vacancy, "result", None)
    entry = allocation.offer.entry
    return Letting(
        let_on=allocation.let_on,
        ordering=result.ordering if result is not None else vacancy.ordering,
        targeted=allocation.tier == "commitment",
        registration=Span(result.registration_years, result.registration_months)
        if result is not None
        else None,
        lottery=entry.lottery,
        mine=allocation.seeker_id == seeker.pk,
    )


def response_rows(seeker: Seeker, responses: list[Response], today: date) -> list[ResponseRow]:
    """The outcome of each response of one page: position and total from the current
    ranking, the reasons of an exclusion, and the letting. Three queries for the page,
    however many responses it holds."""
    ranked_ids = [r.vacancy_id for r in responses if r.vacancy.state in RANKED_STATES and r.active]
    current = Q(ranking__vacancy_id__in=ranked_ids, ranking__is_current=True)
    positions = {
        vacancy_id: (position, tier)
        for vacancy_id, position, tier in RankingEntry.objects.filter(
            current, seeker=seeker
        ).values_list("ranking__vacancy_id", "position", "tier")
    }
    totals = dict(
        RankingEntry.objects.filter(current)
        .values("ranking__vacancy_id")
        .annotate(total=Count("id"))
        .values_list("ranking__vacancy_id", "total")
    )
    missing = [v for v in ranked_ids if v not in positions]
    exclusions = (
        {
            vacancy_id: (reasons, scenario)
            for vacancy_id, reasons, scenario in RankingExclusion.objects.filter(
                ranking__vacancy_id__in=missing, ranking__is_current=True, seeker=seeker
            ).values_list("ranking__vacancy_id", "reasons", "ranking__scenario")
        }
        if missing
        else {}
    )
    rows_out = []
    for response in responses:
        position, tier = positions.get(response.vacancy_id, (None, ""))
        reasons, scenario = exclusions.get(response.vacancy_id, (None, None))
        rows_out.append(
            ResponseRow(
                response=response,
                state=response_state(response, today),
                position=position,
                total=totals.get(response.vacancy_id),
                tier=tier,
                exclusion=list(reasons) if reasons is not None else None,
                scenario=scenario,
                letting=_letting(response, seeker),
            )
        )
    return rows_out
