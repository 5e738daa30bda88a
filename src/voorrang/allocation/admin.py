"""The admin shows allocation records read-only: every change goes through the services."""

from django.contrib import admin

from voorrang.allocation.models import Allocation, Offer, PublishedResult, Ranking, Vacancy


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Vacancy)
class VacancyAdmin(ReadOnlyAdmin):
    list_display = ("reference", "unit", "state", "targeted", "closes_on")
    list_filter = ("state", "targeted", "ordering")
    search_fields = ("reference",)


@admin.register(Ranking)
class RankingAdmin(ReadOnlyAdmin):
    list_display = ("vacancy", "sequence", "is_current", "policy_id", "created_at")


@admin.register(Offer)
class OfferAdmin(ReadOnlyAdmin):
    list_display = ("vacancy", "seeker", "state", "deadline")
    list_filter = ("state",)


@admin.register(Allocation)
class AllocationAdmin(ReadOnlyAdmin):
    list_display = ("vacancy", "seeker", "state", "accepted_on", "let_on", "tier", "position")


@admin.register(PublishedResult)
class PublishedResultAdmin(ReadOnlyAdmin):
    list_display = ("vacancy", "responses", "eligible", "position", "tier")
