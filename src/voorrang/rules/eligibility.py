"""Who may not be ranked, and why (ALLOCATION_RULES.md, section 3); and the tiers (section 4)."""

from __future__ import annotations

from datetime import date

from voorrang.rules.policy import Policy
from voorrang.rules.scenario import Candidate, Vacancy

# In the order of the contract's table; reasons are always reported in this order.
REASONS = ("LATE", "HOUSEHOLD_SIZE", "AGE_SENIOR", "AGE_YOUNG", "INCOME_ABOVE_LIMIT", "PASSEND")


def age_on(birth_date: date, on: date) -> int:
    """Whole years completed on ``on``. Someone born on 29 February has their birthday on
    1 March in other years: (2, 28) < (2, 29) holds, (3, 1) < (2, 29) does not."""
    years = on.year - birth_date.year
    if (on.month, on.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def exclusion_reasons(candidate: Candidate, vacancy: Vacancy, policy: Policy) -> list[str]:
    """Every rule the candidate fails, in the contract's order; empty when eligible.
    Limits are inclusive: an amount equal to a limit is within it."""
    reasons: list[str] = []
    unit = vacancy.unit
    size = candidate.household_size
    if candidate.responded_on > vacancy.closes_on:
        reasons.append("LATE")
    if size < unit.min_household or size > unit.max_household:
        reasons.append("HOUSEHOLD_SIZE")
    labels = vacancy.labels
    age = age_on(candidate.birth_date, vacancy.closes_on)
    if "senior" in labels and age < policy.senior_min_age:
        reasons.append("AGE_SENIOR")
    if "young" in labels and age > policy.young_max_age:
        reasons.append("AGE_YOUNG")
    if unit.rent <= policy.liberalisation_limit and candidate.income > policy.daeb_limit(size):
        reasons.append("INCOME_ABOVE_LIMIT")
    if candidate.income <= policy.passend_limit(
        size, age >= policy.pension_age
    ) and unit.rent > policy.aftoppingsgrens(size):
        reasons.append("PASSEND")
    return reasons


def tier_of(candidate: Candidate, vacancy: Vacancy, policy: Policy) -> str:
    """The first tier of the policy's order whose condition holds."""
    for tier in policy.tier_order:
        if tier_applies(tier, candidate, vacancy):
            return tier
    raise AssertionError("tier_order always includes 'regular'")  # checked when parsed


def tier_applies(tier: str, candidate: Candidate, vacancy: Vacancy) -> bool:
    closes_on = vacancy.closes_on
    if tier == "commitment":
        commitment = candidate.commitment
        return (
            "targeted" in vacancy.labels
            and commitment is not None
            and commitment.status == "approved"
            and commitment.building == vacancy.building
            and commitment.valid_until is not None
            and closes_on <= commitment.valid_until
        )
    if tier == "urgency":
        urgency = candidate.urgency
        return urgency is not None and urgency.valid_from <= closes_on <= urgency.valid_until
    if tier == "local":
        return "local" in vacancy.labels and candidate.local_tie
    return tier == "regular"
