"""Wall-clock time of ``voorrang rank``: a generated 100,000-candidate scenario and a small example.

Run: ``uv run python benchmarks/bench_rank.py [--candidates N] [--repeat K]``.
Times the installed console script as a user runs it (start-up included), K times each,
and prints the best and the median. Targets: under 2 s for 100,000 candidates and
under 0.25 s for a small example."""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "tests" / "data" / "scenarios" / "rank" / "targeted_commitment_above_urgency.json"


def generate(count: int, seed: int = 2026) -> dict:
    rnd = random.Random(seed)
    closes_on = date(2026, 3, 15)
    candidates = []
    for i in range(count):
        doc = {
            "id": f"S-{100000 + i}",
            "registered_on": (date(1995, 1, 1) + timedelta(days=rnd.randrange(11_000))).isoformat(),
            "birth_date": (date(1940, 1, 1) + timedelta(days=rnd.randrange(24_000))).isoformat(),
            "household_size": rnd.randint(1, 6),
            "income": rnd.randrange(12_000, 70_000),
            "responded_on": (closes_on - timedelta(days=rnd.randrange(-2, 14))).isoformat(),
        }
        if rnd.random() < 0.05:
            doc["urgency"] = {"valid_from": "2025-11-01", "valid_until": "2026-11-01"}
        if rnd.random() < 0.02:
            doc["commitment"] = {
                "status": rnd.choice(["pending", "approved"]),
                "building": "L-flat",
                "valid_until": "2026-12-31",
            }
        if rnd.random() < 0.4:
            doc["local_tie"] = True
        candidates.append(doc)
    return {
        "policy": "zeist-2026",
        "vacancy": {
            "id": "V-2026-0042",
            "building": "L-flat",
            "unit": {"rooms": 3, "rent": "712.40", "min_household": 1, "max_household": 4},
            "labels": ["targeted", "local"],
            "ordering": "registration",
            "closes_on": closes_on.isoformat(),
            "seed": "8f14e45fceea167a5a36dedd4bea2543",
        },
        "candidates": candidates,
    }


def timed(command: list[str], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return times


def report(name: str, times: list[float], target: float) -> None:
    best, median = min(times), statistics.median(times)
    verdict = "within" if median < target else "OVER"
    print(f"{name:<44} best {best:6.3f} s  median {median:6.3f} s  ({verdict} target {target} s)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    script = shutil.which("voorrang") or str(Path(sys.executable).with_name("voorrang"))
    with tempfile.TemporaryDirectory() as folder:
        big = Path(folder) / "big.json"
        big.write_text(json.dumps(generate(args.candidates)), encoding="utf-8")
        size = big.stat().st_size / 1e6
        print(
            f"scenario: {args.candidates:,} candidates, {size:.1f} MB; command: {script} rank FILE"
        )
        report(
            f"rank, {args.candidates:,} candidates",
            timed([script, "rank", str(big)], args.repeat),
            2.0,
        )
        report("rank, small example", timed([script, "rank", str(SMALL)], args.repeat * 4), 0.25)
        uv = shutil.which("uv")
        if uv:
            report(
                "uv run voorrang rank, small example",
                timed([uv, "run", "--frozen", "voorrang", "rank", str(SMALL)], args.repeat),
                0.25,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
