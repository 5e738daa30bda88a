from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeekersConfig(AppConfig):
    name = "voorrang.seekers"
    verbose_name = _("Home seekers")
    default_auto_field = "django.db.models.BigAutoField"
