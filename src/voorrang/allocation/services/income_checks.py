"""At offer time a home whose rent depends on the income goes only to a candidate whose income
staff have checked (seekers.services.check_income); a candidate without is passed over, and
the audit trail says so. The ranking itself is not changed: the income counts as the seeker
stated it, and the check comes before the home is offered."""

from __future__ import annotations

import functools
from typing import Any

from voorrang.allocation.models import RankingEntry, Vacancy
from voorrang.allocation.policies import policy_name_for
from voorrang.audit.services import record
from voorrang.rules import Policy, load_policy
from voorrang.rules.eligibility import income_decides
from voorrang.seekers.models import CheckStatus

PASSED_OVER = "offer.passed_over_income_unchecked"


@functools.lru_cache(maxsize=16)
def _policy(name: str) -> Policy:
    # The shipped policy files do not change while the application runs.
    return load_policy(name)


def income_decides_for(vacancy: Vacancy) -> bool:
    """Whether this home's rent band depends on the household income (rules.income_decides)."""
    # A draft has no policy yet: the one for its closing date will be fixed at publication.
    name = vacancy.policy_id or policy_name_for(vacancy.closes_on)
    return income_decides(vacancy.rent, _policy(name))


def passed_over_for_income(actor: Any, vacancy: Vacancy, entry: RankingEntry) -> bool:
    """True (and recorded) when the candidate must be passed over: the rent depends on the
    income and their income is not checked. They stay in the ranking; once staff check their
    income, a later offer for this home can reach them."""
    seeker = entry.seeker
    if seeker.income_check == CheckStatus.CHECKED or not income_decides_for(vacancy):
        return False
    record(
        actor=actor,
        action="offer.passed_over_income_unchecked",
        # On the seeker: their page's trail shows staff why the offer went to the next one.
        obj=seeker,
        summary=vacancy.reference,
        after={
            "vacancy": vacancy.reference,
            "seeker": seeker.registration_number,
            "position": entry.position,
            "income_check": seeker.income_check,
        },
    )
    return True
