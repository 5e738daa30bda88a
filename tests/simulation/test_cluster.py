"""Replications and sweeps give the same results in this process, in local processes and on a
Dask distributed cluster."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import voorrang.simulation
from voorrang.simulation.model import read_mapping, scenario_from_mapping, with_value
from voorrang.simulation.runner import run_sweep, run_to_folder

SHIPPED = Path(voorrang.simulation.__file__).parent / "scenarios" / "zeist-lflat.toml"


def short_zeist(months: int = 8) -> dict:
    return with_value(read_mapping(SHIPPED), "months", months)


def table_bytes(root: Path) -> dict[str, bytes]:
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    return {
        name: (root / name).read_bytes()
        for name in manifest["files"]
        if name.endswith(".csv") and name != "manifest.json"
    }


def test_a_sweep_on_a_local_dask_cluster_equals_local_processes(tmp_path) -> None:
    distributed = pytest.importorskip("distributed")
    grid = [("policy.share", ["1/4", "1/2"]), ("policy.cap", [5, None])]
    mapping = short_zeist()
    run_sweep(mapping, name="z", grid=grid, out=tmp_path / "local", replications=2, workers=2)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        run_sweep(
            mapping, name="z", grid=grid, out=tmp_path / "dask", replications=2, cluster=client
        )
    local, dask = table_bytes(tmp_path / "local"), table_bytes(tmp_path / "dask")
    assert set(local) == set(dask) and "sweep.csv" in local
    for name in local:
        assert local[name] == dask[name], name


def test_a_dask_scheduler_address_is_accepted(tmp_path) -> None:
    distributed = pytest.importorskip("distributed")
    scenario = scenario_from_mapping(short_zeist(4), name="z")
    run_to_folder([scenario], out=tmp_path / "here", replications=2, workers=1)
    with distributed.LocalCluster(
        n_workers=1,
        threads_per_worker=2,
        processes=False,
        protocol="tcp",
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        run_to_folder(
            [scenario],
            out=tmp_path / "there",
            replications=2,
            cluster=cluster.scheduler_address,  # tcp://127.0.0.1:PORT, as --cluster gives it
        )
    assert table_bytes(tmp_path / "here") == table_bytes(tmp_path / "there")


def test_progress_is_reported_for_every_replication(tmp_path) -> None:
    scenario = scenario_from_mapping(short_zeist(3), name="z")
    seen: list[tuple[int, int]] = []
    path = run_to_folder(
        [scenario, scenario_from_mapping(with_value(short_zeist(3), "name", "y"), name="y")],
        out=tmp_path,
        replications=3,
        workers=1,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen == [(i, 6) for i in range(1, 7)]
    manifest = json.loads(path.read_text(encoding="utf-8"))
    assert manifest["scenarios"] == ["zeist-lflat", "y"] and manifest["replications"] == 3
    assert {"title", "svg", "png", "table"} <= set(manifest["charts"][0])


def test_the_command_runs_on_a_cluster_given_by_its_address(tmp_path) -> None:
    distributed = pytest.importorskip("distributed")
    import subprocess
    import sys

    scenario = tmp_path / "short.toml"
    scenario.write_text(SHIPPED.read_text(encoding="utf-8").replace("months = 22", "months = 4"))
    with distributed.LocalCluster(
        n_workers=1,
        threads_per_worker=2,
        processes=False,
        protocol="tcp",
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "voorrang.cli",
                "simulate",
                str(scenario),
                "--replications",
                "2",
                "--cluster",
                cluster.scheduler_address,
                "--out",
                "out",
            ],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            timeout=300,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    assert "2/2" in result.stderr
    assert (tmp_path / "out" / "zeist-lflat" / "figures.parquet").stat().st_size > 0
