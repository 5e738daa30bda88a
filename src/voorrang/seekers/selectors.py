"""Reads of registrations that every door shares."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet

from voorrang.seekers.models import (
    COUNTING_URGENCY,
    Seeker,
    UrgencyDeclaration,
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
