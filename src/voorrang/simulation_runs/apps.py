from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SimulationRunsConfig(AppConfig):
    name = "voorrang.simulation_runs"
    verbose_name = _("Simulation runs")

    def ready(self) -> None:
        from voorrang.jobs import registry
        from voorrang.simulation_runs.jobs import KIND, run_simulation

        registry.register(KIND, run_simulation)
