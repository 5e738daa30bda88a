from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StoriesConfig(AppConfig):
    name = "voorrang.stories"
    verbose_name = _("Stories of change")
    default_auto_field = "django.db.models.BigAutoField"
