"""The work queue: what needs someone to act."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count
from django.utils import timezone

from voorrang.allocation.models import Allocation, Offer, Vacancy
from voorrang.allocation.selectors.quota import QuotaStatus, quota_status
from voorrang.allocation.states import (
    PENDING_OFFER_STATES,
    AllocationState,
    OfferState,
    VacancyState,
)
from voorrang.seekers.models import (
    ChangeStatus,
    DuplicateFlag,
    RegistrationDateChange,
    UrgencyDeclaration,
)
from voorrang.seekers.selectors import urgencies_to_confirm

# Offers whose deadline falls within this many days are "due soon" on the work queue.
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
    urgencies_to_confirm: list[UrgencyDeclaration]
    quota: QuotaStatus | None
    year: int
    # The steps between the offer and the keys.
    viewings: list[Offer]
    checks_to_do: list[Allocation]
    contracts_to_sign: list[Allocation]
    keys_to_hand_over: list[Allocation]


def viewings_from(start: Any) -> list[Offer]:
    """The viewings planned from ``start`` on (today's first), soonest first."""
    return list(
        Offer.objects.filter(state=OfferState.VIEWING_PLANNED, viewing_at__gte=start)
        .select_related("vacancy__unit", "seeker")
        .order_by("viewing_at")[:QUEUE_LENGTH]
    )


def allocations_in(state: str) -> list[Allocation]:
    """Allocations waiting for their next step, the longest waiting first."""
    return list(
        Allocation.objects.filter(state=state)
        .select_related("vacancy__unit", "seeker")
        .order_by("accepted_on", "pk")[:QUEUE_LENGTH]
    )


def work_queue(*, viewer: Any, today: date | None = None) -> WorkQueue:
    """What needs doing: open vacancies by state, offers due, registration date changes and
    urgency declarations that the viewer may decide (not their own), possible duplicates, and
    this year's quota."""
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
        Offer.objects.filter(
            state__in=PENDING_OFFER_STATES, deadline__lt=now + timedelta(DUE_SOON_DAYS)
        )
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
        urgencies_to_confirm=list(urgencies_to_confirm(viewer=viewer)),
        quota=quota_status(today.year),
        year=today.year,
        viewings=viewings_from(timezone.make_aware(datetime.combine(today, datetime.min.time()))),
        checks_to_do=allocations_in(AllocationState.ACCEPTED),
        contracts_to_sign=allocations_in(AllocationState.CHECKED),
        keys_to_hand_over=allocations_in(AllocationState.CONTRACT_SIGNED),
    )
