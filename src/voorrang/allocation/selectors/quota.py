"""The quota of targeted vacancies: the year's count of the designated buildings' vacancies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from voorrang.allocation.models import Vacancy
from voorrang.allocation.policies import policy_for
from voorrang.allocation.states import VacancyState


@dataclass(frozen=True)
class QuotaStatus:
    year: int
    vacancies: int  # of the designated buildings, published this year
    targeted: int
    share: Any
    cap: int | None


def quota_status(year: int) -> QuotaStatus | None:
    """The year's count of the designated buildings, as the quota sees it."""
    policy = policy_for(date(year, 12, 31))
    if policy.targeting is None:
        return None
    published = Vacancy.objects.filter(
        unit__building__designated=True, published_on__year=year
    ).exclude(state=VacancyState.DRAFT)
    return QuotaStatus(
        year=year,
        vacancies=published.count(),
        targeted=published.filter(targeted=True).count(),
        share=policy.targeting.share,
        cap=policy.targeting.cap,
    )
