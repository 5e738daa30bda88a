"""Every example scenario, run through the real command in a subprocess.

The project keeps a copy under tests/data/scenarios so that a clone on its own passes; when
the shared folder beside the project exists, its scenarios are run too, so that new examples
are picked up without copying."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = {
    "data": ROOT / "tests" / "data" / "scenarios",
    "shared": ROOT.parent / "shared" / "scenarios",
}
FIELD_MESSAGE = re.compile(r"^voorrang (rank|label): invalid input: [A-Za-z_][\w.\[\]]*: \S.*$")


def collect(kind: str) -> list:
    cases = []
    for origin, folder in SOURCES.items():
        folder = folder / kind
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.json")):
            if path.name.endswith(".expected.json"):
                continue
            stem = path.name.removesuffix(".json")
            expected = path.with_name(f"{stem}.expected.json")
            invalid = path.with_name(f"{stem}.invalid")
            if expected.exists() or invalid.exists():
                cases.append(pytest.param(path, expected, invalid, id=f"{origin}/{kind}/{stem}"))
    return cases


def run(command: str, path: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "voorrang.cli", command, str(path)],
        capture_output=True,
        timeout=60,
        check=False,
    )


def check(command: str, path: Path, expected: Path, invalid: Path) -> None:
    result = run(command, path)
    if expected.exists():
        assert result.returncode == 0, result.stderr.decode()
        assert json.loads(result.stdout) == json.loads(expected.read_bytes())
        # The contract asks for canonical JSON on stdout, so the bytes match too.
        assert result.stdout.rstrip(b"\n") == expected.read_bytes().rstrip(b"\n")
    else:
        wanted = int(invalid.read_text().split()[-1])
        assert result.returncode == wanted
        assert result.stdout == b""
        lines = result.stderr.decode().splitlines()
        assert len(lines) == 1, lines
        assert FIELD_MESSAGE.match(lines[0]), lines[0]


@pytest.mark.parametrize(("path", "expected", "invalid"), collect("rank"))
def test_rank_scenario(path: Path, expected: Path, invalid: Path) -> None:
    check("rank", path, expected, invalid)


@pytest.mark.parametrize(("path", "expected", "invalid"), collect("label"))
def test_label_scenario(path: Path, expected: Path, invalid: Path) -> None:
    check("label", path, expected, invalid)


def test_the_project_carries_its_own_copy_of_the_examples() -> None:
    assert len(collect("rank")) >= 7 and len(collect("label")) >= 1
    assert (SOURCES["data"] / "rank" / "lottery_ordering.expected.json").exists()
