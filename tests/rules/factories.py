"""Builders of scenario documents (plain JSON-like dicts, as the CLI reads them)."""

from __future__ import annotations

import copy
from typing import Any

import factory

POLICY_2026: dict[str, Any] = {
    "id": "test-2026",
    "tier_order": ["commitment", "urgency", "local", "regular"],
    "daeb_income_limit": {"single": "51537", "multi": "56910"},
    "passend_income_limit": {
        "single": "29400",
        "multi": "39925",
        "single_pension": "28775",
        "multi_pension": "38650",
    },
    "pension_age": 67,
    "aftoppingsgrens": {"low": "713.44", "high": "764.40"},
    "liberalisation_limit": "932.93",
    "senior_min_age": 55,
    "young_max_age": 22,
}


class CandidateFactory(factory.DictFactory):
    id = factory.Sequence(lambda n: f"S-{n + 1}")
    registered_on = factory.Sequence(lambda n: f"{2000 + n % 25}-{1 + n % 12:02d}-{1 + n % 28:02d}")
    birth_date = "1985-05-05"
    household_size = 2
    income = 40000
    responded_on = "2026-03-10"


class UnitFactory(factory.DictFactory):
    rooms = 3
    rent = "650.00"
    min_household = 1
    max_household = 4


class VacancyFactory(factory.DictFactory):
    id = "V-1"
    building = "L-flat"
    unit = factory.SubFactory(UnitFactory)
    labels = factory.LazyFunction(list)
    ordering = "registration"
    closes_on = "2026-03-15"


def scenario(
    candidates: list[dict[str, Any]], policy: dict[str, Any] | str | None = None, **vacancy: Any
) -> dict[str, Any]:
    return {
        "policy": copy.deepcopy(POLICY_2026) if policy is None else policy,
        "vacancy": VacancyFactory(**vacancy),
        "candidates": candidates,
    }
