"""The shipped example theories of change (``evaluation/data/*.json``)."""

from __future__ import annotations

from importlib import resources
from typing import Any

from voorrang.evaluation import services
from voorrang.evaluation.models import TheoryOfChange

EXAMPLE = "zeist-lflat"


def shipped_names() -> list[str]:
    folder = resources.files("voorrang.evaluation") / "data"
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".json"))


def shipped_text(name: str) -> str:
    if name not in shipped_names():
        raise LookupError(name)
    return (resources.files("voorrang.evaluation") / "data" / f"{name}.json").read_text("utf-8")


def load_example(
    *, actor: Any = None, name: str = EXAMPLE, replace: bool = False
) -> TheoryOfChange:
    """Store a shipped theory of change (the Zeist example by default)."""
    return services.save_theory(
        actor=actor, theory=services.read_theory(shipped_text(name)), replace=replace
    )
