from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObjectionsConfig(AppConfig):
    name = "voorrang.objections"
    verbose_name = _("Objections")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from voorrang.allocation import offer_gates
        from voorrang.objections.gate import OBJECTION_GATE

        offer_gates.register(OBJECTION_GATE)

        from voorrang.allocation.selectors import queue
        from voorrang.objections.selectors import objections_due

        if objections_due not in queue.DUE_TODAY:
            queue.DUE_TODAY.append(objections_due)
