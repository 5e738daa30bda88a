from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "voorrang.evaluation"
    verbose_name = _("Evaluation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the indicators' warmer (voorrang.snapshots) in every process.
        from voorrang.evaluation import pages  # noqa: F401
        from voorrang.evaluation.jobs import KIND, build_report
        from voorrang.jobs import registry

        registry.register(KIND, build_report)
