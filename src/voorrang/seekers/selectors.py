"""Reads of registrations that every door shares."""

from __future__ import annotations

from typing import Any

from voorrang.seekers.models import Seeker


def seeker_of(user: Any) -> Seeker | None:
    if not getattr(user, "is_authenticated", False):
        return None
    # The registration came with the account (accounts.backends.AccountBackend); for an
    # account loaded otherwise, this is one query.
    try:
        return user.seeker
    except Seeker.DoesNotExist:
        return None
