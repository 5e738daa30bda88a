"""Reads for operators: the figures of `voorrang stats`, as of a date."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from voorrang.allocation.models import Allocation, Offer, Vacancy
from voorrang.allocation.states import VacancyState
from voorrang.audit.models import AuditEvent
from voorrang.housing.models import Building
from voorrang.rules import TIERS
from voorrang.seekers.models import Seeker, SeekerStatus

# The audit events that move a vacancy, and the state each one leaves it in.
_VACANCY_EVENTS = {
    "vacancy.published": VacancyState.PUBLISHED,
    "vacancy.closed": VacancyState.CLOSED,
    "vacancy.ranked": VacancyState.RANKED,
    "vacancy.withdrawn": VacancyState.WITHDRAWN,
}
_OFFER_EVENTS = {
    "offer.made": VacancyState.OFFERING,
}
_STATE_ORDER = list(VacancyState.values)


def end_of_day(day: date) -> datetime:
    """The first moment after ``day``, in the installation's time zone."""
    return datetime.combine(
        day + timedelta(days=1), time.min, tzinfo=timezone.get_default_timezone()
    )


def vacancy_states_on(until: date) -> dict[int, str]:
    """The state of each vacancy published on or before ``until``, at the end of that day.

        Read from the audit trail, which records every move of a vacancy with its time: the last
        move up to that moment decides. A letting counts from its date (``let_on``, the contract's
    signing; an acceptance leaves the vacancy offering until then). A vacancy
        whose moves were all recorded later (data entered after the fact) counts as published."""
    end = end_of_day(until)
    vacancies = dict(Vacancy.objects.filter(published_on__lte=until).values_list("pk", "reference"))
    states = dict.fromkeys(vacancies, str(VacancyState.PUBLISHED))
    last: dict[int, tuple[datetime, int]] = {}

    def move(pk: int, at: datetime, event_id: int, state: str) -> None:
        if pk in states and (at, event_id) >= last.get(pk, (at, -1)):
            last[pk] = (at, event_id)
            states[pk] = str(state)

    vacancy_events = AuditEvent.objects.filter(
        object_type=Vacancy._meta.label_lower, action__in=list(_VACANCY_EVENTS), at__lt=end
    ).values_list("object_id", "action", "at", "pk")
    for object_id, action, at, event_id in vacancy_events.iterator():
        if object_id.isdigit():
            move(int(object_id), at, event_id, _VACANCY_EVENTS[action])
    offer_vacancy = dict(Offer.objects.values_list("pk", "vacancy_id"))
    offer_events = AuditEvent.objects.filter(
        object_type=Offer._meta.label_lower, action__in=list(_OFFER_EVENTS), at__lt=end
    ).values_list("object_id", "action", "at", "pk")
    for object_id, action, at, event_id in offer_events.iterator():
        vacancy_id = offer_vacancy.get(int(object_id)) if object_id.isdigit() else None
        if vacancy_id is not None:
            move(vacancy_id, at, event_id, _OFFER_EVENTS[action])
    # The date of the letting is the record that counts, whenever its event was written.
    # An allocation before its contract has no date of letting yet.
    lettings = Allocation.objects.filter(let_on__isnull=False)
    for vacancy_id, let_on in lettings.values_list("vacancy_id", "let_on"):
        if vacancy_id in states:
            if let_on <= until:
                states[vacancy_id] = str(VacancyState.LET)
            elif states[vacancy_id] == VacancyState.LET:
                states[vacancy_id] = str(VacancyState.OFFERING)
    return states


def seeker_counts_on(until: date) -> dict[str, int]:
    """Registrations as of the end of ``until``: housed once let a home on or before it, ended
    as recorded (an ending without a recorded moment counts as ended), otherwise active."""
    registered = Seeker.objects.filter(registered_on__lte=until)
    housed_ids = set(
        Allocation.objects.filter(let_on__lte=until, seeker__registered_on__lte=until)
        .values_list("seeker_id", flat=True)
        .distinct()
    )
    ended_ids = set(registered.filter(status=SeekerStatus.ENDED).values_list("pk", flat=True))
    # Registrations ended after the date, by a recorded change of status, were active then.
    ended_later = set(
        int(object_id)
        for object_id in AuditEvent.objects.filter(
            object_type=Seeker._meta.label_lower,
            after__status=SeekerStatus.ENDED,
            at__gte=end_of_day(until),
        ).values_list("object_id", flat=True)
        if object_id.isdigit()
    )
    ended_ids -= ended_later | housed_ids
    total = registered.count()
    return {
        "active": total - len(housed_ids) - len(ended_ids),
        "housed": len(housed_ids),
        "ended": len(ended_ids),
    }


def operator_figures(until: date | None = None) -> dict[str, Any]:
    """The figures of `voorrang stats`, as of the end of ``until`` (default today): the stock,
    registrations by status, vacancies by state, allocations by year of letting, building and
    tier, and per year the designated buildings' vacancies by publication date, and how many
    of them were targeted."""
    until = until or timezone.localdate()
    buildings = [
        {"name": b.name, "units": b.units_count, "designated": b.designated}
        for b in Building.objects.annotate(units_count=Count("units")).order_by("name")
    ]
    state_counts = Counter(vacancy_states_on(until).values())
    vacancies = {state: state_counts[state] for state in _STATE_ORDER if state_counts[state]}
    tier_rank = {tier: i for i, tier in enumerate(TIERS)}
    allocation_rows = (
        Allocation.objects.filter(let_on__lte=until)
        .values_list("let_on__year", "unit__building__name", "tier")
        .annotate(count=Count("pk"))
        .order_by()
    )
    allocations = sorted(
        (
            {"year": year, "building": building, "tier": tier, "count": count}
            for year, building, tier, count in allocation_rows
        ),
        key=lambda row: (row["year"], row["building"], tier_rank.get(row["tier"], 99)),
    )
    quota_rows = (
        Vacancy.objects.filter(unit__building__designated=True, published_on__lte=until)
        .values_list("published_on__year", "unit__building__name")
        .annotate(vacancies=Count("pk"), targeted=Count("pk", filter=Q(targeted=True)))
        .order_by("published_on__year", "unit__building__name")
    )
    quota = [
        {"year": year, "building": building, "vacancies": total, "targeted": targeted}
        for year, building, total, targeted in quota_rows
    ]
    return {
        "buildings": buildings,
        "seekers": seeker_counts_on(until),
        "vacancies": vacancies,
        "allocations": allocations,
        "quota": quota,
    }
