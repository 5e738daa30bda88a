from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "voorrang.api"
    label = "api"
    verbose_name = _("Interfaces for other systems")
    default_auto_field = "django.db.models.BigAutoField"
