from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from voorrang.notifications.models import PendingBatch


@admin.register(PendingBatch)
class PendingBatchAdmin(admin.ModelAdmin):
    """Read-only: batches are written by the services and sent by send_notifications. Shows
    what each batch came to, and why emails were left out when they were no longer true."""

    list_display = ("id", "event", "object_id", "created_at", "sent_at", "sent", "left_out")
    list_filter = ("event",)
    readonly_fields = ("left_out",)

    @admin.display(description=_("not sent"))
    def left_out(self, obj: PendingBatch) -> str:
        return "; ".join(f"{reason}: {count}" for reason, count in obj.not_sent_reasons())

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
