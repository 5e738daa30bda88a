"""`voorrang simulate` as a user runs it."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq

import voorrang.simulation

SHIPPED = Path(voorrang.simulation.__file__).parent / "scenarios" / "zeist-lflat.toml"


def simulate(*args: str, cwd) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "voorrang.cli", "simulate", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
        check=False,
    )


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def variant(tmp_path: Path, name: str, share: str) -> Path:
    text = SHIPPED.read_text(encoding="utf-8")
    path = tmp_path / f"{name}.toml"
    path.write_text(
        text.replace('share = "1/4"', f'share = "{share}"').replace('"zeist-lflat"', f'"{name}"'),
        encoding="utf-8",
    )
    return path


def test_a_shipped_scenario_writes_figures_tables_and_charts(tmp_path) -> None:
    result = simulate("zeist-lflat", "--replications", "2", "--out", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "2/2" in result.stderr  # the progress bar
    out = tmp_path / "out"
    figures = {row["figure"]: row for row in rows(out / "zeist-lflat" / "figures.csv")}
    row = figures["targeted lettings, L-flat"]
    assert float(row["low_2.5"]) <= float(row["mean"]) <= float(row["high_97.5"])
    assert row["replications"] == "2"
    parquet = pq.read_table(out / "zeist-lflat" / "figures.parquet").to_pylist()
    assert [r["figure"] for r in parquet] == list(figures)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["scenarios"] == ["zeist-lflat"]
    assert manifest["replications"] == 2 and manifest["engine"] == "fast"
    titles = [chart["title"] for chart in manifest["charts"]]
    for expected in (
        "Registration time at allocation, region",
        "Registration time at allocation, designated buildings",
        "Allocations per tier, region",
        "Homes let per year",
        "Make-up of L-flat",
        "Active volunteers in L-flat",
    ):
        assert expected in titles
    for chart in manifest["charts"]:
        for key in ("svg", "png", "table"):
            assert (out / chart[key]).stat().st_size > 0
        assert rows(out / chart["table"]), chart["title"]
        # A stable key and column names, so a reader can show them in its own language.
        assert chart["columns"] == list(rows(out / chart["table"])[0]), chart["title"]
    keys = {(c["key"], tuple(sorted(c["params"].items()))) for c in manifest["charts"]}
    assert {
        ("registration-time", (("scope", "region"),)),
        ("registration-time", (("scope", "designated buildings"),)),
        ("allocations-per-tier", (("scope", "region"),)),
        ("homes-let-per-year", ()),
        ("register", ()),
        ("make-up", (("building", "L-flat"),)),
        ("volunteers", (("building", "L-flat"),)),
    } <= keys
    for relative in manifest["files"]:
        assert (out / relative).exists(), relative
    for stem in ("monthly", "registration-time", "homes-let-per-year", "lettings-replication-1"):
        assert (out / "zeist-lflat" / f"{stem}.csv").stat().st_size > 0
        assert (out / "zeist-lflat" / f"{stem}.parquet").stat().st_size > 0
    groups = {r["group"] for r in rows(out / "zeist-lflat" / "registration-time.csv")}
    assert groups == {"regular", "urgent", "committed"}


def test_charts_are_the_same_bytes_every_run(tmp_path) -> None:
    for out in ("one", "two"):
        result = simulate("zeist-lflat", "--replications", "1", "--out", out, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "one" / "manifest.json").read_text(encoding="utf-8"))
    for chart in manifest["charts"]:
        for key in ("svg", "png", "table"):
            one = (tmp_path / "one" / chart[key]).read_bytes()
            assert one == (tmp_path / "two" / chart[key]).read_bytes(), chart[key]
    svg = (tmp_path / "one" / manifest["charts"][0]["svg"]).read_text(encoding="utf-8")
    assert "<dc:date>" not in svg


def test_compare_writes_paired_differences(tmp_path) -> None:
    half = variant(tmp_path, "half", "1/2")
    none = variant(tmp_path, "none", "0")
    result = simulate(
        "--compare",
        str(SHIPPED),
        str(half),
        str(none),
        "--replications",
        "2",
        "--out",
        "out",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    comparison = rows(tmp_path / "out" / "comparison.csv")
    by = {(r["scenario"], r["figure"]): r for r in comparison}
    assert {r["minus"] for r in comparison} == {"zeist-lflat"}
    assert float(by[("half", "targeted lettings, L-flat")]["mean"]) > 0
    assert float(by[("none", "targeted lettings, L-flat")]["mean"]) < 0
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["scenarios"] == ["zeist-lflat", "half", "none"]
    assert "Registration time: differences from zeist-lflat" in [
        c["title"] for c in manifest["charts"]
    ]


def test_a_sweep_runs_every_combination(tmp_path) -> None:
    result = simulate(
        "zeist-lflat",
        "--sweep",
        "policy.share=1/4,1/2",
        "--sweep",
        "policy.cap=5,none",
        "--replications",
        "1",
        "--workers",
        "1",
        "--out",
        "out",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    sweep = rows(tmp_path / "out" / "sweep.csv")
    points = {(r["policy.share"], r["policy.cap"]) for r in sweep}
    assert points == {("1/4", "5"), ("1/4", "none"), ("1/2", "5"), ("1/2", "none")}
    targeted = {
        (r["policy.share"], r["policy.cap"]): float(r["mean"])
        for r in sweep
        if r["figure"] == "targeted lettings, L-flat"
    }
    assert targeted[("1/2", "5")] <= 15  # at most 5 in each of 2021, 2022 and 2023
    assert targeted[("1/2", "none")] > targeted[("1/4", "none")]


def test_a_bad_scenario_names_the_key(tmp_path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "bad"\nstart = 2022-01-01\nmonths = "twelve"\n')
    result = simulate(str(bad), cwd=tmp_path)
    assert result.returncode == 2
    assert "months" in result.stderr and result.stdout == ""


def test_a_bad_sweep_names_the_key(tmp_path) -> None:
    result = simulate("zeist-lflat", "--sweep", "policy.share=1/4,7/4", cwd=tmp_path)
    assert result.returncode == 2
    assert "policy.share" in result.stderr
    result = simulate("zeist-lflat", "--sweep", "policy.share", cwd=tmp_path)
    assert result.returncode == 2 and "KEY=VALUE" in result.stderr
