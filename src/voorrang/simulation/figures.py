"""The figures of a simulation run, and their intervals over Monte Carlo replications."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from voorrang.simulation.engine import Result

TIERS = ("commitment", "urgency", "local", "regular")


def run_figures(result: Result) -> dict[str, float]:
    """One replication's figures, by name. Registration times are in years."""
    lettings = result.lettings
    designated = {b.name for b in result.scenario.buildings if b.designated}
    years = max(result.scenario.months / 12, 1e-9)
    figures: dict[str, float] = {
        "homes let per year": len(lettings) / years,
        "homes not let (no candidate accepted)": float(result.unlet),
        "seekers waiting at the end": float(result.waiting[-1]) if result.waiting else 0.0,
        "responses per home (eligible)": _mean(letting.responders for letting in lettings),
    }
    for scope, selected in (
        ("region", lettings),
        ("designated buildings", [x for x in lettings if x.building in designated]),
    ):
        for tier in (None, *TIERS):
            chosen = [x for x in selected if tier is None or x.tier == tier]
            label = "all" if tier is None else tier
            reg_years = [x.registration_days / 365.25 for x in chosen]
            figures[f"registration years at allocation, median, {label}, {scope}"] = _median(
                reg_years
            )
            if tier is not None:
                figures[f"allocations per year, {tier}, {scope}"] = len(chosen) / years
    for name in sorted(designated):
        let_here = [x for x in lettings if x.building == name]
        figures[f"share of new tenants urgent, {name}"] = _share(
            x.tier == "urgency" for x in let_here
        )
        figures[f"share of new tenants committed, {name}"] = _share(x.committed for x in let_here)
        figures[f"targeted lettings, {name}"] = float(sum(x.targeted for x in let_here))
        figures[f"active volunteers at the end, {name}"] = float(
            result.volunteers[-1].get(name, 0) if result.volunteers else 0
        )
    return figures


def _mean(values: Iterable[float]) -> float:
    values = list(values)
    return float(np.mean(values)) if values else float("nan")


def _median(values: Sequence[float]) -> float:
    return float(np.median(values)) if values else float("nan")


def _share(flags: Iterable[bool]) -> float:
    flags = list(flags)
    return sum(flags) / len(flags) if flags else float("nan")


@dataclass(frozen=True)
class Summary:
    name: str
    mean: float
    low: float  # 2.5th percentile over replications
    high: float  # 97.5th percentile
    replications: int


def summarise(runs: Sequence[dict[str, float]]) -> list[Summary]:
    names = list(dict.fromkeys(name for run in runs for name in run))
    summaries = []
    for name in names:
        values = np.array([run.get(name, np.nan) for run in runs], dtype=float)
        values = values[~np.isnan(values)]
        if len(values) == 0:
            summaries.append(Summary(name, float("nan"), float("nan"), float("nan"), 0))
            continue
        low, high = np.percentile(values, [2.5, 97.5])
        summaries.append(Summary(name, float(values.mean()), float(low), float(high), len(values)))
    return summaries


def compare(a: Sequence[dict[str, float]], b: Sequence[dict[str, float]]) -> list[Summary]:
    """B minus A per figure, paired by replication (the same seeds), with intervals."""
    pairs = [
        {k: run_b[k] - run_a[k] for k in run_a if k in run_b}
        for run_a, run_b in zip(a, b, strict=True)
    ]
    return summarise(pairs)


def monthly_series(result: Result) -> list[dict[str, object]]:
    start = result.scenario.start
    rows = []
    for month, waiting in enumerate(result.waiting):
        row: dict[str, object] = {
            "month": date(
                start.year + (start.month - 1 + month) // 12, (start.month - 1 + month) % 12 + 1, 1
            ).isoformat(),
            "arrivals": result.arrivals[month],
            "waiting": waiting,
        }
        for name, count in result.volunteers[month].items():
            row[f"active volunteers, {name}"] = count
        rows.append(row)
    return rows


def write_csv(path: Path, rows: Sequence[dict[str, object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fields = list(dict.fromkeys(key for row in rows for key in row))
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


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
