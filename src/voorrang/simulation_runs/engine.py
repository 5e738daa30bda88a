"""The two entry points of the simulation engine this app uses."""

from __future__ import annotations

try:
    from voorrang.simulation.model import scenario_from_mapping
    from voorrang.simulation.runner import run_to_folder
except ImportError:  # pragma: no cover - TEMPORARY until the engine provides them
    from voorrang.simulation.model import scenario_from_document

    def scenario_from_mapping(data, *, name):
        return scenario_from_document({**data, "name": name}, source=name)

    def run_to_folder(
        scenarios, *, out, replications, engine="fast", base_seed=1, workers=None, progress=None
    ):
        raise NotImplementedError("run_to_folder")


__all__ = ["run_to_folder", "scenario_from_mapping"]
