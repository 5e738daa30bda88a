"""Allocation policies: the year's legal limits and the local choices (ALLOCATION_RULES.md, 2)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction
from importlib import resources
from typing import Any

from voorrang.rules.errors import InvalidInput, UnknownPolicy
from voorrang.rules.fields import (
    Shape,
    expect_choice,
    expect_int,
    expect_list,
    expect_money,
    expect_object,
    expect_share,
    expect_text,
    join,
)

TIERS = ("commitment", "urgency", "local", "regular")
# The choices of ``[track] housed_by_other_route``.
HOUSED_BY_OTHER_ROUTE = ("end", "keep")
_POLICY_NAME = re.compile(r"[a-z0-9][a-z0-9._-]*")

_POLICY_FIELDS = (
    "id",
    "tier_order",
    "daeb_income_limit",
    "passend_income_limit",
    "pension_age",
    "aftoppingsgrens",
    "liberalisation_limit",
    "senior_min_age",
    "young_max_age",
)


@dataclass(frozen=True, slots=True)
class Targeting:
    """Which buildings are designated, and the share and yearly cap of targeted vacancies."""

    buildings: frozenset[str]
    share: Fraction
    cap: int | None


@dataclass(frozen=True, slots=True)
class Policy:
    id: str
    tier_order: tuple[str, ...]
    daeb_single: Decimal
    daeb_multi: Decimal
    passend_single: Decimal
    passend_multi: Decimal
    passend_single_pension: Decimal
    passend_multi_pension: Decimal
    pension_age: int
    aftopping_low: Decimal
    aftopping_high: Decimal
    liberalisation_limit: Decimal
    senior_min_age: int
    young_max_age: int
    # Figures of a shipped policy file that could not be confirmed against a publication.
    unconfirmed: tuple[str, ...] = ()
    targeting: Targeting | None = None
    # What becomes of a registration once its household has been let a home: it always ends;
    # this says whether its registration time is kept for a later registration. It decides no
    # ranking, so, like the targeting, it is not part of ``policy_document``.
    keep_registration_time_after_letting: bool = False
    # What becomes of an approved commitment whose holder is let a home by another route than
    # the commitment tier: "end" ends it, "keep" keeps it (for a later move into the building).
    # It decides no ranking either.
    housed_by_other_route: str = "end"

    def daeb_limit(self, household_size: int) -> Decimal:
        return self.daeb_single if household_size == 1 else self.daeb_multi

    def passend_limit(self, household_size: int, pension_age_reached: bool) -> Decimal:
        if household_size == 1:
            return self.passend_single_pension if pension_age_reached else self.passend_single
        return self.passend_multi_pension if pension_age_reached else self.passend_multi

    def aftoppingsgrens(self, household_size: int) -> Decimal:
        return self.aftopping_low if household_size <= 2 else self.aftopping_high


def policy_document(policy: Policy) -> dict[str, Any]:
    """The policy as the contract's policy object, so that a stored scenario carries the very
    figures it was ranked with, whatever later becomes of the policy file."""
    return {
        "id": policy.id,
        "tier_order": list(policy.tier_order),
        "daeb_income_limit": {"single": str(policy.daeb_single), "multi": str(policy.daeb_multi)},
        "passend_income_limit": {
            "single": str(policy.passend_single),
            "multi": str(policy.passend_multi),
            "single_pension": str(policy.passend_single_pension),
            "multi_pension": str(policy.passend_multi_pension),
        },
        "pension_age": policy.pension_age,
        "aftoppingsgrens": {"low": str(policy.aftopping_low), "high": str(policy.aftopping_high)},
        "liberalisation_limit": str(policy.liberalisation_limit),
        "senior_min_age": policy.senior_min_age,
        "young_max_age": policy.young_max_age,
    }


def parse_policy(value: Any, path: str = "policy") -> Policy:
    """A policy given inline (an object) or by the name of a shipped policy file."""
    if isinstance(value, str):
        return load_policy(value, path)
    obj = expect_object(value, path, Shape(_POLICY_FIELDS))
    daeb = expect_object(
        obj["daeb_income_limit"], join(path, "daeb_income_limit"), Shape(("single", "multi"))
    )
    passend = expect_object(
        obj["passend_income_limit"],
        join(path, "passend_income_limit"),
        Shape(("single", "multi", "single_pension", "multi_pension")),
    )
    aftopping = expect_object(
        obj["aftoppingsgrens"], join(path, "aftoppingsgrens"), Shape(("low", "high"))
    )
    return Policy(
        id=expect_text(obj["id"], join(path, "id")),
        tier_order=parse_tier_order(obj["tier_order"], join(path, "tier_order")),
        daeb_single=expect_money(daeb["single"], join(path, "daeb_income_limit.single")),
        daeb_multi=expect_money(daeb["multi"], join(path, "daeb_income_limit.multi")),
        passend_single=expect_money(passend["single"], join(path, "passend_income_limit.single")),
        passend_multi=expect_money(passend["multi"], join(path, "passend_income_limit.multi")),
        passend_single_pension=expect_money(
            passend["single_pension"], join(path, "passend_income_limit.single_pension")
        ),
        passend_multi_pension=expect_money(
            passend["multi_pension"], join(path, "passend_income_limit.multi_pension")
        ),
        pension_age=expect_int(obj["pension_age"], path, "pension_age", minimum=0),
        aftopping_low=expect_money(aftopping["low"], join(path, "aftoppingsgrens.low")),
        aftopping_high=expect_money(aftopping["high"], join(path, "aftoppingsgrens.high")),
        liberalisation_limit=expect_money(
            obj["liberalisation_limit"], join(path, "liberalisation_limit")
        ),
        senior_min_age=expect_int(obj["senior_min_age"], path, "senior_min_age", minimum=0),
        young_max_age=expect_int(obj["young_max_age"], path, "young_max_age", minimum=0),
    )


def parse_tier_order(value: Any, path: str) -> tuple[str, ...]:
    items = expect_list(value, path)
    tiers: list[str] = []
    for index, item in enumerate(items):
        tier = expect_choice(item, f"{path}[{index}]", "", TIERS, "tier")
        if tier in tiers:
            raise InvalidInput(f"{path}[{index}]", f"tier {tier!r} is listed twice")
        tiers.append(tier)
    if "regular" not in tiers:
        # Without it an eligible candidate could fall in no tier at all.
        raise InvalidInput(path, "must include the tier 'regular'")
    return tuple(tiers)


def available_policies() -> list[str]:
    """Names of the policy files shipped in ``voorrang/policies``."""
    folder = resources.files("voorrang.policies")
    return sorted(
        entry.name.removesuffix(".toml")
        for entry in folder.iterdir()
        if entry.name.endswith(".toml")
    )


def load_policy(name: str, path: str = "policy") -> Policy:
    """Read a shipped policy file. Each figure there is a table with its value and source;
    ``confirmed = false`` marks one that could not be checked against a publication."""
    if not _POLICY_NAME.fullmatch(name):
        raise UnknownPolicy(path, f"{name!r} is not a policy name")
    entry = resources.files("voorrang.policies").joinpath(f"{name}.toml")
    if not entry.is_file():
        known = ", ".join(available_policies()) or "none"
        raise UnknownPolicy(path, f"unknown policy {name!r}; shipped policies: {known}")
    document = tomllib.loads(entry.read_text(encoding="utf-8"))
    return policy_from_file_document(document, source=f"policies/{name}.toml")


def policy_from_file_document(document: dict[str, Any], source: str) -> Policy:
    unconfirmed: list[str] = []

    def figure(key: str) -> Any:
        node: Any = document
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                raise InvalidInput(f"{source}: {key}", "is missing")
            node = node[part]
        if not isinstance(node, dict) or "value" not in node or "source" not in node:
            raise InvalidInput(f"{source}: {key}", "must be a table with 'value' and 'source'")
        if node.get("confirmed", True) is not True:
            unconfirmed.append(key)
        return node["value"]

    as_object = {
        "id": document.get("id"),
        "tier_order": document.get("tier_order"),
        "daeb_income_limit": {k: figure(f"daeb_income_limit.{k}") for k in ("single", "multi")},
        "passend_income_limit": {
            k: figure(f"passend_income_limit.{k}")
            for k in ("single", "multi", "single_pension", "multi_pension")
        },
        "pension_age": figure("pension_age"),
        "aftoppingsgrens": {k: figure(f"aftoppingsgrens.{k}") for k in ("low", "high")},
        "liberalisation_limit": figure("liberalisation_limit"),
        "senior_min_age": figure("senior_min_age"),
        "young_max_age": figure("young_max_age"),
    }
    policy = parse_policy(as_object, path=source)
    targeting = None
    if "targeting" in document:
        table = document["targeting"]
        if table.get("confirmed", True) is not True:
            unconfirmed.append("targeting")
        targeting = Targeting(
            buildings=frozenset(
                expect_text(b, f"{source}: targeting.buildings")
                for b in expect_list(table.get("buildings"), f"{source}: targeting.buildings")
            ),
            share=expect_share(table.get("share"), f"{source}: targeting.share"),
            cap=None
            if table.get("cap") is None
            else expect_int(table["cap"], f"{source}: targeting.cap", minimum=0),
        )
    keep_time = False
    if "after_letting" in document:
        table = document["after_letting"]
        if not isinstance(table, dict) or "source" not in table:
            raise InvalidInput(f"{source}: after_letting", "must be a table with a 'source'")
        value = table.get("keep_registration_time")
        if not isinstance(value, bool):
            raise InvalidInput(
                f"{source}: after_letting.keep_registration_time", "must be true or false"
            )
        if table.get("confirmed", True) is not True:
            unconfirmed.append("after_letting")
        keep_time = value
    other_route = "end"
    if "track" in document:
        table = document["track"]
        if not isinstance(table, dict) or "source" not in table:
            raise InvalidInput(f"{source}: track", "must be a table with a 'source'")
        other_route = table.get("housed_by_other_route")
        if other_route not in HOUSED_BY_OTHER_ROUTE:
            raise InvalidInput(f"{source}: track.housed_by_other_route", 'must be "end" or "keep"')
        if table.get("confirmed", True) is not True:
            unconfirmed.append("track")
    return replace(
        policy,
        unconfirmed=tuple(unconfirmed),
        targeting=targeting,
        keep_registration_time_after_letting=keep_time,
        housed_by_other_route=other_route,
    )
