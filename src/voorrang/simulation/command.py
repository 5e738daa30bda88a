"""``voorrang simulate``: run a scenario file (or compare several, or sweep a grid of values)
and write figures, tables and charts to a folder (see ``runner.run_to_folder``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from voorrang.rules import RulesError
from voorrang.simulation.model import load_scenario, read_mapping
from voorrang.simulation.runner import run_sweep, run_to_folder, sweep_value

SHIPPED = Path(__file__).parent / "scenarios"


def shipped_names() -> list[str]:
    return sorted(p.stem for p in SHIPPED.glob("*.toml")) if SHIPPED.is_dir() else []


def scenario_path(name: str) -> Path:
    """A path as given, or a shipped scenario's file when only its name is given."""
    path = Path(name)
    if not path.exists() and (SHIPPED / f"{name}.toml").exists():
        return SHIPPED / f"{name}.toml"
    return path


def progress_bar(label: str):
    def show(done: int, total: int) -> None:
        width = 30
        filled = width * done // total
        bar = "#" * filled + "-" * (width - filled)
        end = "\n" if done == total or not sys.stderr.isatty() else "\r"
        print(f"{label} [{bar}] {done}/{total}", end=end, file=sys.stderr, flush=True)

    return show


def parse_sweep(texts: list[str]) -> list[tuple[str, list[object]]]:
    grid = []
    for text in texts:
        key, equals, values = text.partition("=")
        if not equals or not key.strip() or not values.strip():
            raise ValueError(f"--sweep {text!r}: write KEY=VALUE,VALUE (e.g. policy.share=1/4,1/2)")
        grid.append((key.strip(), [sweep_value(v) for v in values.split(",")]))
    return grid


def _fail(message: str) -> int:
    print(f"voorrang simulate: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    if args.replications < 1:
        return _fail("--replications: must be at least 1")
    if args.workers is not None and args.workers < 1:
        return _fail("--workers: must be at least 1")
    names = args.compare or ([args.scenario] if args.scenario else [])
    if not names or (args.compare and args.scenario):
        return _fail("give one SCENARIO.toml, or --compare A.toml B.toml ...")
    if args.sweep and args.compare:
        return _fail("--sweep works on one SCENARIO.toml, not with --compare")
    try:
        grid = parse_sweep(args.sweep or [])
    except ValueError as exc:
        return _fail(str(exc))
    out = Path(args.out)
    cluster = args.cluster
    try:
        if grid:
            path = scenario_path(names[0])
            mapping = read_mapping(path)
            manifest = run_sweep(
                mapping,
                name=str(mapping.get("name", path.stem)),
                grid=grid,
                out=out,
                replications=args.replications,
                engine=args.engine,
                base_seed=args.seed,
                workers=args.workers,
                progress=progress_bar("sweep"),
                cluster=cluster,
            )
        else:
            scenarios = [load_scenario(scenario_path(name)) for name in names]
            if len({s.name for s in scenarios}) != len(scenarios):
                return _fail("the compared scenarios must have different names (key 'name')")
            label = scenarios[0].name if len(scenarios) == 1 else "compare"
            manifest = run_to_folder(
                scenarios,
                out=out,
                replications=args.replications,
                engine=args.engine,
                base_seed=args.seed,
                workers=args.workers,
                progress=progress_bar(label),
                cluster=cluster,
            )
    except FileNotFoundError as exc:
        return _fail(f"{exc.filename}: no such file")
    except RulesError as exc:
        return _fail(f"invalid scenario: {exc.message}")
    except ValueError as exc:  # e.g. a sweep value given twice: two points with one name
        return _fail(str(exc))
    except OSError as exc:
        if cluster:
            return _fail(f"--cluster {cluster}: cannot reach the Dask scheduler ({exc})")
        raise
    print(f"written to {out}/ (list: {manifest})", file=sys.stderr)
    return 0
