"""Writing a simulation run to a folder: tables as CSV and Parquet, charts as SVG and PNG
(each with the table of its numbers as CSV) and ``manifest.json`` listing them.

Charts are drawn with matplotlib's Agg and SVG back ends on ``Figure`` objects (no pyplot
state, so a web worker can draw in threads). They are deterministic: the SVG ids use a fixed
hash salt and no file carries a date, so the same run gives the same bytes."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Sequence
from pathlib import Path

import matplotlib
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from matplotlib.figure import Figure

from voorrang.simulation.figures import (
    BIN_YEARS,
    BINS,
    GROUPS,
    SCOPES,
    TIERS,
    Replication,
    compare,
    interval,
    summarise,
    summary_rows,
)
from voorrang.simulation.model import Scenario

CHART_STYLE = {
    "svg.hashsalt": "voorrang",
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.dpi": 100,
}
GROUP_LABELS = {"regular": "regular", "urgent": "urgent", "committed": "committed (targeted)"}


def folder_name(name: str) -> str:
    """A scenario's name as a safe folder name."""
    return re.sub(r"[^A-Za-z0-9._=,+-]+", "_", name).strip("._") or "scenario"


class Folder:
    """Writes files under a root and remembers their relative paths for the manifest."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: list[str] = []
        self.charts: list[dict[str, str]] = []
        root.mkdir(parents=True, exist_ok=True)

    def path(self, relative: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        self.files.append(relative)
        return path

    def csv(self, relative: str, rows: Sequence[dict[str, object]]) -> str:
        fields = list(dict.fromkeys(key for row in rows for key in row))
        with self.path(relative).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields)
            writer.writeheader()
            writer.writerows(rows)
        return relative

    def table(self, stem: str, rows: Sequence[dict[str, object]]) -> None:
        """The same rows as ``stem.csv`` and ``stem.parquet``."""
        self.csv(f"{stem}.csv", rows)
        if rows:
            columns = list(dict.fromkeys(key for row in rows for key in row))
            table = pa.table({key: [row.get(key) for row in rows] for key in columns})
        else:
            table = pa.table({})
        pq.write_table(table, self.path(f"{stem}.parquet"))

    def chart(
        self,
        key: str,
        title: str,
        stem: str,
        figure: Figure,
        rows: Sequence[dict[str, object]],
        **params: str,
    ) -> None:
        """Write a chart as SVG and PNG and its rows as CSV. ``key`` (with ``params``, the
        parts of the title that are data: a scope, a building, a scenario) names the kind of
        chart, so a reader can show the title in its own language; ``title`` is the English
        title drawn in the images."""
        svg, png = f"charts/{stem}.svg", f"charts/{stem}.png"
        figure.suptitle(title)
        with matplotlib.rc_context(CHART_STYLE):
            figure.savefig(self.path(svg), format="svg", metadata={"Date": None})
            figure.savefig(self.path(png), format="png", metadata={"Software": None})
        table = self.csv(f"charts/{stem}.csv", rows)
        self.charts.append(
            {
                "key": key,
                "params": dict(params),
                "title": title,
                "svg": svg,
                "png": png,
                "table": table,
                "columns": list(dict.fromkeys(name for row in rows for name in row)),
            }
        )


def _figure(width: float = 8, height: float = 4.5) -> Figure:
    with matplotlib.rc_context(CHART_STYLE):
        return Figure(figsize=(width, height), layout="constrained")


def _row(**values: object) -> dict[str, object]:
    return values


def _interval_row(values: Sequence[float]) -> dict[str, object]:
    mean, low, high, count = interval(values)
    return {"mean": mean, "low_2.5": low, "high_97.5": high, "replications": count}


def write_folder(
    root: Path,
    scenarios: Sequence[Scenario],
    runs: Sequence[Sequence[Replication]],
    *,
    replications: int,
    engine: str,
    base_seed: int,
) -> Path:
    folder = Folder(root)
    names = [s.name for s in scenarios]
    for scenario, reps in zip(scenarios, runs, strict=True):
        _scenario_tables(folder, folder_name(scenario.name), scenario, reps)
    if len(scenarios) > 1:
        rows = []
        for scenario, reps in zip(scenarios[1:], runs[1:], strict=True):
            for s in compare([r.figures for r in runs[0]], [r.figures for r in reps]):
                rows.append({"scenario": scenario.name, "minus": names[0], **summary_rows([s])[0]})
        folder.table("comparison", rows)
    with matplotlib.rc_context(CHART_STYLE):
        _charts(folder, scenarios, runs)
    manifest = {
        "scenarios": names,
        "replications": replications,
        "engine": engine,
        "base_seed": base_seed,
        "charts": folder.charts,
        "files": sorted(set(folder.files) | {"manifest.json"}),
    }
    path = root / "manifest.json"
    path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def _scenario_tables(
    folder: Folder, stem: str, scenario: Scenario, reps: Sequence[Replication]
) -> None:
    folder.table(f"{stem}/figures", summary_rows(summarise([r.figures for r in reps])))
    folder.table(
        f"{stem}/replications",
        [
            {"replication": i + 1, "seed": r.seed, "figure": name, "value": value}
            for i, r in enumerate(reps)
            for name, value in r.figures.items()
        ],
    )
    months = reps[0].months
    series = list(dict.fromkeys(name for r in reps for name in r.monthly))
    folder.table(
        f"{stem}/monthly",
        [
            {"month": month, "series": name, **_interval_row([r.monthly[name][m] for r in reps])}
            for name in series
            for m, month in enumerate(months)
        ],
    )
    folder.table(f"{stem}/registration-time", _registration_rows(scenario.name, reps)[1])
    years = sorted({y for r in reps for y in r.let_per_year})
    folder.table(
        f"{stem}/homes-let-per-year",
        [
            {"year": year, **_interval_row([r.let_per_year.get(year, 0) for r in reps])}
            for year in years
        ],
    )
    if reps[0].lettings is not None:
        folder.table(f"{stem}/lettings-replication-1", reps[0].lettings)


def _registration_rows(name: str, reps: Sequence[Replication]):
    """Share of each group's lettings per bin of registration years, with intervals."""
    shares: dict[tuple[str, str], np.ndarray] = {}
    rows = []
    for key in dict.fromkeys(k for r in reps for k in r.registration):
        counts = np.array([r.registration.get(key, [0] * BINS) for r in reps], dtype=float)
        totals = counts.sum(axis=1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            share = np.where(totals > 0, counts / totals, np.nan)
        shares[key] = share
        scope, group = key
        for b in range(BINS):
            low = b * BIN_YEARS
            rows.append(
                {
                    "scenario": name,
                    "scope": scope,
                    "group": group,
                    "years_from": low,
                    "years_to": None if b == BINS - 1 else low + BIN_YEARS,
                    "lettings_per_replication": float(counts[:, b].mean()),
                    **{
                        ("share_" + k if k != "replications" else k): v
                        for k, v in _interval_row(share[:, b].tolist()).items()
                    },
                }
            )
    return shares, rows


def _charts(
    folder: Folder, scenarios: Sequence[Scenario], runs: Sequence[Sequence[Replication]]
) -> None:
    styles = ["-", "--", ":", "-."]
    multi = len(scenarios) > 1
    designated = list(dict.fromkeys(b.name for s in scenarios for b in s.buildings if b.designated))

    # Registration time at allocation, region and designated buildings.
    for scope in SCOPES:
        if scope == SCOPES[1] and not designated:
            continue
        figure = _figure()
        axes = figure.subplots()
        table = []
        drawn = False
        for i, (scenario, reps) in enumerate(zip(scenarios, runs, strict=True)):
            shares, rows = _registration_rows(scenario.name, reps)
            table += [row for row in rows if row["scope"] == scope]
            for c, group in enumerate(GROUPS):
                share = shares.get((scope, group))
                if share is None or np.isnan(share).all():
                    continue
                mean = np.nanmean(share, axis=0)
                label = GROUP_LABELS[group] + (f" - {scenario.name}" if multi else "")
                axes.step(
                    np.arange(BINS) * BIN_YEARS,
                    mean,
                    where="post",
                    color=f"C{c}",
                    linestyle=styles[i % len(styles)],
                    label=label,
                )
                drawn = True
        axes.set_xlabel("registration time at allocation (years; last bin: 29 and more)")
        axes.set_ylabel("share of the group's lettings")
        if drawn:
            axes.legend(fontsize=8)
        folder.chart(
            "registration-time",
            f"Registration time at allocation, {scope}",
            f"registration-time-{scope.replace(' ', '-')}",
            figure,
            table,
            scope=scope,
        )

    # Allocations per year by tier.
    for scope in SCOPES:
        if scope == SCOPES[1] and not designated:
            continue
        figure = _figure()
        axes = figure.subplots()
        table = []
        width = 0.8 / len(scenarios)
        for i, (scenario, reps) in enumerate(zip(scenarios, runs, strict=True)):
            means, errors = [], [[], []]
            for tier in TIERS:
                values = [r.figures.get(f"allocations per year, {tier}, {scope}", 0) for r in reps]
                row = _interval_row(values)
                table.append({"scenario": scenario.name, "scope": scope, "tier": tier, **row})
                means.append(row["mean"])
                errors[0].append(max(0.0, row["mean"] - row["low_2.5"]))
                errors[1].append(max(0.0, row["high_97.5"] - row["mean"]))
            axes.bar(
                np.arange(len(TIERS)) + i * width,
                means,
                width,
                yerr=errors,
                capsize=3,
                label=scenario.name,
                color=f"C{i}",
            )
        axes.set_xticks(np.arange(len(TIERS)) + width * (len(scenarios) - 1) / 2, TIERS)
        axes.set_ylabel("homes let a year (mean, 95% interval)")
        if multi:
            axes.legend(fontsize=8)
        folder.chart(
            "allocations-per-tier",
            f"Allocations per tier, {scope}",
            f"allocations-per-tier-{scope.replace(' ', '-')}",
            figure,
            table,
            scope=scope,
        )

    # Homes let per calendar year.
    figure = _figure()
    axes = figure.subplots()
    table = []
    width = 0.8 / len(scenarios)
    for i, (scenario, reps) in enumerate(zip(scenarios, runs, strict=True)):
        years = sorted({y for r in reps for y in r.let_per_year})
        rows = [
            {
                "scenario": scenario.name,
                "year": y,
                **_interval_row([r.let_per_year.get(y, 0) for r in reps]),
            }
            for y in years
        ]
        table += rows
        axes.bar(
            np.array(years) + i * width,
            [r["mean"] for r in rows],
            width,
            yerr=[
                [max(0.0, r["mean"] - r["low_2.5"]) for r in rows],
                [max(0.0, r["high_97.5"] - r["mean"]) for r in rows],
            ],
            capsize=3,
            label=scenario.name,
            color=f"C{i}",
        )
    axes.set_ylabel("homes let (mean, 95% interval)")
    axes.set_xlabel("calendar year (first and last may be partial)")
    if multi:
        axes.legend(fontsize=8)
    folder.chart("homes-let-per-year", "Homes let per year", "homes-let-per-year", figure, table)

    # Monthly series with bands: the register, and each designated building's make-up.
    def series_chart(
        key: str,
        title: str,
        stem: str,
        series: list[tuple[str, str]],
        ylabel: str,
        **params: str,
    ) -> None:
        figure = _figure()
        axes = figure.subplots()
        table = []
        for i, (scenario, reps) in enumerate(zip(scenarios, runs, strict=True)):
            months = np.array(reps[0].months, dtype="datetime64[D]")
            for c, (name, label) in enumerate(series):
                if name not in reps[0].monthly:
                    continue
                values = np.array([r.monthly[name] for r in reps], dtype=float)
                mean = values.mean(axis=0)
                low, high = np.percentile(values, [2.5, 97.5], axis=0)
                axes.plot(
                    months,
                    mean,
                    color=f"C{c}",
                    linestyle=styles[i % len(styles)],
                    label=label + (f" - {scenario.name}" if multi else ""),
                )
                if len(reps) > 1:
                    axes.fill_between(months, low, high, color=f"C{c}", alpha=0.15, linewidth=0)
                for m, month in enumerate(reps[0].months):
                    table.append(
                        {
                            "scenario": scenario.name,
                            "month": month,
                            "series": name,
                            "mean": float(mean[m]),
                            "low_2.5": float(low[m]),
                            "high_97.5": float(high[m]),
                        }
                    )
        axes.set_ylabel(ylabel)
        axes.legend(fontsize=8)
        folder.chart(key, title, stem, figure, table, **params)

    series_chart(
        "register",
        "Seekers on the register",
        "register",
        [("seekers on the register", "on the register"), ("seekers searching", "searching")],
        "seekers (mean, 95% band)",
    )
    for number, name in enumerate(designated, start=1):
        series_chart(
            "make-up",
            f"Make-up of {name}",
            f"make-up-{number}",
            [
                (f"share of units with an urgent tenant, {name}", "units let to urgent seekers"),
                (
                    f"share of units let through the targeted track, {name}",
                    "units let through the targeted track",
                ),
            ],
            "share of the building's units (mean, 95% band)",
            building=name,
        )
        series_chart(
            "volunteers",
            f"Active volunteers in {name}",
            f"volunteers-{number}",
            [(f"active volunteers, {name}", "active volunteers")],
            "volunteers (mean, 95% band)",
            building=name,
        )

    # Paired differences from the first scenario, for the registration times (one unit).
    if multi:
        figure = _figure(8, 5)
        axes = figure.subplots()
        table = []
        labels = []
        position = 0
        for i, (scenario, reps) in enumerate(zip(scenarios[1:], runs[1:], strict=True), start=1):
            diffs = {
                s.name: s for s in compare([r.figures for r in runs[0]], [r.figures for r in reps])
            }
            for scope in SCOPES:
                for group in GROUPS:
                    key = f"mean registration years at allocation, {group}, {scope}"
                    s = diffs.get(key)
                    if s is None or s.replications == 0:
                        continue
                    table.append(
                        {
                            "scenario": scenario.name,
                            "minus": scenarios[0].name,
                            **summary_rows([s])[0],
                        }
                    )
                    axes.errorbar(
                        [s.mean],
                        [position],
                        xerr=[[max(0.0, s.mean - s.low)], [max(0.0, s.high - s.mean)]],
                        fmt="o",
                        color=f"C{i}",
                        capsize=3,
                    )
                    labels.append(f"{GROUP_LABELS[group]}, {scope} - {scenario.name}")
                    position += 1
        axes.axvline(0, color="0.5", linewidth=0.8)
        axes.set_yticks(range(len(labels)), labels, fontsize=8)
        axes.set_xlabel(
            "difference in mean registration years at allocation (paired, 95% interval)"
        )
        folder.chart(
            "differences",
            f"Registration time: differences from {scenarios[0].name}",
            "differences",
            figure,
            table,
            baseline=scenarios[0].name,
        )
