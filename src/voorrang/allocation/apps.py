from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AllocationConfig(AppConfig):
    name = "voorrang.allocation"
    verbose_name = _("Allocation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from voorrang.allocation.batch_emails import BUILDERS
        from voorrang.notifications.emails import register_batch

        for event, builder in BUILDERS.items():
            register_batch(event, builder)
