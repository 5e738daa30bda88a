"""Who may not be ranked, and why (ALLOCATION_RULES.md, section 3); and the tiers (section 4)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

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


class Eligibility:
    """The exclusion rules for one vacancy under one policy.

    What depends only on the vacancy (is the rent social, is it above either
    aftoppingsgrens) is settled once here, so that a candidate costs only the comparisons
    that concern them. Limits are inclusive: an amount equal to a limit is within it."""

    def __init__(self, vacancy: Vacancy, policy: Policy) -> None:
        rent = vacancy.unit.rent
        self.policy = policy
        self.closes_on = vacancy.closes_on
        self.min_household = vacancy.unit.min_household
        self.max_household = vacancy.unit.max_household
        self.senior = "senior" in vacancy.labels
        self.young = "young" in vacancy.labels
        self.social_rent = rent <= policy.liberalisation_limit
        self.above_aftopping_small = rent > policy.aftopping_low  # households of 1 or 2
        self.above_aftopping_large = rent > policy.aftopping_high  # households of 3 or more

    def reasons(self, candidate: Candidate) -> list[str]:
        """Every rule the candidate fails, in the contract's order; empty when eligible."""
        reasons: list[str] = []
        policy = self.policy
        size = candidate.household_size
        if candidate.responded_on > self.closes_on:
            reasons.append("LATE")
        if size < self.min_household or size > self.max_household:
            reasons.append("HOUSEHOLD_SIZE")
        rent_above_aftopping = (
            self.above_aftopping_small if size <= 2 else self.above_aftopping_large
        )
        if self.senior or self.young or rent_above_aftopping:
            age = age_on(candidate.birth_date, self.closes_on)
            if self.senior and age < policy.senior_min_age:
                reasons.append("AGE_SENIOR")
            if self.young and age > policy.young_max_age:
                reasons.append("AGE_YOUNG")
        if self.social_rent and candidate.income > policy.daeb_limit(size):
            reasons.append("INCOME_ABOVE_LIMIT")
        if rent_above_aftopping and candidate.income <= policy.passend_limit(
            size, age >= policy.pension_age
        ):
            reasons.append("PASSEND")
        return reasons


def income_decides(rent: Decimal, policy: Policy) -> bool:
    """Whether the household income decides who may rent a home at ``rent``: a social rent
    has the social-housing income limit, a rent above the lower aftoppingsgrens the
    affordability match (passend toewijzen). Such a home is offered only on a checked income."""
    return rent <= policy.liberalisation_limit or rent > policy.aftopping_low


def exclusion_reasons(candidate: Candidate, vacancy: Vacancy, policy: Policy) -> list[str]:
    """Every rule the candidate fails for this vacancy, in the contract's order."""
    return Eligibility(vacancy, policy).reasons(candidate)


class Tiers:
    """The tier conditions for one vacancy under one policy, in the policy's order. Tiers
    that cannot apply to this vacancy (commitment without the label 'targeted', local
    without 'local') are left out once here instead of being tried for every candidate."""

    def __init__(self, vacancy: Vacancy, policy: Policy) -> None:
        self.closes_on = vacancy.closes_on
        self.building = vacancy.building
        self.order: list[str] = []
        for tier in policy.tier_order:
            if tier == "commitment" and "targeted" not in vacancy.labels:
                continue
            if tier == "local" and "local" not in vacancy.labels:
                continue
            self.order.append(tier)
            if tier == "regular":
                break  # it always holds: later tiers are never reached

    def of(self, candidate: Candidate) -> str:
        """The first tier whose condition holds for the candidate."""
        for tier in self.order:
            if tier == "commitment":
                commitment = candidate.commitment
                if (
                    commitment is not None
                    and commitment.status == "approved"
                    and commitment.building == self.building
                    and commitment.valid_until is not None
                    and self.closes_on <= commitment.valid_until
                ):
                    return tier
            elif tier == "urgency":
                urgency = candidate.urgency
                if (
                    urgency is not None
                    and urgency.valid_from <= self.closes_on <= urgency.valid_until
                ):
                    return tier
            elif tier == "local":
                if candidate.local_tie:
                    return tier
            else:
                return tier
        raise AssertionError("tier_order always includes 'regular'")  # checked when parsed


def tier_of(candidate: Candidate, vacancy: Vacancy, policy: Policy) -> str:
    """The first tier of the policy's order whose condition holds (section 4)."""
    return Tiers(vacancy, policy).of(candidate)
