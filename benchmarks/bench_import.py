"""Wall-clock time of importing 50,000 seekers from CSV: ``voorrang import seekers FILE``
on an empty, migrated database, as a user runs it (start-up included, migrations not, with
Python's bytecode written once as an installation has it), on
SQLite and on PostgreSQL; then the same file again (every row unchanged, the re-import).

Run: ``uv run python benchmarks/bench_import.py [--rows N] [--postgres URL] [--no-postgres]``.
PostgreSQL: a database ``vr_bench_import`` is created on the server of ``--postgres`` (default
``postgres://postgres@127.0.0.1:5432/postgres``) and dropped afterwards.
Target: under 60 s for 50,000 seekers on each database."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

VOORRANG = str(Path(sys.executable).with_name("voorrang"))
TARGET_SECONDS = 60.0
BENCH_DATABASE = "vr_bench_import"


def write_csv(path: Path, rows: int) -> None:
    rng = random.Random(2021)
    first = ["Anna", "Bram", "Chantal", "Daan", "Eva", "Fatima", "Gijs", "Hanna", "Ilias", "Jet"]
    last = ["de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "El Amrani", "Yilmaz"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(
            [
                "source_id",
                "registered_on",
                "first_name",
                "last_name",
                "birth_date",
                "income",
                "street",
                "number",
                "postcode",
                "town",
                "local_tie",
            ]
        )
        for i in range(rows):
            registered = dt.date(2000, 1, 1) + dt.timedelta(days=rng.randrange(9000))
            born = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(23000))
            writer.writerow(
                [
                    f"P-{i:06d}",
                    registered.isoformat(),
                    rng.choice(first),
                    rng.choice(last),
                    born.isoformat(),
                    f"{rng.randrange(15000, 60000)},00",
                    "Laan van Vollenhove",
                    str(rng.randrange(1, 400)),
                    f"37{rng.randrange(10, 99)} {rng.choice('ABCDEFGH')}A",
                    "Zeist",
                    rng.choice(["ja", "nee"]),
                ]
            )


def run(arguments: list[str], environment: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run(
        [VOORRANG, *arguments], env=environment, capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"voorrang {' '.join(arguments)} failed:\n{result.stderr[-2000:]}")
    return seconds, (result.stdout.strip().splitlines() or [""])[-1]


def measure(label: str, environment: dict[str, str], path: Path) -> list[float]:
    run(["manage", "migrate", "--verbosity", "0"], environment)
    figures = []
    for attempt in ("first import", "re-import"):
        seconds, summary = run(["import", "seekers", str(path), "--quiet"], environment)
        figures.append(seconds)
        verdict = "within" if seconds < TARGET_SECONDS else "ABOVE"
        print(f"{label}, {attempt}: {seconds:.1f} s ({verdict} {TARGET_SECONDS:.0f} s)  {summary}")
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    base = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("VOORRANG_", "DATABASE_URL", "DJANGO_"))
        # As a user's installation: compiled once, not on every start (the migration before
        # the timed runs writes the bytecode).
        and name != "PYTHONDONTWRITEBYTECODE"
    }
    with tempfile.TemporaryDirectory(prefix="voorrang-bench-import-") as folder:
        path = Path(folder) / "seekers.csv"
        write_csv(path, args.rows)
        print(f"{args.rows} seekers, {path.stat().st_size / 1e6:.1f} MB of CSV")
        sqlite = {**base, "VOORRANG_DATA_DIR": folder}
        measure("SQLite", sqlite, path)
        if not args.no_postgres:
            import psycopg

            with psycopg.connect(args.postgres, autocommit=True) as connection:
                connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE}")
                connection.execute(f"CREATE DATABASE {BENCH_DATABASE}")
            url = args.postgres.rsplit("/", 1)[0] + f"/{BENCH_DATABASE}"
            try:
                measure(
                    "PostgreSQL", {**base, "VOORRANG_DATA_DIR": folder, "DATABASE_URL": url}, path
                )
            finally:
                with psycopg.connect(args.postgres, autocommit=True) as connection:
                    connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
