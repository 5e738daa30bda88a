from typing import Any

from django.contrib import admin

from voorrang.accounts.models import SingleSignOnIdentity


@admin.register(SingleSignOnIdentity)
class SingleSignOnIdentityAdmin(admin.ModelAdmin):
    """Which account belongs to which person at the provider: to look up, never to edit. The
    link is made at the first log-in and is what finds the account again; changed by hand, it
    would hand an account and its roles to another person. Deleting stays allowed, so that
    deleting an account in the admin is not blocked by its link."""

    list_display = ("user", "issuer", "subject", "created_at")
    search_fields = ("user__username", "user__email", "subject")
    readonly_fields = ("user", "issuer", "subject", "created_at")

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False
