"""``voorrang simulate``: run a scenario file (or compare two) and write figures as CSV."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from voorrang.rules import RulesError
from voorrang.simulation.figures import compare, monthly_series, summarise, summary_rows, write_csv
from voorrang.simulation.model import load_scenario
from voorrang.simulation.runner import replicate

SHIPPED = Path(__file__).parent / "scenarios"


def shipped_names() -> list[str]:
    return sorted(p.stem for p in SHIPPED.glob("*.toml")) if SHIPPED.is_dir() else []


def _path(name: str) -> Path:
    path = Path(name)
    if not path.exists() and (SHIPPED / f"{name}.toml").exists():
        return SHIPPED / f"{name}.toml"
    return path


def _progress(label: str):
    def show(done: int, total: int) -> None:
        width = 30
        filled = width * done // total
        bar = "#" * filled + "-" * (width - filled)
        end = "\n" if done == total or not sys.stderr.isatty() else "\r"
        print(f"{label} [{bar}] {done}/{total}", end=end, file=sys.stderr, flush=True)

    return show


def run(args: argparse.Namespace) -> int:
    if args.replications < 1:
        print("voorrang simulate: --replications: must be at least 1", file=sys.stderr)
        return 2
    names = args.compare or ([args.scenario] if args.scenario else [])
    if not names or (args.compare and args.scenario):
        print(
            "voorrang simulate: give one SCENARIO.toml, or --compare A.toml B.toml", file=sys.stderr
        )
        return 2
    try:
        scenarios = [load_scenario(_path(name)) for name in names]
    except FileNotFoundError as exc:
        print(f"voorrang simulate: {exc.filename}: no such file", file=sys.stderr)
        return 2
    except RulesError as exc:
        print(f"voorrang simulate: invalid scenario: {exc.message}", file=sys.stderr)
        return 2
    out = Path(args.out)
    runs = []
    for scenario in scenarios:
        figures, results = replicate(
            scenario, args.replications, args.engine, args.seed, progress=_progress(scenario.name)
        )
        runs.append(figures)
        folder = out / scenario.name
        write_csv(folder / "figures.csv", summary_rows(summarise(figures)))
        write_csv(folder / "monthly.csv", monthly_series(results[0]))
        write_csv(
            folder / "lettings.csv",
            [
                {"replication": i, **letting.__dict__}
                for i, result in enumerate(results)
                for letting in result.lettings
            ],
        )
    if args.compare:
        write_csv(out / "comparison.csv", summary_rows(compare(runs[0], runs[1])))
    print(f"written to {out}/", file=sys.stderr)
    return 0
