from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AllocationConfig(AppConfig):
    name = "voorrang.allocation"
    verbose_name = _("Allocation")
    default_auto_field = "django.db.models.BigAutoField"
