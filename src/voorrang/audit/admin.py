from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from voorrang.audit import history
from voorrang.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "what", "actor", "action", "object_type", "object_id", "summary")
    list_filter = ("action", "object_type")
    search_fields = ("object_id", "summary", "reason")

    @admin.display(description=_("what happened"))
    def what(self, event: AuditEvent) -> str:
        return history.event_text(event)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
