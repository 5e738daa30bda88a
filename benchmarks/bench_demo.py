"""Wall-clock time of generating the demo: ``voorrang demo --no-serve`` on an empty SQLite
database in a temporary data folder, as a user runs it (start-up and migrations included).

Run: ``uv run python benchmarks/bench_demo.py [--seed N] [--scale S] [--repeat K]``.
Prints the time of each run, the generation time the command reports and what it generated.
Target: under 90 s for the full demo (scale 1) on SQLite."""

from __future__ import annotations

import argparse
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

VOORRANG = str(Path(sys.executable).with_name("voorrang"))
TARGET_SECONDS = 90.0
GENERATED = re.compile(r"^Generated in .*$", re.MULTILINE)
TARGETED = re.compile(r"\((\d+) targeted allocations in the L-flat up to 30 September 2023\)")


def one_run(seed: int, scale: float) -> tuple[float, str]:
    with tempfile.TemporaryDirectory(prefix="voorrang-bench-demo-") as folder:
        environment = {
            name: value
            for name, value in os.environ.items()
            if not name.startswith(("VOORRANG_", "DATABASE_URL", "DJANGO_"))
        }
        environment["VOORRANG_DATA_DIR"] = folder
        arguments = [VOORRANG, "demo", "--no-serve", "--seed", str(seed), "--scale", str(scale)]
        # A known password keeps the generated ones out of this program's memory and output.
        arguments += ["--demo-password", secrets.token_urlsafe(18)]
        started = time.perf_counter()
        result = subprocess.run(
            arguments, cwd=folder, env=environment, capture_output=True, text=True, check=False
        )
        seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"voorrang demo failed ({result.returncode}):\n{result.stderr}")
    line = GENERATED.search(result.stdout)
    return seconds, line.group(0) if line else "(no summary line)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    times = []
    for i in range(max(1, args.repeat)):
        seconds, summary = one_run(args.seed, args.scale)
        times.append(seconds)
        print(f"run {i + 1}: {seconds:.1f} s (whole command)  {summary}")
    best, median = min(times), statistics.median(times)
    verdict = "within" if median < TARGET_SECONDS else "ABOVE"
    print(
        f"demo at scale {args.scale}, seed {args.seed}: best {best:.1f} s, median {median:.1f} s "
        f"({verdict} the target of {TARGET_SECONDS:.0f} s)"
    )
    match = TARGETED.search(summary)
    if match:
        print(f"targeted allocations in the L-flat up to 30 September 2023: {match.group(1)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
