"""What a simulation run asks for, as stored on its job, and the scenarios it becomes.

A run starts from a shipped scenario file and changes its policy (and the length of the
simulated period); the changed document is read by the engine's own reader, so a bad value is
refused with the key path that names it, exactly as for a scenario file."""

from __future__ import annotations

import copy
import tomllib
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from voorrang.rules import InvalidInput, load_policy
from voorrang.simulation.command import SHIPPED, shipped_names
from voorrang.simulation.model import Scenario, scenario_from_mapping

ENGINES = ("fast", "reference")
MAX_REPLICATIONS = 500
MAX_MONTHS = 50 * 12


def shipped_scenarios() -> list[str]:
    return shipped_names()


def scenario_document(name: str) -> dict[str, Any]:
    """The shipped scenario file ``name`` as a mapping."""
    if name not in shipped_names():
        raise InvalidInput("scenario", f"{name!r} is not a shipped scenario")
    return tomllib.loads((SHIPPED / f"{name}.toml").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class RunParameters:
    """One run: the scenario, the changed policy and how to simulate it."""

    scenario: str
    share: str  # a fraction, "1/4"
    cap: int | None
    lottery_share: float
    tier_order: tuple[str, ...]
    designated: tuple[str, ...]
    response_limit: int
    months: int
    replications: int
    engine: str = "fast"
    seed: int = 1
    compare: bool = False
    # The first day simulated (ISO date); empty: the scenario file's own start.
    start: str = ""
    # The policy file in force on the start day, the baseline of a comparison; empty (runs
    # from before there was one): the scenario's policy as shipped.
    baseline_rules: str = ""

    def as_job(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "policy": {
                "share": self.share,
                "cap": self.cap,
                "lottery_share": self.lottery_share,
                "tier_order": list(self.tier_order),
                "designated": list(self.designated),
            },
            "seekers": {"max_open_responses": self.response_limit},
            "months": self.months,
            "replications": self.replications,
            "engine": self.engine,
            "seed": self.seed,
            "compare": self.compare,
            "start": self.start,
            "baseline_rules": self.baseline_rules,
        }

    @classmethod
    def from_job(cls, data: dict[str, Any]) -> RunParameters:
        try:
            policy = data["policy"]
            return cls(
                scenario=str(data["scenario"]),
                share=str(policy["share"]),
                cap=None if policy["cap"] is None else int(policy["cap"]),
                lottery_share=float(policy["lottery_share"]),
                tier_order=tuple(policy["tier_order"]),
                designated=tuple(policy["designated"]),
                response_limit=int(data["seekers"]["max_open_responses"]),
                months=int(data["months"]),
                replications=int(data["replications"]),
                engine=str(data.get("engine", "fast")),
                seed=int(data.get("seed", 1)),
                compare=bool(data.get("compare", False)),
                start=str(data.get("start") or ""),
                baseline_rules=str(data.get("baseline_rules") or ""),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise InvalidInput("parameters", f"are incomplete or malformed ({exc})") from None

    @classmethod
    def of_scenario(cls, name: str, *, start: date | None = None) -> RunParameters:
        """The scenario as shipped: the starting values of the form, compared with the
        policy in force (the form sets which, from its start date) and starting on ``start``
        (the form gives today)."""
        document = scenario_document(name)
        scenario = scenario_from_mapping(document, name=name)
        policy = scenario.policy
        return cls(
            scenario=name,
            share=str(policy.share),
            cap=policy.cap,
            lottery_share=policy.lottery_share,
            tier_order=tuple(policy.rules.tier_order),
            designated=tuple(sorted(policy.designated)),
            response_limit=scenario.seekers.max_open_responses,
            months=scenario.months,
            replications=20,
            compare=True,
            start=start.isoformat() if start else "",
        )

    def changed_document(self) -> dict[str, Any]:
        document = copy.deepcopy(scenario_document(self.scenario))
        policy = document.setdefault("policy", {})
        policy["share"] = self.share
        if self.cap is None:
            policy.pop("cap", None)
        else:
            policy["cap"] = self.cap
        policy["lottery_share"] = self.lottery_share
        policy["tier_order"] = list(self.tier_order)
        policy["designated"] = list(self.designated)
        document.setdefault("seekers", {})["max_open_responses"] = self.response_limit
        document["months"] = self.months
        document["name"] = self.changed_name
        if self.start:
            document["start"] = self.start
        if self.baseline_rules:
            # The statutory limits of the start day for both policies: only the choices of
            # the form differ between them.
            policy["rules"] = self.baseline_rules
        return document

    def baseline_document(self) -> dict[str, Any]:
        """The scenario with the policy in force (``baseline_rules``): its designated
        buildings (those of the scenario), share, cap and tier order; the scenario's own
        lottery share and behaviour. Without ``baseline_rules``, the scenario as shipped."""
        document = copy.deepcopy(scenario_document(self.scenario))
        document["months"] = self.months
        document["name"] = self.scenario
        if self.start:
            document["start"] = self.start
        if not self.baseline_rules:
            return document
        policy = document.setdefault("policy", {})
        in_force = load_policy(self.baseline_rules, "baseline_rules")
        policy["rules"] = self.baseline_rules
        policy.pop("tier_order", None)  # the policy file's own order
        targeting = in_force.targeting
        names = {b.get("name") for b in document.get("buildings", [])}
        designated = sorted(targeting.buildings & names) if targeting else []
        policy["designated"] = designated
        policy["share"] = str(targeting.share) if targeting and designated else "0"
        if targeting and designated and targeting.cap is not None:
            policy["cap"] = targeting.cap
        else:
            policy.pop("cap", None)
        return document

    def check(self) -> None:
        """Refuse what the engine would refuse, naming the key, before anything is queued."""
        if self.engine not in ENGINES:
            raise InvalidInput("engine", f"must be one of {', '.join(ENGINES)}")
        if not 1 <= self.replications <= MAX_REPLICATIONS:
            raise InvalidInput("replications", f"must be between 1 and {MAX_REPLICATIONS}")
        if not 1 <= self.months <= MAX_MONTHS:
            raise InvalidInput("months", f"must be between 1 and {MAX_MONTHS}")
        if self.response_limit < 1:
            raise InvalidInput("seekers.max_open_responses", "must be at least 1")
        if self.cap is not None and self.cap < 0:
            raise InvalidInput("policy.cap", "must be 0 or more")
        if self.start:
            try:
                date.fromisoformat(self.start)
            except ValueError:
                raise InvalidInput("start", "must be a date (YYYY-MM-DD)") from None
        self.scenarios()

    def scenarios(self) -> list[Scenario]:
        """The scenarios to run: with ``compare``, the policy in force first, then the
        changed one (differences are changed minus in force)."""
        changed = scenario_from_mapping(self.changed_document(), name=self.changed_name)
        if not self.compare:
            return [changed]
        baseline = scenario_from_mapping(self.baseline_document(), name=self.scenario)
        return [baseline, changed]

    @property
    def changed_name(self) -> str:
        return f"{self.scenario}-changed" if self.compare else self.scenario

    @property
    def steps(self) -> int:
        return self.replications * (2 if self.compare else 1)

    @property
    def start_date(self) -> date | None:
        return date.fromisoformat(self.start) if self.start else None

    @property
    def share_fraction(self) -> Fraction:
        return Fraction(self.share)
