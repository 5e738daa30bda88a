from django.contrib import admin

from voorrang.jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Read-only: jobs change through their services and the worker only."""

    list_display = ("id", "kind", "title", "status", "created_by", "created_at", "finished_at")
    list_filter = ("status", "kind")
    search_fields = ("title",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
