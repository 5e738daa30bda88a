"""`voorrang simulate` as a user runs it."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import voorrang.simulation


def simulate(*args: str, cwd) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "voorrang.cli", "simulate", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
        check=False,
    )


def test_a_shipped_scenario_writes_figures_with_intervals(tmp_path) -> None:
    result = simulate("zeist-lflat", "--replications", "2", "--out", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "2/2" in result.stderr  # the progress bar
    with (tmp_path / "out" / "zeist-lflat" / "figures.csv").open() as handle:
        rows = {row["figure"]: row for row in csv.DictReader(handle)}
    row = rows["targeted lettings, L-flat"]
    assert float(row["low_2.5"]) <= float(row["mean"]) <= float(row["high_97.5"])
    assert row["replications"] == "2"
    assert (tmp_path / "out" / "zeist-lflat" / "lettings.csv").stat().st_size > 0


def test_compare_writes_paired_differences(tmp_path) -> None:
    scenario = tmp_path / "half.toml"
    shipped = Path(voorrang.simulation.__file__).parent / "scenarios" / "zeist-lflat.toml"
    text = shipped.read_text(encoding="utf-8")
    scenario.write_text(
        text.replace('share = "1/4"', 'share = "1/2"').replace('"zeist-lflat"', '"half"')
    )
    result = simulate(
        "--compare",
        str(shipped),
        str(scenario),
        "--replications",
        "2",
        "--out",
        "out",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    with (tmp_path / "out" / "comparison.csv").open() as handle:
        rows = {row["figure"]: row for row in csv.DictReader(handle)}
    assert float(rows["targeted lettings, L-flat"]["mean"]) > 0  # half targets more than a quarter


def test_a_bad_scenario_names_the_key(tmp_path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "bad"\nstart = 2022-01-01\nmonths = "twelve"\n')
    result = simulate(str(bad), cwd=tmp_path)
    assert result.returncode == 2
    assert "months" in result.stderr and result.stdout == ""
