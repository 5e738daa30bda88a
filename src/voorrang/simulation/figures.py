"""The figures of a simulation run, and their intervals over Monte Carlo replications.

A replication is reduced in the process that ran it to a ``Replication``: its scalar figures,
its monthly series, the distribution of registration time at allocation and the homes let per
calendar year. Only the first replication keeps its lettings (as a sample to inspect), so that
hundreds of replications travel cheaply between processes or cluster workers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from voorrang.simulation.engine import Lettings, Result
from voorrang.simulation.fast_rank import TIER_CODES, TIER_NAMES
from voorrang.simulation.months import add_months_capped_at_28

TIERS = ("commitment", "urgency", "local", "regular")
# Seekers by what they were let a home as: through the targeted track, as urgent, or in the
# usual order (the regular and local tiers).
GROUPS = ("regular", "urgent", "committed")
SCOPES = ("region", "designated buildings")
BIN_YEARS = 1.0
BINS = 30  # 0-1, 1-2, ..., 29 years and more
DAYS_A_YEAR = 365.25


@dataclass
class Replication:
    seed: int
    figures: dict[str, float]
    monthly: dict[str, list[float]]  # series name -> one value per month
    months: list[str]  # ISO date of the first of each month
    registration: dict[tuple[str, str], list[int]]  # (scope, group) -> lettings per bin
    let_per_year: dict[int, int]
    lettings: list[dict[str, object]] | None = field(default=None)


def _group_masks(lettings: Lettings) -> dict[str, np.ndarray]:
    tier = lettings.tier
    return {
        "all": np.ones(len(tier), dtype=bool),
        "regular": (tier == TIER_CODES["regular"]) | (tier == TIER_CODES["local"]),
        "urgent": tier == TIER_CODES["urgency"],
        "committed": tier == TIER_CODES["commitment"],
    }


def _mean(values: np.ndarray) -> float:
    return float(values.mean()) if len(values) else float("nan")


def _median(values: np.ndarray) -> float:
    return float(np.median(values)) if len(values) else float("nan")


def replication(result: Result, keep_lettings: bool = False) -> Replication:
    """One replication's figures, by name. Registration times are in years."""
    scenario = result.scenario
    lettings = result.lettings
    assert lettings is not None
    buildings = scenario.buildings
    designated = [i for i, b in enumerate(buildings) if b.designated]
    years = scenario.months / 12
    in_designated = np.isin(lettings.building, designated)
    reg_years = lettings.registration_days / DAYS_A_YEAR
    groups = _group_masks(lettings)
    figures: dict[str, float] = {
        "homes let per year": len(lettings) / years,
        "homes not let per year": result.unlet / years,
        "seekers on the register": float(np.mean(result.waiting)),
        "seekers searching": float(np.mean(result.searching)),
        "responses per home, region": _mean(lettings.responders),
    }
    month_years = np.array(
        [add_months_capped_at_28(scenario.start, m).year for m in range(scenario.months)],
        dtype=np.int64,
    )
    full_years = [y for y in result.responded_in_year if np.count_nonzero(month_years == y) == 12]
    if full_years:
        figures["active seekers a year (responded at least once)"] = float(
            np.mean([result.responded_in_year[y] for y in full_years])
        )
    for b, building in enumerate(buildings):
        here = lettings.building == b
        figures[f"responses per home, {building.name}"] = _mean(lettings.responders[here])
        figures[f"homes let per year, {building.name}"] = float(here.sum()) / years
    # Every policy has this figure (0 without designated buildings), so a run can always
    # compare it with the policy in force: the first figure of the run page's headline.
    figures["targeted lettings per year"] = float(np.count_nonzero(lettings.targeted)) / years
    in_order = ~lettings.lottery & (lettings.tier != TIER_CODES["urgency"])
    figures["mean registration years at allocation, registration order, without urgency"] = _mean(
        reg_years[in_order]
    )
    registration: dict[tuple[str, str], list[int]] = {}
    for scope, selected in (("region", np.ones(len(lettings), bool)), (SCOPES[1], in_designated)):
        if scope == SCOPES[1] and not designated:
            continue
        for group, mask in groups.items():
            chosen = reg_years[selected & mask]
            figures[f"mean registration years at allocation, {group}, {scope}"] = _mean(chosen)
            figures[f"median registration years at allocation, {group}, {scope}"] = _median(chosen)
            if group != "all":
                bins = np.minimum((chosen // BIN_YEARS).astype(np.int64), BINS - 1)
                registration[(scope, group)] = np.bincount(bins, minlength=BINS).tolist()
        for tier in TIERS:
            count = np.count_nonzero(selected & (lettings.tier == TIER_CODES[tier]))
            figures[f"allocations per year, {tier}, {scope}"] = count / years
    for b in designated:
        name = buildings[b].name
        here = lettings.building == b
        let_here = int(here.sum())
        figures[f"share of new tenants urgent, {name}"] = (
            float(np.count_nonzero(groups["urgent"] & here)) / let_here if let_here else np.nan
        )
        figures[f"share of new tenants committed, {name}"] = (
            float(np.count_nonzero(lettings.committed & here)) / let_here if let_here else np.nan
        )
        figures[f"targeted lettings, {name}"] = float(np.count_nonzero(lettings.targeted & here))
        figures[f"active volunteers at the end, {name}"] = float(result.volunteers[-1][name])
        figures[f"share of units with an urgent tenant at the end, {name}"] = result.share_urgent[
            -1
        ][name]
        figures[f"share of units let through the targeted track at the end, {name}"] = (
            result.share_committed[-1][name]
        )
    months = [
        add_months_capped_at_28(scenario.start, m).replace(day=1).isoformat()
        for m in range(scenario.months)
    ]
    monthly: dict[str, list[float]] = {
        "seekers on the register": [float(x) for x in result.waiting],
        "seekers searching": [float(x) for x in result.searching],
        "registrations": [float(x) for x in result.arrivals],
        "homes let": np.bincount(lettings.month, minlength=scenario.months).astype(float).tolist(),
    }
    for b in designated:
        name = buildings[b].name
        monthly[f"active volunteers, {name}"] = [float(v[name]) for v in result.volunteers]
        monthly[f"share of units with an urgent tenant, {name}"] = [
            v[name] for v in result.share_urgent
        ]
        monthly[f"share of units let through the targeted track, {name}"] = [
            v[name] for v in result.share_committed
        ]
    let_per_year: dict[int, int] = {}
    years_of = month_years[lettings.month]  # a home closes in the month it was offered
    for year in np.unique(month_years).tolist():
        let_per_year[year] = int(np.count_nonzero(years_of == year))
    sample = None
    if keep_lettings:
        names = [b.name for b in buildings]
        sample = [
            {
                "month": months[int(lettings.month[i])],
                "closes_on": date.fromordinal(int(lettings.day[i])).isoformat(),
                "building": names[int(lettings.building[i])],
                "vacancy": f"V-{int(lettings.vacancy[i])}",
                "targeted": bool(lettings.targeted[i]),
                "lottery": bool(lettings.lottery[i]),
                "responders": int(lettings.responders[i]),
                "seeker": f"S-{int(lettings.seeker[i])}",
                "tier": TIER_NAMES[int(lettings.tier[i])],
                "registration_years": round(float(reg_years[i]), 3),
                "committed": bool(lettings.committed[i]),
            }
            for i in range(len(lettings))
        ]
    return Replication(
        seed=result.seed,
        figures=figures,
        monthly=monthly,
        months=months,
        registration=registration,
        let_per_year=let_per_year,
        lettings=sample,
    )


def run_figures(result: Result) -> dict[str, float]:
    return replication(result).figures


@dataclass(frozen=True)
class Summary:
    name: str
    mean: float
    low: float  # 2.5th percentile over replications
    high: float  # 97.5th percentile
    replications: int


def interval(values: Sequence[float]) -> tuple[float, float, float, int]:
    """Mean and the 2.5th and 97.5th percentiles over replications (NaN left out)."""
    array = np.asarray(values, dtype=float)
    array = array[~np.isnan(array)]
    if not len(array):
        return float("nan"), float("nan"), float("nan"), 0
    low, high = np.percentile(array, [2.5, 97.5])
    return float(array.mean()), float(low), float(high), len(array)


def summarise(runs: Sequence[dict[str, float]]) -> list[Summary]:
    names = list(dict.fromkeys(name for run in runs for name in run))
    return [Summary(name, *interval([run.get(name, np.nan) for run in runs])) for name in names]


def compare(a: Sequence[dict[str, float]], b: Sequence[dict[str, float]]) -> list[Summary]:
    """B minus A per figure, paired by replication (the same seeds), with intervals."""
    pairs = [
        {k: run_b[k] - run_a[k] for k in run_a if k in run_b}
        for run_a, run_b in zip(a, b, strict=True)
    ]
    return summarise(pairs)


def summary_rows(summaries: Sequence[Summary]) -> list[dict[str, object]]:
    return [
        {
            "figure": s.name,
            "mean": s.mean,
            "low_2.5": s.low,
            "high_97.5": s.high,
            "replications": s.replications,
        }
        for s in summaries
    ]
