from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from voorrang.api.models import ApiClient
from voorrang.api.services import revoke_client


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    """Clients are created on the command line (the key is shown once there); here they are
    seen and revoked, never changed."""

    list_display = ["name", "organisation", "role", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["role"]
    readonly_fields = [
        "name",
        "organisation",
        "role",
        "scopes",
        "key_prefix",
        "user",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    exclude = ["key_hash"]
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Revoke the key of the selected clients"))
    def revoke(self, request, queryset) -> None:
        for client in queryset:
            revoke_client(actor=request.user, client=client)
        count = queryset.count()
        self.message_user(
            request,
            ngettext("%(count)d key revoked.", "%(count)d keys revoked.", count) % {"count": count},
            messages.SUCCESS,
        )
