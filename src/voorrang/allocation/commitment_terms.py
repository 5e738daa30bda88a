"""What allocation may know of the targeted track's commitments: per seeker and building, the
status and the end date (the corporation's view), read by the ranking for the commitment tier
and shown on the seeker page.

The targeted track (``voorrang.commitments``) supplies these reads when Django starts (its
``AppConfig.ready``). The track itself reads lettings from allocation, so allocation asks
through this one door instead of importing the track: the apps' imports stay without a cycle
(tests/test_import_graph.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class CommitmentTerms:
    """The reads the targeted track supplies.

    ``for_building(seekers, building_id)``: {seeker id: (status, valid until)} of the given
    seekers (a queryset or ids) in that building. ``of_seeker(seeker)``: the seeker's
    commitments as (status, status label, building name, valid until), by building name."""

    for_building: Callable[[Any, int], dict[int, tuple[str, date | None]]]
    of_seeker: Callable[[Any], Iterable[tuple[str, Any, str, date | None]]]


_supplied: CommitmentTerms | None = None


def supply(terms: CommitmentTerms) -> None:
    """Called once by the targeted track at start-up."""
    global _supplied
    _supplied = terms


def commitment_terms() -> CommitmentTerms:
    if _supplied is None:
        raise ImproperlyConfigured(
            "No app supplies the commitments' terms: voorrang.commitments must be installed."
        )
    return _supplied
