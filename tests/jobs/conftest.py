"""Jobs of test kinds, with their results in a temporary data folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from voorrang.jobs import registry


def write_numbers(context: registry.JobContext) -> None:
    """A job that counts to its parameter ``steps`` and writes the numbers to a file."""
    steps = context.parameters["steps"]
    for step in range(1, steps + 1):
        context.progress(step, steps)
    (context.folder / "numbers.txt").write_text(" ".join(map(str, range(1, steps + 1))))


def break_down(context: registry.JobContext) -> None:
    context.progress(1, 3)
    raise ValueError("the numbers do not add up")


def refuse(context: registry.JobContext) -> None:
    raise registry.JobFailed("the scenario names no buildings")


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path) -> Path:
    settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.fixture(autouse=True)
def test_kinds(monkeypatch) -> None:
    monkeypatch.setattr(registry, "_HANDLERS", dict(registry._HANDLERS))
    registry.register("test.numbers", write_numbers)
    registry.register("test.broken", break_down)
    registry.register("test.refused", refuse)
