"""Reads of registrations that every door shares."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from voorrang.seekers.models import (
    COUNTING_URGENCY,
    CheckStatus,
    Seeker,
    SeekerStatus,
    UrgencyDeclaration,
    UrgencyStatus,
    last_counting_day,
)


def seeker_of(user: Any) -> Seeker | None:
    if not getattr(user, "is_authenticated", False):
        return None
    # The registration came with the account (accounts.backends.AccountBackend); for an
    # account loaded otherwise, this is one query.
    try:
        return user.seeker
    except Seeker.DoesNotExist:
        return None


def counting_urgencies(
    declarations: QuerySet[UrgencyDeclaration],
) -> list[tuple[int, tuple[date, date]]]:
    """(seeker id, (valid from, last day it counts)) of each of ``declarations`` the ranking
    may read, latest first: confirmed ones only, and one ended early counts up to the day
    before it was ended. Whether it covers a vacancy's closing date is the rule book's
    question (tier ``urgency``); a proposed or rejected declaration never counts."""
    periods = []
    for seeker_id, valid_from, valid_until, ended_on in (
        declarations.filter(status__in=COUNTING_URGENCY)
        .order_by("-valid_from", "-pk")
        .values_list("seeker_id", "valid_from", "valid_until", "ended_on")
    ):
        last = last_counting_day(valid_until, ended_on)
        if last >= valid_from:  # ended before its first day: it never counted
            periods.append((seeker_id, (valid_from, last)))
    return periods


@dataclass(frozen=True)
class UrgencyShown:
    """One declaration as a page shows it: its state on ``today`` in words. A confirmed
    declaration past its last day has ended by itself; the stored status stays confirmed."""

    declaration: UrgencyDeclaration
    state: str  # proposed, rejected, upcoming, valid, expired, ended_early
    label: Any
    last_day: date

    @property
    def counts(self) -> bool:
        return self.state in ("upcoming", "valid")


URGENCY_STATE_LABELS: dict[str, Any] = {
    "proposed": _("waiting for confirmation by a second staff member"),
    "rejected": _("rejected"),
    "upcoming": _("confirmed, not valid yet"),
    "valid": _("valid"),
    "expired": _("ended: its last day has passed"),
    "ended_early": _("ended early"),
}


def urgency_state(declaration: UrgencyDeclaration, today: date) -> str:
    if declaration.status == UrgencyStatus.PROPOSED:
        return "proposed"
    if declaration.status == UrgencyStatus.REJECTED:
        return "rejected"
    if declaration.status == UrgencyStatus.ENDED:
        return "ended_early"
    if declaration.valid_until < today:
        return "expired"
    if declaration.valid_from > today:
        return "upcoming"
    return "valid"


def urgencies_shown(seeker: Seeker, today: date | None = None) -> list[UrgencyShown]:
    """The seeker's declarations, latest first, each with its state on ``today``."""
    today = today or timezone.localdate()
    shown = []
    for declaration in seeker.urgencies.select_related(
        "proposed_by", "decided_by", "ended_by"
    ).order_by("-valid_from", "-pk"):
        state = urgency_state(declaration, today)
        shown.append(
            UrgencyShown(
                declaration, state, URGENCY_STATE_LABELS[state], declaration.last_counting_day
            )
        )
    return shown


def urgencies_to_confirm(*, viewer: Any) -> QuerySet[UrgencyDeclaration]:
    """Declarations waiting for a second staff member that ``viewer`` may decide on: those
    another staff member recorded, oldest first."""
    return (
        UrgencyDeclaration.objects.filter(status=UrgencyStatus.PROPOSED)
        .exclude(proposed_by=viewer)
        .select_related("seeker", "proposed_by")
        .order_by("proposed_at", "pk")
    )


def evidence_to_check() -> QuerySet[Seeker]:
    """Active registrations whose income is not checked yet and that have evidence uploaded,
    the longest waiting first (by their latest upload)."""
    return (
        Seeker.objects.filter(
            status=SeekerStatus.ACTIVE,
            income_check=CheckStatus.UNCHECKED,
            evidence_files__isnull=False,
        )
        .annotate(last_upload=Max("evidence_files__uploaded_at"))
        .order_by("last_upload", "pk")
    )
