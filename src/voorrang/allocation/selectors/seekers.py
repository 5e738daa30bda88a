"""The seeker search and the seeker page, and the counts and times of one seeker."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from voorrang.allocation.commitment_terms import commitment_terms
from voorrang.allocation.models import Offer, Response, Vacancy
from voorrang.allocation.states import VacancyState
from voorrang.audit.models import AuditEvent
from voorrang.audit.selectors import trail
from voorrang.seekers.models import ChangeStatus, DuplicateFlag, RegistrationDateChange, Seeker


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
    return (
        Seeker.objects.select_related("income_checked_by", "household_checked_by")
        .prefetch_related("members", "urgencies", "evidence_files")
        .get(registration_number=registration_number)
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
    return [CommitmentStatusView(*terms) for terms in commitment_terms().of_seeker(seeker)]


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
        allocations=list(seeker.allocations.select_related("vacancy", "unit")),
        duplicate_flags=flags,
        date_changes=date_changes,
        pending_change=next((c for c in date_changes if c.status == ChangeStatus.PENDING), None),
        trail=list(trail(seeker)),
    )


def open_response_count(seeker: Seeker, excluding: Vacancy | None = None) -> int:
    responses = Response.objects.filter(
        seeker=seeker, withdrawn_at__isnull=True, vacancy__state=VacancyState.PUBLISHED
    )
    if excluding is not None:
        responses = responses.exclude(vacancy=excluding)
    return responses.count()


def registration_time(registered_on: date, on: date) -> tuple[int, int]:
    """Whole years and remaining whole months between two dates."""
    months = (on.year - registered_on.year) * 12 + (on.month - registered_on.month)
    if on.day < registered_on.day:
        months -= 1
    months = max(months, 0)
    return divmod(months, 12)
