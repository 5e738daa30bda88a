"""The vacancy list and the vacancy page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.paginator import Page
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from voorrang.allocation.models import (
    Allocation,
    Offer,
    PublishedResult,
    Ranking,
    RankingEntry,
    RankingExclusion,
    Response,
    Vacancy,
)
from voorrang.allocation.selectors.paging import paginate
from voorrang.allocation.states import (
    ALLOCATION_IN_PROGRESS,
    OPEN_VACANCY_STATES,
    PENDING_OFFER_STATES,
    AllocationState,
    VacancyState,
)
from voorrang.audit.models import AuditEvent
from voorrang.housing.models import Building


def vacancy_list(*, state: str = "", building: Building | None = None) -> QuerySet[Vacancy]:
    vacancies = Vacancy.objects.select_related("unit__building").order_by("-closes_on", "reference")
    if state:
        vacancies = vacancies.filter(state=state)
    if building is not None:
        vacancies = vacancies.filter(unit__building=building)
    return vacancies


def vacancy_for_page(reference: str) -> Vacancy:
    """The vacancy with its unit and building; Vacancy.DoesNotExist when there is none."""
    return Vacancy.objects.select_related("unit__building__complex").get(reference=reference)


@dataclass(frozen=True)
class ResponseCounts:
    total: int
    active: int
    paper: int
    withdrawn: int


@dataclass(frozen=True)
class EarlierRanking:
    ranking: Ranking
    ranked: int
    excluded: int
    # Why the ranking that replaced this one was made.
    replaced_because: str


@dataclass(frozen=True)
class VacancyPage:
    vacancy: Vacancy
    response_counts: ResponseCounts
    responses: Page
    ranking: Ranking | None
    ranked_count: int
    entries: Page | None
    exclusions: Page | None
    earlier_rankings: list[EarlierRanking]
    offers: list[Offer]
    open_offer: Offer | None
    # The allocation that has not failed: from the acceptance to the keys.
    allocation: Allocation | None
    offered_seekers: dict[int, Offer]
    result: PublishedResult | None
    actions: frozenset[str]
    today: date
    # The history of the vacancy and its offers, oldest first (the responses have their own):
    # each event with its offer, if it is one's.
    trail: list[tuple[AuditEvent, Offer | None]]


# The form of the allocation's next step, by the allocation's state.
ALLOCATION_STEPS = {
    AllocationState.ACCEPTED: "checks",
    AllocationState.CHECKED: "contract",
    AllocationState.CONTRACT_SIGNED: "keys",
}


def vacancy_actions(
    vacancy: Vacancy,
    *,
    has_open_offer: bool,
    today: date,
    allocation_state: str | None = None,
) -> frozenset[str]:
    """The forms the vacancy page offers in this state. The services decide; this only
    leaves out buttons that could not succeed now."""
    state = vacancy.state
    actions: set[str] = set()
    if allocation_state in ALLOCATION_STEPS:
        actions.add(ALLOCATION_STEPS[allocation_state])
    if allocation_state in ALLOCATION_IN_PROGRESS:
        # Accepted: the checks and the contract come first; nothing else happens to the home.
        return frozenset(actions)
    if state in OPEN_VACANCY_STATES:
        actions.add("withdraw")
    if state == VacancyState.DRAFT:
        actions.add("publish")
    if state in (VacancyState.PUBLISHED, VacancyState.CLOSED):
        actions.add("paper_response")
    if state == VacancyState.PUBLISHED and today > vacancy.closes_on:
        actions.add("close")
    if state == VacancyState.CLOSED:
        actions.add("rank")
    if state in (VacancyState.RANKED, VacancyState.OFFERING) and not has_open_offer:
        actions.update({"rank", "offer_next"})
    if state == VacancyState.OFFERING and has_open_offer:
        actions.update({"decide_offer", "viewing"})
    return frozenset(actions)


def _count_of(model: type[RankingEntry] | type[RankingExclusion]) -> Coalesce:
    """The number of a ranking's rows, as a subquery: two joined counts would multiply rows."""
    rows = (
        model.objects.filter(ranking=OuterRef("pk"))
        .order_by()
        .values("ranking")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows), 0)


def vacancy_page(
    vacancy: Vacancy,
    *,
    ranking_page: Any = 1,
    exclusions_page: Any = 1,
    responses_page: Any = 1,
    today: date | None = None,
) -> VacancyPage:
    """Everything the vacancy page shows. The ranking, its exclusions and the responses come
    one page at a time, so the number of queries does not grow with the number of responses."""
    today = today or timezone.localdate()
    response_counts = ResponseCounts(
        **Response.objects.filter(vacancy=vacancy).aggregate(
            total=Count("pk"),
            active=Count("pk", filter=Q(withdrawn_at__isnull=True)),
            paper=Count("pk", filter=Q(channel="paper")),
            withdrawn=Count("pk", filter=Q(withdrawn_at__isnull=False)),
        )
    )
    responses = paginate(
        Response.objects.filter(vacancy=vacancy)
        .select_related("seeker", "entered_by")
        .order_by("responded_on", "seeker__registration_number"),
        responses_page,
    )
    rankings = list(
        Ranking.objects.filter(vacancy=vacancy)
        .select_related("created_by")
        .annotate(ranked=_count_of(RankingEntry), excluded=_count_of(RankingExclusion))
        .defer("scenario")
        .order_by("sequence")
    )
    current = next((r for r in rankings if r.is_current), None)
    earlier = [
        EarlierRanking(
            ranking=ranking,
            ranked=ranking.ranked,
            excluded=ranking.excluded,
            replaced_because=next(
                (later.reason for later in rankings if later.sequence == ranking.sequence + 1), ""
            ),
        )
        for ranking in rankings
        if not ranking.is_current
    ]
    entries = exclusions = None
    if current is not None:
        entries = paginate(
            RankingEntry.objects.filter(ranking=current)
            .select_related("seeker")
            .order_by("position"),
            ranking_page,
        )
        exclusions = paginate(
            RankingExclusion.objects.filter(ranking=current)
            .select_related("seeker")
            .order_by("seeker__registration_number"),
            exclusions_page,
        )
    offers = list(
        Offer.objects.filter(vacancy=vacancy)
        .select_related("seeker", "entry", "made_by", "decided_by")
        .order_by("made_at", "pk")
    )
    open_offer = next((o for o in offers if o.state in PENDING_OFFER_STATES), None)
    result = PublishedResult.objects.filter(vacancy=vacancy).first()
    allocation = (
        Allocation.objects.filter(vacancy=vacancy)
        .exclude(state=AllocationState.CHECK_FAILED)
        .select_related("seeker")
        .first()
    )
    offer_by_id = {str(offer.pk): offer for offer in offers}
    events = (
        AuditEvent.objects.filter(
            Q(object_type=Vacancy._meta.label_lower, object_id=str(vacancy.pk))
            | Q(object_type=Offer._meta.label_lower, object_id__in=list(offer_by_id))
            | Q(
                object_type=Allocation._meta.label_lower,
                object_id__in=[str(pk) for pk in vacancy.allocations.values_list("pk", flat=True)],
            )
        )
        .select_related("actor")
        .order_by("at", "pk")
    )
    offer_type = Offer._meta.label_lower
    trail = [
        (event, offer_by_id.get(event.object_id) if event.object_type == offer_type else None)
        for event in events
    ]
    return VacancyPage(
        vacancy=vacancy,
        response_counts=response_counts,
        responses=responses,
        ranking=current,
        ranked_count=current.ranked if current is not None else 0,
        entries=entries,
        exclusions=exclusions,
        earlier_rankings=earlier,
        offers=offers,
        open_offer=open_offer,
        allocation=allocation,
        offered_seekers={offer.seeker_id: offer for offer in offers},
        result=result,
        actions=vacancy_actions(
            vacancy,
            has_open_offer=open_offer is not None,
            today=today,
            allocation_state=allocation.state if allocation is not None else None,
        ),
        today=today,
        trail=trail,
    )
