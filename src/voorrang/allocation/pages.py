"""Reads of the corporation's staff pages: the work queue, vacancies, seekers, buildings.

Each function returns what one page shows, in a bounded number of queries whatever the number
of responses: long lists come as a page of a paginator, never whole."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from voorrang.allocation.models import (
    Offer,
    PublishedResult,
    Ranking,
    RankingEntry,
    RankingExclusion,
    Response,
    Vacancy,
)
from voorrang.allocation.services import QuotaStatus, quota_status
from voorrang.allocation.states import OPEN_VACANCY_STATES, OfferState, VacancyState
from voorrang.audit.models import AuditEvent
from voorrang.audit.services import trail
from voorrang.commitments.models import Commitment, CommitmentStatus
from voorrang.housing.models import Building, Unit
from voorrang.seekers.models import (
    ChangeStatus,
    DuplicateFlag,
    RegistrationDateChange,
    Seeker,
)

PER_PAGE = 50
# Offers whose deadline falls within this many days are "due soon" on the work queue.
DUE_SOON_DAYS = 2
# How many vacancies of each state the work queue lists before linking to the full list.
QUEUE_LENGTH = 20

# The rules engine's codes, in words a member of staff can repeat to a home seeker.
EXCLUSION_SENTENCES: dict[str, Any] = {
    "LATE": _("Responded after the closing date."),
    "HOUSEHOLD_SIZE": _("The household is too small or too large for this home."),
    "AGE_SENIOR": _("The main applicant is younger than the minimum age for a senior home."),
    "AGE_YOUNG": _("The main applicant is older than the maximum age for a home for young people."),
    "INCOME_ABOVE_LIMIT": _("The household income is above the limit for social housing."),
    "PASSEND": _("The rent is too high for this household's income under the affordability rules."),
}

TIER_LABELS: dict[str, Any] = {
    "commitment": _("commitment (targeted allocation)"),
    "urgency": _("urgency"),
    "local": _("local tie"),
    "regular": _("regular (no priority)"),
}

LABEL_NAMES: dict[str, Any] = {
    "targeted": _("targeted"),
    "senior": _("senior"),
    "young": _("young"),
    "local": _("local"),
}

# The audit trail's actions, in words; an action not listed here is shown by its code.
AUDIT_ACTIONS: dict[str, Any] = {
    "seeker.registered": _("registered"),
    "seeker.duplicate_flagged": _("flagged as a possible duplicate"),
    "seeker.duplicate_resolved": _("possible duplicate resolved"),
    "seeker.registration_date_change_requested": _("change of registration date requested"),
    "seeker.registration_date_changed": _("registration date changed (approved)"),
    "seeker.registration_date_change_rejected": _("change of registration date rejected"),
}

# The work queue shows the vacancies that still need someone to act, in the order of the flow.
QUEUE_STATES = (
    VacancyState.DRAFT,
    VacancyState.PUBLISHED,
    VacancyState.CLOSED,
    VacancyState.RANKED,
    VacancyState.OFFERING,
)


def exclusion_sentences(reasons: list[str]) -> list[Any]:
    return [EXCLUSION_SENTENCES.get(code, code) for code in reasons]


def tier_label(tier: str) -> Any:
    return TIER_LABELS.get(tier, tier)


def audit_action(action: str) -> Any:
    return AUDIT_ACTIONS.get(action, action)


def label_names(labels: list[str]) -> list[Any]:
    return [LABEL_NAMES.get(label, label) for label in labels]


def paginate(items: QuerySet[Any], number: Any, per_page: int = PER_PAGE) -> Page:
    """One page of ``items``; a missing or wrong page number gives the nearest real page."""
    return Paginator(items, per_page).get_page(number)


# --- The work queue -----------------------------------------------------------------------


@dataclass(frozen=True)
class StateQueue:
    state: str
    label: Any
    count: int
    vacancies: list[Vacancy]


@dataclass(frozen=True)
class WorkQueue:
    states: list[StateQueue]
    offers_due: list[Offer]
    now: Any
    date_changes: list[RegistrationDateChange]
    duplicate_flags: list[DuplicateFlag]
    quota: QuotaStatus | None
    year: int


def work_queue(*, viewer: Any, today: date | None = None) -> WorkQueue:
    """What needs doing: open vacancies by state, offers due, registration date changes that
    the viewer may decide (not their own), possible duplicates, and this year's quota."""
    today = today or timezone.localdate()
    now = timezone.now()
    counts = dict(
        Vacancy.objects.filter(state__in=QUEUE_STATES)
        .values_list("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )
    states = []
    for state in QUEUE_STATES:
        count = counts.get(state, 0)
        vacancies = (
            list(
                Vacancy.objects.filter(state=state)
                .select_related("unit__building")
                .order_by("closes_on", "reference")[:QUEUE_LENGTH]
            )
            if count
            else []
        )
        states.append(StateQueue(state, VacancyState(state).label, count, vacancies))
    offers_due = list(
        Offer.objects.filter(state=OfferState.OPEN, deadline__lt=now + timedelta(DUE_SOON_DAYS))
        .select_related("vacancy", "seeker")
        .order_by("deadline")
    )
    date_changes = list(
        RegistrationDateChange.objects.filter(status=ChangeStatus.PENDING)
        .exclude(requested_by=viewer)
        .select_related("seeker", "requested_by")
        .order_by("requested_at")
    )
    duplicate_flags = list(
        DuplicateFlag.objects.filter(resolved=False)
        .select_related("seeker", "other")
        .order_by("created_at")
    )
    return WorkQueue(
        states=states,
        offers_due=offers_due,
        now=now,
        date_changes=date_changes,
        duplicate_flags=duplicate_flags,
        quota=quota_status(today.year),
        year=today.year,
    )


# --- Vacancies ----------------------------------------------------------------------------


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
    offered_seekers: dict[int, Offer]
    result: PublishedResult | None
    actions: frozenset[str]
    today: date


def vacancy_actions(vacancy: Vacancy, *, has_open_offer: bool, today: date) -> frozenset[str]:
    """The forms the vacancy page offers in this state. The services decide; this only
    leaves out buttons that could not succeed now."""
    state = vacancy.state
    actions: set[str] = set()
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
        actions.add("decide_offer")
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
    open_offer = next((o for o in offers if o.state == OfferState.OPEN), None)
    result = PublishedResult.objects.filter(vacancy=vacancy).first()
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
        offered_seekers={offer.seeker_id: offer for offer in offers},
        result=result,
        actions=vacancy_actions(vacancy, has_open_offer=open_offer is not None, today=today),
        today=today,
    )


# --- Seekers ------------------------------------------------------------------------------


def seeker_search(query: str) -> QuerySet[Seeker]:
    """Registrations whose number, a member's name, the email address or the postcode
    matches ``query``; all of them, by number, when the query is empty."""
    seekers = Seeker.objects.order_by("registration_number")
    query = query.strip()
    if query:
        compact = query.replace(" ", "").upper()
        postcode = f"{compact[:4]} {compact[4:]}" if len(compact) == 6 else query
        seekers = seekers.filter(
            Q(registration_number__iexact=query)
            | Q(members__last_name__icontains=query)
            | Q(members__first_name__icontains=query)
            | Q(email__iexact=query)
            | Q(postcode__iexact=postcode)
            | Q(postcode__iexact=compact)
        ).distinct()
    return seekers.prefetch_related("members")


def seeker_for_page(registration_number: str) -> Seeker:
    """Seeker.DoesNotExist when there is none."""
    return Seeker.objects.prefetch_related("members", "urgencies").get(
        registration_number=registration_number
    )


@dataclass(frozen=True)
class CommitmentStatusView:
    """All the corporation may know of a commitment: its status, building and end date."""

    status: str
    status_label: Any
    building: str
    valid_until: date | None


@dataclass(frozen=True)
class SeekerPage:
    seeker: Seeker
    commitments: list[CommitmentStatusView]
    responses: list[Response]
    offers: list[Offer]
    allocations: list[Any]
    duplicate_flags: list[DuplicateFlag]
    date_changes: list[RegistrationDateChange]
    pending_change: RegistrationDateChange | None
    trail: list[AuditEvent]


def commitment_statuses(seeker: Seeker) -> list[CommitmentStatusView]:
    # Only these three columns are read, so nothing else of the targeted track can leak here.
    rows = (
        Commitment.objects.filter(seeker=seeker)
        .order_by("building__name")
        .values_list("status", "building__name", "valid_until")
    )
    return [
        CommitmentStatusView(status, CommitmentStatus(status).label, building, valid_until)
        for status, building, valid_until in rows
    ]


def seeker_page(seeker: Seeker) -> SeekerPage:
    date_changes = list(
        seeker.date_changes.select_related("requested_by", "decided_by").order_by("-requested_at")
    )
    flags = list(
        DuplicateFlag.objects.filter(Q(seeker=seeker) | Q(other=seeker))
        .select_related("seeker", "other", "resolved_by")
        .order_by("resolved", "-created_at")
    )
    return SeekerPage(
        seeker=seeker,
        commitments=commitment_statuses(seeker),
        responses=list(
            seeker.responses.select_related("vacancy__unit").order_by("-responded_on", "-pk")
        ),
        offers=list(seeker.offers.select_related("vacancy", "entry").order_by("-made_at")),
        allocations=list(seeker.allocations.select_related("vacancy", "unit").order_by("-let_on")),
        duplicate_flags=flags,
        date_changes=date_changes,
        pending_change=next((c for c in date_changes if c.status == ChangeStatus.PENDING), None),
        trail=list(trail(seeker)),
    )


# --- Buildings and units ------------------------------------------------------------------


def building_list() -> QuerySet[Building]:
    return (
        Building.objects.select_related("complex")
        .annotate(
            unit_count=Count("units", distinct=True),
            open_vacancies=Count(
                "units__vacancies",
                filter=Q(units__vacancies__state__in=OPEN_VACANCY_STATES),
                distinct=True,
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
