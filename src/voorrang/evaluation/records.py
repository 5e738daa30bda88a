"""Reads of Voorrang's records into the plain values ``evaluation.computations`` works on."""

from __future__ import annotations

from datetime import date

from voorrang.allocation.models import Allocation, Vacancy
from voorrang.allocation.policies import policy_for
from voorrang.evaluation.computations import Letting, Publication, Quota
from voorrang.evaluation.models import Observation


def lettings(as_of: date) -> list[Letting]:
    rows = (
        Allocation.objects.filter(let_on__lte=as_of)
        .order_by("let_on", "id")
        .values_list(
            "unit_id",
            "unit__building__name",
            "unit__building__designated",
            "vacancy__targeted",
            "tier",
            "vacancy__published_on",
            "let_on",
        )
    )
    return [Letting(*row) for row in rows]


def publications(as_of: date) -> list[Publication]:
    rows = (
        Vacancy.objects.filter(
            unit__building__designated=True,
            published_on__isnull=False,
            published_on__lte=as_of,
        )
        .order_by("published_on", "id")
        .values_list("unit__building__name", "published_on", "targeted")
    )
    return [Publication(*row) for row in rows]


def quotas(years: set[int]) -> dict[int, Quota]:
    """Each year's quota from that year's policy file (none when the policy has no quota)."""
    out = {}
    for y in sorted(years):
        try:
            targeting = policy_for(date(y, 1, 1)).targeting
        except LookupError:
            continue
        if targeting is not None:
            out[y] = Quota(share=targeting.share, cap=targeting.cap)
    return out


def observations(indicator_id: int, as_of: date) -> list[tuple[date, date, str, float]]:
    rows = (
        Observation.objects.filter(indicator_id=indicator_id, period_end__lte=as_of)
        .order_by("period_start", "period_end", "building__name")
        .values_list("period_start", "period_end", "building__name", "value")
    )
    return [(start, end, building or "", float(value)) for start, end, building, value in rows]
