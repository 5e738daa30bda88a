"""A simulation scenario: the region, the seekers and the policy, read from TOML.

Every number has a name here and a documented meaning in docs/simulation.md, with its source
or marked as an assumption. A bad scenario file gets an error that names the key."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

from voorrang.rules import InvalidInput, Policy, load_policy
from voorrang.rules.fields import expect_share


@dataclass(frozen=True)
class BuildingSpec:
    name: str
    units: int
    turnover: float  # share of units let per year
    rent_low: int  # cents: rents drawn uniformly between low and high
    rent_high: int
    attractiveness: float  # multiplies the response probability
    rooms: tuple[float, ...] = (0.15, 0.35, 0.35, 0.15)  # shares of 1, 2, 3, 4 rooms
    designated: bool = False


@dataclass(frozen=True)
class SeekerSpec:
    arrivals_per_month: float
    initial: int  # seekers on the register at the start
    initial_max_years: float  # their registration dates spread over this many years
    household_sizes: tuple[float, ...] = (0.5, 0.25, 0.12, 0.08, 0.05)  # shares of 1..5
    income_median: int = 2_800_000  # cents a year
    income_sigma: float = 0.35  # of the log-normal
    urgency_share: float = 0.03
    urgency_months: int = 12
    local_share: float = 0.5
    activation_per_month: float = 0.02  # passive -> actively searching
    initially_active: float = 0.4
    response_probability: float = 0.02  # per active seeker and vacancy (x attractiveness)
    exit_per_month: float = 0.004
    commit_willing: float = 0.05  # share willing to commit to a targeted track
    commit_approval: float = 0.6
    commitment_months: int = 12
    max_open_responses: int = 2


@dataclass(frozen=True)
class PolicySpec:
    rules: Policy
    designated: frozenset[str]
    share: Fraction
    cap: int | None
    lottery_share: float = 0.0
    refusal_probability: float = 0.3
    volunteer_end_per_month: float = 0.03


@dataclass(frozen=True)
class Scenario:
    name: str
    start: date
    months: int
    buildings: tuple[BuildingSpec, ...]
    seekers: SeekerSpec
    policy: PolicySpec
    notes: dict[str, str] = field(default_factory=dict)

    def with_policy(self, **changes: Any) -> Scenario:
        return replace(self, policy=replace(self.policy, **changes))


def _get(
    table: dict[str, Any], key: str, path: str, kind: type | tuple[type, ...], default: Any = ...
):
    if key not in table:
        if default is ...:
            raise InvalidInput(f"{path}.{key}" if path else key, "is missing")
        return default
    value = table[key]
    if isinstance(value, bool) and kind is not bool:
        raise InvalidInput(f"{path}.{key}" if path else key, f"must be a number, not {value}")
    if not isinstance(value, kind):
        raise InvalidInput(
            f"{path}.{key}" if path else key, f"has the wrong type ({type(value).__name__})"
        )
    return value


def _fraction(value: float, where: str) -> float:
    if not 0 <= value <= 1:
        raise InvalidInput(where, f"must be between 0 and 1, not {value}")
    return float(value)


def _shares(values: list[Any], where: str) -> tuple[float, ...]:
    if not values or any(
        isinstance(v, bool) or not isinstance(v, int | float) or v < 0 for v in values
    ):
        raise InvalidInput(where, "must be a list of non-negative numbers")
    total = sum(values)
    if abs(total - 1) > 1e-6:
        raise InvalidInput(where, f"must add up to 1, not {total}")
    return tuple(float(v) for v in values)


def scenario_from_document(document: dict[str, Any], source: str = "scenario") -> Scenario:
    known = {"name", "start", "months", "buildings", "seekers", "policy", "notes"}
    for key in document:
        if key not in known:
            raise InvalidInput(key, "is not a known key")
    start = _get(document, "start", "", date)
    months = _get(document, "months", "", int)
    if months < 1:
        raise InvalidInput("months", "must be at least 1")
    buildings = []
    for i, table in enumerate(_get(document, "buildings", "", list)):
        path = f"buildings[{i}]"
        low, high = (_get(table, k, path, int | float) for k in ("rent_low", "rent_high"))
        if high < low:
            raise InvalidInput(f"{path}.rent_high", "must be at least rent_low")
        buildings.append(
            BuildingSpec(
                name=_get(table, "name", path, str),
                units=_get(table, "units", path, int),
                turnover=_fraction(_get(table, "turnover", path, int | float), f"{path}.turnover"),
                rent_low=round(low * 100),
                rent_high=round(high * 100),
                attractiveness=float(_get(table, "attractiveness", path, int | float, 1.0)),
                rooms=_shares(
                    _get(table, "rooms", path, list, [0.15, 0.35, 0.35, 0.15]), f"{path}.rooms"
                ),
            )
        )
    if not buildings:
        raise InvalidInput("buildings", "must list at least one building")
    s = _get(document, "seekers", "", dict)
    defaults = SeekerSpec(arrivals_per_month=0, initial=0, initial_max_years=0)
    seekers = SeekerSpec(
        arrivals_per_month=float(_get(s, "arrivals_per_month", "seekers", int | float)),
        initial=_get(s, "initial", "seekers", int),
        initial_max_years=float(_get(s, "initial_max_years", "seekers", int | float)),
        household_sizes=_shares(
            _get(s, "household_sizes", "seekers", list, list(defaults.household_sizes)),
            "seekers.household_sizes",
        ),
        income_median=round(
            _get(s, "income_median", "seekers", int | float, defaults.income_median / 100) * 100
        ),
        income_sigma=float(_get(s, "income_sigma", "seekers", int | float, defaults.income_sigma)),
        **{
            key: _fraction(
                _get(s, key, "seekers", int | float, getattr(defaults, key)), f"seekers.{key}"
            )
            for key in (
                "urgency_share",
                "local_share",
                "activation_per_month",
                "initially_active",
                "response_probability",
                "exit_per_month",
                "commit_willing",
                "commit_approval",
            )
        },
        urgency_months=_get(s, "urgency_months", "seekers", int, defaults.urgency_months),
        commitment_months=_get(s, "commitment_months", "seekers", int, defaults.commitment_months),
        max_open_responses=_get(
            s, "max_open_responses", "seekers", int, defaults.max_open_responses
        ),
    )
    p = _get(document, "policy", "", dict)
    rules = load_policy(_get(p, "rules", "policy", str))
    if "tier_order" in p:
        from voorrang.rules.policy import parse_tier_order

        rules = replace(rules, tier_order=parse_tier_order(p["tier_order"], "policy.tier_order"))
    designated = frozenset(_get(p, "designated", "policy", list, []))
    names = {b.name for b in buildings}
    for name in designated:
        if name not in names:
            raise InvalidInput("policy.designated", f"{name!r} is not one of the buildings")
    buildings = [replace(b, designated=b.name in designated) for b in buildings]
    cap = _get(p, "cap", "policy", int, None)
    policy = PolicySpec(
        rules=rules,
        designated=designated,
        share=expect_share(_get(p, "share", "policy", str | int | float, "0"), "policy.share"),
        cap=cap,
        lottery_share=_fraction(
            _get(p, "lottery_share", "policy", int | float, 0.0), "policy.lottery_share"
        ),
        refusal_probability=_fraction(
            _get(p, "refusal_probability", "policy", int | float, 0.3), "policy.refusal_probability"
        ),
        volunteer_end_per_month=_fraction(
            _get(p, "volunteer_end_per_month", "policy", int | float, 0.03),
            "policy.volunteer_end_per_month",
        ),
    )
    notes = {str(k): str(v) for k, v in _get(document, "notes", "", dict, {}).items()}
    return Scenario(
        name=_get(document, "name", "", str, Path(source).stem),
        start=start,
        months=months,
        buildings=tuple(buildings),
        seekers=seekers,
        policy=policy,
        notes=notes,
    )


def load_scenario(path: str | Path) -> Scenario:
    path = Path(path)
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(str(path), f"is not valid TOML: {exc}") from None
    return scenario_from_document(document, source=str(path))
