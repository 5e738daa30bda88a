"""How likely a household in the demo's history is to respond to a home: mostly to homes it
may rent, more when urgent, less after long waiting."""

from __future__ import annotations

import math

from voorrang.allocation.models import Vacancy
from voorrang.demo.population import SeekerPlan
from voorrang.rules import Policy

PENSION_YEARS = 67
MOST_APPEAL = 2.5  # an urgent household responds more
# Registration time (years) after which households respond less, and how fast that falls off.
CHOOSY_AFTER = 9.0
CHOOSY_DECAY = 1.2


class Appeal:
    """How likely a household is to respond to one home, from 0 to MOST_APPEAL, on top of its
    own eagerness: people mostly respond to homes they may rent. The vacancy's limits are
    looked up once here, as the rules engine does, for the thousands of households tried."""

    def __init__(self, vacancy: Vacancy, policy: Policy, *, lflat: bool) -> None:
        unit = vacancy.unit
        rent = vacancy.rent
        social = rent <= policy.liberalisation_limit
        self.closes_on = vacancy.closes_on
        self.year = vacancy.closes_on.year
        self.lflat = lflat
        self.senior = "senior" in vacancy.labels
        self.young = "young" in vacancy.labels
        sizes = range(1, 9)
        self.fits = {n: unit.min_household <= n <= unit.max_household for n in sizes}
        self.daeb = {n: policy.daeb_limit(n) if social else None for n in sizes}
        # The income at or below which a household may not rent this home (passend).
        self.passend = {
            (n, pension): policy.passend_limit(n, pension)
            if rent > policy.aftoppingsgrens(n)
            else None
            for n in sizes
            for pension in (False, True)
        }

    def __call__(self, plan: SeekerPlan) -> float:
        size = plan.size
        weight = 1.0 if self.fits[size] else 0.03
        daeb = self.daeb[size]
        if daeb is not None and plan.income > daeb:
            weight *= 0.15
        age = self.year - plan.birth_year
        passend = self.passend[size, age > PENSION_YEARS]
        if passend is not None and plan.income <= passend:
            weight *= 0.15
        waited = (self.closes_on - plan.registered_on).days / 365.25
        if waited > CHOOSY_AFTER:
            # Who has waited long and still looks is choosy: responds to fewer homes.
            weight *= math.exp((CHOOSY_AFTER - waited) / CHOOSY_DECAY)
        if self.senior and age < 56:
            weight *= 0.05
        if self.young and age > 22:
            weight *= 0.05
        if plan.urgent_from and plan.urgent_from <= self.closes_on <= plan.urgent_until:
            weight *= MOST_APPEAL
        elif self.lflat and plan.committed_until:
            weight *= 2.0
        return weight
