from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    name = "voorrang.commitments"
    verbose_name = _("Targeted track")
    default_auto_field = "django.db.models.BigAutoField"
