from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HousingConfig(AppConfig):
    name = "voorrang.housing"
    verbose_name = _("Housing stock")
    default_auto_field = "django.db.models.BigAutoField"
