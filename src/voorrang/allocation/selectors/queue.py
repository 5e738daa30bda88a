"""The work queue: what needs someone to act, what is due today first.

The page leads with the sections of ``DUE_TODAY``, each built by one function from the same
``QueueContext``. Adding a section is a small change:

1. write a builder here: ``def evidence_to_check(context) -> DueSection`` that returns the
   items (oldest or most urgent first) with a heading and the sentence for none;
2. add it to ``DUE_TODAY`` where it belongs in the order of the day;
3. write its list as ``staff/queue/<key>.html`` (it gets ``section`` and ``queue``).

tests/staff/test_work_queue_sections.py checks every section of the list has its template."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from voorrang.allocation.models import Allocation, Offer, Vacancy
from voorrang.allocation.selectors.quota import QuotaStatus, quota_status
from voorrang.allocation.states import (
    PENDING_OFFER_STATES,
    AllocationState,
    OfferState,
    VacancyState,
)
from voorrang.seekers.models import ChangeStatus, DuplicateFlag, RegistrationDateChange
from voorrang.seekers.selectors import evidence_to_check, urgencies_to_confirm

# Offers whose deadline falls before the end of this many days (today counting as the first)
# are due on the work queue: those of today and tomorrow, and any left overdue.
DUE_SOON_DAYS = 2
# How many vacancies of each state the work queue lists before linking to the full list.
QUEUE_LENGTH = 20


# The work queue shows the vacancies that still need someone to act, in the order of the flow.
QUEUE_STATES = (
    VacancyState.DRAFT,
    VacancyState.PUBLISHED,
    VacancyState.CLOSED,
    VacancyState.RANKED,
    VacancyState.OFFERING,
)


@dataclass(frozen=True)
class QueueContext:
    """What every section builder may read: who looks, and when."""

    viewer: Any
    today: date
    now: datetime


@dataclass(frozen=True)
class DueSection:
    """One section of "due today": ``key`` names its anchor and its template
    (``staff/queue/<key>.html``)."""

    key: str
    title: Any
    none: Any
    items: list[Any]
    # How many there are in all, where ``items`` shows only the first ones.
    total: int | None = None

    @property
    def count(self) -> int:
        return len(self.items) if self.total is None else self.total


@dataclass(frozen=True)
class OfferDue:
    offer: Offer
    # "overdue", "today" or "tomorrow"
    when: str


def offers_due(context: QueueContext) -> DueSection:
    """Open offers whose deadline is today or tomorrow, or has passed, soonest first."""
    last_day = context.today + timedelta(days=DUE_SOON_DAYS - 1)
    offers = (
        Offer.objects.filter(
            state__in=PENDING_OFFER_STATES,
            deadline__lt=timezone.make_aware(
                datetime.combine(last_day + timedelta(days=1), datetime.min.time())
            ),
        )
        .select_related("vacancy", "seeker")
        .order_by("deadline", "pk")
    )
    items = []
    for offer in offers:
        if offer.deadline < context.now:
            when = "overdue"
        elif timezone.localdate(offer.deadline) <= context.today:
            when = "today"
        else:
            when = "tomorrow"
        items.append(OfferDue(offer, when))
    return DueSection(
        "offers-due",
        _("Offers that expire today or tomorrow"),
        _("No offers expire today or tomorrow."),
        items,
    )


def viewings_due(context: QueueContext) -> DueSection:
    """Viewings planned from today on, soonest first."""
    start = timezone.make_aware(datetime.combine(context.today, datetime.min.time()))
    return DueSection(
        "viewings",
        _("Viewings today and later"),
        _("No viewings planned."),
        list(
            Offer.objects.filter(state=OfferState.VIEWING_PLANNED, viewing_at__gte=start)
            .select_related("vacancy__unit", "seeker")
            .order_by("viewing_at")[:QUEUE_LENGTH]
        ),
    )


def _allocations_in(state: str) -> list[Allocation]:
    """Allocations waiting for their next step, the longest waiting first."""
    return list(
        Allocation.objects.filter(state=state)
        .select_related("vacancy__unit", "seeker")
        .order_by("accepted_on", "pk")[:QUEUE_LENGTH]
    )


def checks_due(context: QueueContext) -> DueSection:
    """Accepted offers whose income and documents are still to be checked."""
    return DueSection(
        "checks",
        _("Income and documents to check"),
        _("Nothing waiting."),
        _allocations_in(AllocationState.ACCEPTED),
    )


def contracts_due(context: QueueContext) -> DueSection:
    """Checked allocations whose contract is still to be signed."""
    return DueSection(
        "contracts",
        _("Contracts to sign"),
        _("Nothing waiting."),
        _allocations_in(AllocationState.CHECKED),
    )


def keys_due(context: QueueContext) -> DueSection:
    """Signed contracts whose keys are still to be handed over."""
    return DueSection(
        "keys",
        _("Keys to hand over"),
        _("Nothing waiting."),
        _allocations_in(AllocationState.CONTRACT_SIGNED),
    )


def urgencies_due(context: QueueContext) -> DueSection:
    """Urgency declarations another staff member recorded, waiting for the viewer."""
    return DueSection(
        "urgencies",
        _("Urgency declarations to confirm"),
        _("No urgency declarations are waiting for you."),
        list(urgencies_to_confirm(viewer=context.viewer)),
    )


def evidence_due(context: QueueContext) -> DueSection:
    """Registrations with uploaded evidence whose income is not checked yet, the longest
    waiting first: their seekers get no offer of a home whose rent depends on the income."""
    waiting = evidence_to_check()
    return DueSection(
        "evidence-to-check",
        _("Evidence to check"),
        _("No evidence is waiting to be checked."),
        list(waiting[:QUEUE_LENGTH]),
        total=waiting.count(),
    )


def date_changes_due(context: QueueContext) -> DueSection:
    """Changes of a registration date another staff member asked for, waiting for the viewer."""
    return DueSection(
        "date-changes",
        _("Registration date changes to approve"),
        _("No changes are waiting for you."),
        list(
            RegistrationDateChange.objects.filter(status=ChangeStatus.PENDING)
            .exclude(requested_by=context.viewer)
            .select_related("seeker", "requested_by")
            .order_by("requested_at", "pk")
        ),
    )


def duplicates_due(context: QueueContext) -> DueSection:
    """Registrations that may be the same household, not yet looked at."""
    return DueSection(
        "duplicates",
        _("Possible duplicate registrations"),
        _("No open flags."),
        list(
            DuplicateFlag.objects.filter(resolved=False)
            .select_related("seeker", "other")
            .order_by("created_at", "pk")
        ),
    )


# What is due today, in the order the page shows it.
DUE_TODAY: list[Callable[[QueueContext], DueSection]] = [
    offers_due,
    viewings_due,
    checks_due,
    contracts_due,
    keys_due,
    urgencies_due,
    evidence_due,
    date_changes_due,
    duplicates_due,
]


@dataclass(frozen=True)
class StateQueue:
    state: str
    label: Any
    count: int
    vacancies: list[Vacancy]


@dataclass(frozen=True)
class WorkQueue:
    due_today: list[DueSection]
    states: list[StateQueue]
    now: Any
    today: date
    quota: QuotaStatus | None
    year: int

    @property
    def due_count(self) -> int:
        return sum(section.count for section in self.due_today)

    def section(self, key: str) -> DueSection | None:
        return next((s for s in self.due_today if s.key == key), None)


def vacancies_in_progress() -> list[StateQueue]:
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
    return states


def work_queue(*, viewer: Any, today: date | None = None) -> WorkQueue:
    """What needs doing: first what is due today (the sections of ``DUE_TODAY``, for this
    viewer: never the steps they took themselves and a second person must decide), then open
    vacancies by state, and this year's quota."""
    now = timezone.now()
    today = today or timezone.localdate(now)
    context = QueueContext(viewer=viewer, today=today, now=now)
    return WorkQueue(
        due_today=[build(context) for build in DUE_TODAY],
        states=vacancies_in_progress(),
        now=now,
        today=today,
        quota=quota_status(today.year),
        year=today.year,
    )
