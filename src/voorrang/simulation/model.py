"""A simulation scenario: the region, the seekers and the policy, read from TOML (or from any
mapping of the same shape, such as a web form's data laid over a shipped file).

Every number has a name here and a documented meaning in docs/simulation.md, with its source
or marked as an assumption. A bad scenario gets an ``InvalidInput`` whose ``field`` is the key's
path (``policy.share``, ``buildings[1].turnover``) and whose message says what is wrong."""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

from voorrang.rules import InvalidInput, Policy, load_policy
from voorrang.rules.fields import describe, expect_share
from voorrang.rules.policy import parse_tier_order

MAX_MONTHS = 50 * 12  # a longer horizon says nothing a policy maker can use


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

    def with_months(self, months: int) -> Scenario:
        return replace(self, months=months)


TOP_KEYS = ("name", "start", "months", "buildings", "seekers", "policy", "notes")
BUILDING_KEYS = ("name", "units", "turnover", "rent_low", "rent_high", "attractiveness", "rooms")
SEEKER_KEYS = tuple(SeekerSpec.__dataclass_fields__)
POLICY_KEYS = (
    "rules",
    "tier_order",
    "designated",
    "share",
    "cap",
    "lottery_share",
    "refusal_probability",
    "volunteer_end_per_month",
)
SEEKER_SHARES = (
    "urgency_share",
    "local_share",
    "activation_per_month",
    "initially_active",
    "response_probability",
    "exit_per_month",
    "commit_willing",
    "commit_approval",
)


def _where(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _table(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise InvalidInput(where, f"must be a table, not {describe(value)}")
    return value


def _known(table: Mapping[str, Any], path: str, keys: tuple[str, ...]) -> None:
    for key in table:
        if key not in keys:
            raise InvalidInput(
                _where(path, str(key)), f"is not a known key (known: {', '.join(keys)})"
            )


def _get(table: Mapping[str, Any], key: str, path: str, default: Any = ...) -> Any:
    if key not in table:
        if default is ...:
            raise InvalidInput(_where(path, key), "is missing")
        return default
    return table[key]


def _number(
    table: Mapping[str, Any],
    key: str,
    path: str,
    default: Any = ...,
    *,
    minimum: float | None = 0,
    maximum: float | None = None,
) -> float:
    value = _get(table, key, path, default)
    where = _where(path, key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidInput(where, f"must be a number, not {describe(value)}")
    if value != value:  # NaN
        raise InvalidInput(where, "must be a number, not NaN")
    if minimum is not None and value < minimum:
        raise InvalidInput(where, f"must be at least {minimum}, not {value}")
    if maximum is not None and value > maximum:
        raise InvalidInput(where, f"must be at most {maximum}, not {value}")
    return float(value)


def _whole(
    table: Mapping[str, Any],
    key: str,
    path: str,
    default: Any = ...,
    *,
    minimum: int = 0,
    maximum: int | None = None,
) -> int:
    value = _get(table, key, path, default)
    where = _where(path, key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(where, f"must be a whole number, not {describe(value)}")
    if value < minimum:
        raise InvalidInput(where, f"must be at least {minimum}, not {value}")
    if maximum is not None and value > maximum:
        raise InvalidInput(where, f"must be at most {maximum}, not {value}")
    return value


def _text(table: Mapping[str, Any], key: str, path: str, default: Any = ...) -> str:
    value = _get(table, key, path, default)
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(_where(path, key), f"must be a non-empty string, not {describe(value)}")
    return value


def _share(table: Mapping[str, Any], key: str, path: str, default: Any = ...) -> float:
    return _number(table, key, path, default, minimum=0, maximum=1)


def _shares(table: Mapping[str, Any], key: str, path: str, default: Any) -> tuple[float, ...]:
    values = _get(table, key, path, default)
    where = _where(path, key)
    if (
        not isinstance(values, list | tuple)
        or not values
        or any(isinstance(v, bool) or not isinstance(v, int | float) or v < 0 for v in values)
    ):
        raise InvalidInput(where, "must be a list of non-negative numbers")
    total = sum(values)
    if abs(total - 1) > 1e-6:
        raise InvalidInput(where, f"must add up to 1, not {total:g}")
    return tuple(float(v) for v in values)


def _start(table: Mapping[str, Any]) -> date:
    value = _get(table, "start", "")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise InvalidInput("start", f"must be a date (YYYY-MM-DD), not {describe(value)}")


def _building(table: Any, path: str) -> BuildingSpec:
    table = _table(table, path)
    _known(table, path, BUILDING_KEYS)
    low = _number(table, "rent_low", path)
    high = _number(table, "rent_high", path)
    if high < low:
        raise InvalidInput(_where(path, "rent_high"), f"must be at least rent_low ({low:g})")
    return BuildingSpec(
        name=_text(table, "name", path),
        units=_whole(table, "units", path, minimum=1),
        turnover=_share(table, "turnover", path),
        rent_low=round(low * 100),
        rent_high=round(high * 100),
        attractiveness=_number(table, "attractiveness", path, 1.0, maximum=1000),
        rooms=_shares(table, "rooms", path, [0.15, 0.35, 0.35, 0.15]),
    )


def _seekers(table: Any) -> SeekerSpec:
    path = "seekers"
    table = _table(table, path)
    _known(table, path, SEEKER_KEYS)
    d = SeekerSpec(arrivals_per_month=0, initial=0, initial_max_years=0)
    spec = SeekerSpec(
        arrivals_per_month=_number(table, "arrivals_per_month", path),
        initial=_whole(table, "initial", path),
        initial_max_years=_number(table, "initial_max_years", path, maximum=100),
        household_sizes=_shares(table, "household_sizes", path, list(d.household_sizes)),
        income_median=round(
            _number(table, "income_median", path, d.income_median / 100, minimum=1) * 100
        ),
        income_sigma=_number(table, "income_sigma", path, d.income_sigma, maximum=5),
        urgency_months=_whole(table, "urgency_months", path, d.urgency_months, minimum=1),
        commitment_months=_whole(table, "commitment_months", path, d.commitment_months, minimum=1),
        max_open_responses=_whole(
            table, "max_open_responses", path, d.max_open_responses, minimum=1
        ),
        **{key: _share(table, key, path, getattr(d, key)) for key in SEEKER_SHARES},
    )
    if spec.initial and spec.initial_max_years <= 0:
        raise InvalidInput(
            "seekers.initial_max_years", "must be above 0 when there are initial seekers"
        )
    return spec


def _policy(table: Any, buildings: list[BuildingSpec]) -> PolicySpec:
    path = "policy"
    table = _table(table, path)
    _known(table, path, POLICY_KEYS)
    rules = load_policy(_text(table, "rules", path), "policy.rules")
    if "tier_order" in table:
        order = table["tier_order"]
        order = list(order) if isinstance(order, tuple) else order
        rules = replace(rules, tier_order=parse_tier_order(order, "policy.tier_order"))
    designated_list = _get(table, "designated", path, [])
    if not isinstance(designated_list, list | tuple):
        raise InvalidInput("policy.designated", "must be a list of building names")
    names = [b.name for b in buildings]
    for i, name in enumerate(designated_list):
        if name not in names:
            raise InvalidInput(
                f"policy.designated[{i}]",
                f"{describe(name)} is not one of the buildings ({', '.join(names)})",
            )
    cap = _get(table, "cap", path, None)
    if cap is not None:
        cap = _whole(table, "cap", path)
    share = _get(table, "share", path, "0")
    if isinstance(share, float):
        share = Fraction(share).limit_denominator(1000)
        share = f"{share.numerator}/{share.denominator}"
    return PolicySpec(
        rules=rules,
        designated=frozenset(designated_list),
        share=expect_share(share, "policy.share"),
        cap=cap,
        lottery_share=_share(table, "lottery_share", path, 0.0),
        refusal_probability=_share(table, "refusal_probability", path, 0.3),
        volunteer_end_per_month=_share(table, "volunteer_end_per_month", path, 0.03),
    )


def scenario_from_mapping(data: Mapping[str, Any], *, name: str) -> Scenario:
    """A scenario from a mapping shaped like a scenario file (``tomllib.load``'s result, or a
    shipped file's mapping with some values changed). ``name`` is used when the mapping has
    no ``name`` key. Raises ``InvalidInput`` naming the key path and the problem."""
    data = _table(data, "scenario")
    _known(data, "", TOP_KEYS)
    months = _whole(data, "months", "", minimum=1, maximum=MAX_MONTHS)
    start = _start(data)
    raw_buildings = _get(data, "buildings", "")
    if not isinstance(raw_buildings, list | tuple) or not raw_buildings:
        raise InvalidInput("buildings", "must list at least one building ([[buildings]] tables)")
    buildings = [_building(table, f"buildings[{i}]") for i, table in enumerate(raw_buildings)]
    seen: dict[str, int] = {}
    for i, building in enumerate(buildings):
        if building.name in seen:
            raise InvalidInput(
                f"buildings[{i}].name",
                f"{building.name!r} is also the name of buildings[{seen[building.name]}]",
            )
        seen[building.name] = i
    seekers = _seekers(_get(data, "seekers", ""))
    policy = _policy(_get(data, "policy", ""), buildings)
    buildings = [replace(b, designated=b.name in policy.designated) for b in buildings]
    notes = {str(k): str(v) for k, v in _table(_get(data, "notes", "", {}), "notes").items()}
    return Scenario(
        name=_text(data, "name", "", name),
        start=start,
        months=months,
        buildings=tuple(buildings),
        seekers=seekers,
        policy=policy,
        notes=notes,
    )


def scenario_from_document(document: Mapping[str, Any], source: str = "scenario") -> Scenario:
    """As ``scenario_from_mapping``, named after the file when the document has no name."""
    return scenario_from_mapping(document, name=Path(source).stem)


def read_mapping(path: str | Path) -> dict[str, Any]:
    """A scenario file's mapping (to change values in before ``scenario_from_mapping``)."""
    path = Path(path)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(str(path), f"is not valid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise InvalidInput(str(path), "is not UTF-8 text") from None


def load_scenario(path: str | Path) -> Scenario:
    path = Path(path)
    return scenario_from_mapping(read_mapping(path), name=path.stem)


def with_value(data: Mapping[str, Any], key: str, value: Any) -> dict[str, Any]:
    """A deep copy of a scenario mapping with one value set by its dotted key path
    (``policy.share``, ``seekers.urgency_share``, ``buildings[0].turnover``); ``None`` removes
    the key, so that its default applies."""
    result = copy.deepcopy(dict(data))
    parts = key.split(".")
    target: Any = result
    for depth, part in enumerate(parts):
        name, _, index = part.partition("[")
        last = depth == len(parts) - 1
        if index:
            if not index.endswith("]") or not index[:-1].isdigit():
                raise InvalidInput(key, "is not a key path (e.g. buildings[0].turnover)")
            items = target.get(name) if isinstance(target, dict) else None
            position = int(index[:-1])
            if not isinstance(items, list) or position >= len(items):
                raise InvalidInput(key, f"{name}[{position}] does not exist in the scenario")
            if last:
                if value is None:
                    raise InvalidInput(key, "a list item cannot be left out")
                items[position] = value
            else:
                target = items[position]
            continue
        if not isinstance(target, dict):
            raise InvalidInput(key, f"{part!r} is not inside a table")
        if last:
            if value is None:
                target.pop(name, None)  # back to the default (for a cap: none)
            else:
                target[name] = value
        else:
            target = target.setdefault(name, {})
    return result
