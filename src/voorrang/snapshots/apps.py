from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SnapshotsConfig(AppConfig):
    name = "voorrang.snapshots"
    verbose_name = _("Rendered figures")
    default_auto_field = "django.db.models.BigAutoField"
