from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "voorrang.surveys"
    verbose_name = _("Resident surveys")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The results' warmer (voorrang.snapshots) is registered in every process; and a
        # broken instrument file is an error at start-up, not a wrong score later.
        from voorrang.surveys import report  # noqa: F401
        from voorrang.surveys.instruments import library

        library()
