"""Writing a simulation run to a folder: tables as CSV and Parquet, charts as SVG and PNG
(each with the table of its numbers as CSV) and ``manifest.json`` listing them.

The charts are drawn in English (``chart_words.ENGLISH``) under ``charts/``, and again under
``charts/<language>/`` for each language whose words the caller gives; the manifest lists
each chart's drawings by language. The tables are data and stay as they are in every
language: the reader's program or page names their columns and values.

Charts are drawn with matplotlib's Agg and SVG back ends on ``Figure`` objects (no pyplot
state, so a web worker can draw in threads). They are deterministic: the SVG ids use a fixed
hash salt and no file carries a date, so the same run gives the same bytes."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

import matplotlib
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from voorrang.simulation.chart_words import ENGLISH, ChartWords
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
from voorrang.tick_labels import LocalisedTicks, month_axis, year_axis

CHART_STYLE = {
    "svg.hashsalt": "voorrang",
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.dpi": 100,
}


def folder_name(name: str) -> str:
    """A scenario's name as a safe folder name."""
    return re.sub(r"[^A-Za-z0-9._=,+-]+", "_", name).strip("._") or "scenario"


class Folder:
    """Writes files under a root and remembers their relative paths for the manifest."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: list[str] = []
        self.charts: list[dict[str, object]] = []
        self._chart_of_stem: dict[str, dict[str, object]] = {}
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
        language: str | None = None,
        **params: str,
    ) -> None:
        """Write a chart as SVG and PNG and its rows as CSV. ``key`` (with ``params``, the
        parts of the title that are data: a scope, a building, a scenario) names the kind of
        chart, so a reader can show the title in its own language; ``title`` is the title
        drawn in the images. With a ``language``, the chart drawn in that language: its
        images under ``charts/<language>/``, listed with the chart of the same ``stem``
        (drawn first, in English), whose table it shares."""
        folder = f"charts/{language}" if language else "charts"
        svg, png = f"{folder}/{stem}.svg", f"{folder}/{stem}.png"
        figure.suptitle(title)
        with matplotlib.rc_context(CHART_STYLE):
            figure.savefig(self.path(svg), format="svg", metadata={"Date": None})
            figure.savefig(self.path(png), format="png", metadata={"Software": None})
        if language:
            entry = self._chart_of_stem[stem]
            drawn = entry.setdefault("languages", {})
            assert isinstance(drawn, dict)
            drawn[language] = {"title": title, "svg": svg, "png": png}
            return
        table = self.csv(f"charts/{stem}.csv", rows)
        entry = {
            "key": key,
            "params": dict(params),
            "title": title,
            "svg": svg,
            "png": png,
            "table": table,
            "columns": list(dict.fromkeys(name for row in rows for name in row)),
        }
        self.charts.append(entry)
        self._chart_of_stem[stem] = entry


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
    languages: Mapping[str, ChartWords] | None = None,
) -> Path:
    """Write the run's tables, its charts in English and in each of ``languages`` (a
    language code and the words to draw), and its manifest; return the manifest's path."""
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
        _charts(folder, scenarios, runs, ENGLISH)
        for language, words in (languages or {}).items():
            _charts(folder, scenarios, runs, words, language)
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


def _localised(axis, words: ChartWords) -> None:
    axis.set_major_formatter(LocalisedTicks(decimal=words.decimal, thousands=words.thousands))


def _charts(
    folder: Folder,
    scenarios: Sequence[Scenario],
    runs: Sequence[Sequence[Replication]],
    words: ChartWords,
    language: str | None = None,
) -> None:
    """Every chart of the run, drawn with ``words``; under ``language`` when given."""
    styles = ["-", "--", ":", "-."]
    multi = len(scenarios) > 1
    designated = list(dict.fromkeys(b.name for s in scenarios for b in s.buildings if b.designated))

    def chart(key: str, stem: str, figure: Figure, table: list, **params: str) -> None:
        title = words.title(key, **params)
        folder.chart(key, title, stem, figure, table, language, **params)

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
                label = words.group(group)
                axes.step(
                    np.arange(BINS) * BIN_YEARS,
                    mean,
                    where="post",
                    color=f"C{c}",
                    linestyle=styles[i % len(styles)],
                    label=words.of_scenario(label, scenario.name) if multi else label,
                )
                drawn = True
        axes.set_xlabel(words.label("registration-time.x"))
        axes.set_ylabel(words.label("registration-time.y"))
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        _localised(axes.xaxis, words)
        _localised(axes.yaxis, words)
        if drawn:
            axes.legend(fontsize=8)
        chart(
            "registration-time",
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
                label=words.scenario(scenario.name),
                color=f"C{i}",
            )
        axes.set_xticks(
            np.arange(len(TIERS)) + width * (len(scenarios) - 1) / 2,
            [words.tier(tier) for tier in TIERS],
        )
        axes.set_ylabel(words.label("allocations-per-tier.y"))
        _localised(axes.yaxis, words)
        if multi:
            axes.legend(fontsize=8)
        chart(
            "allocations-per-tier",
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
    all_years: set[int] = set()
    for i, (scenario, reps) in enumerate(zip(scenarios, runs, strict=True)):
        years = sorted({y for r in reps for y in r.let_per_year})
        all_years.update(years)
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
            label=words.scenario(scenario.name),
            color=f"C{i}",
        )
    axes.set_ylabel(words.label("homes-let-per-year.y"))
    axes.set_xlabel(words.label("homes-let-per-year.x"))
    year_axis(axes.xaxis, sorted(all_years), offset=width * (len(scenarios) - 1) / 2)
    _localised(axes.yaxis, words)
    if multi:
        axes.legend(fontsize=8)
    chart("homes-let-per-year", "homes-let-per-year", figure, table)

    # Monthly series with bands: the register, and each designated building's make-up.
    def series_chart(
        key: str,
        stem: str,
        series: list[tuple[str, str]],
        ylabel: str,
        **params: str,
    ) -> None:
        figure = _figure()
        axes = figure.subplots()
        table = []
        first = last = None
        for i, (scenario, reps) in enumerate(zip(scenarios, runs, strict=True)):
            months = np.array(reps[0].months, dtype="datetime64[D]")
            if len(reps[0].months):
                first = first or date.fromisoformat(reps[0].months[0])
                last = max(last or first, date.fromisoformat(reps[0].months[-1]))
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
                    label=words.of_scenario(label, scenario.name) if multi else label,
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
        if first is not None and last is not None:
            month_axis(axes.xaxis, first, last, words.months)
        _localised(axes.yaxis, words)
        axes.legend(fontsize=8)
        chart(key, stem, figure, table, **params)

    series_chart(
        "register",
        "register",
        [
            ("seekers on the register", words.label("register.on-the-register")),
            ("seekers searching", words.label("register.searching")),
        ],
        words.label("register.y"),
    )
    for number, name in enumerate(designated, start=1):
        series_chart(
            "make-up",
            f"make-up-{number}",
            [
                (f"share of units with an urgent tenant, {name}", words.label("make-up.urgent")),
                (
                    f"share of units let through the targeted track, {name}",
                    words.label("make-up.targeted"),
                ),
            ],
            words.label("make-up.y"),
            building=name,
        )
        series_chart(
            "volunteers",
            f"volunteers-{number}",
            [(f"active volunteers, {name}", words.label("volunteers.active"))],
            words.label("volunteers.y"),
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
                    labels.append(
                        words.label(
                            "differences.row",
                            group=words.group(group),
                            scope=words.scope(scope),
                            scenario=words.scenario(scenario.name),
                        )
                    )
                    position += 1
        axes.axvline(0, color="0.5", linewidth=0.8)
        axes.set_yticks(range(len(labels)), labels, fontsize=8)
        axes.set_xlabel(words.label("differences.x"))
        _localised(axes.xaxis, words)
        chart("differences", "differences", figure, table, baseline=scenarios[0].name)
