from django.contrib import admin

from voorrang.seekers.models import (
    DuplicateFlag,
    HouseholdMember,
    RegistrationDateChange,
    Seeker,
    UrgencyDeclaration,
)


class HouseholdMemberInline(admin.TabularInline):
    model = HouseholdMember
    extra = 0


class UrgencyInline(admin.TabularInline):
    """Shown only: a declaration is recorded and confirmed by two staff members on the staff
    pages (seekers.services.propose_urgency), never entered here."""

    model = UrgencyDeclaration
    extra = 0
    fields = ("kind", "valid_from", "valid_until", "issued_by", "status", "ended_on")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Seeker)
class SeekerAdmin(admin.ModelAdmin):
    list_display = ("registration_number", "registered_on", "status", "local_tie")
    list_filter = ("status", "local_tie")
    search_fields = ("registration_number", "email", "members__last_name")
    inlines = [HouseholdMemberInline, UrgencyInline]
    # A registration date only changes through the two-person procedure, never here; the
    # income and household checks only through their services on the staff seeker page.
    readonly_fields = (
        "registration_number",
        "registered_on",
        "status",
        "created_at",
        "income_check",
        "income_checked_by",
        "income_checked_at",
        "income_rejection_reason",
        "household_check",
        "household_checked_by",
        "household_checked_at",
        "household_rejection_reason",
    )

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RegistrationDateChange)
class RegistrationDateChangeAdmin(admin.ModelAdmin):
    list_display = ("seeker", "old_date", "new_date", "status", "requested_by", "decided_by")
    list_filter = ("status",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DuplicateFlag)
class DuplicateFlagAdmin(admin.ModelAdmin):
    list_display = ("seeker", "other", "ground", "resolved")
    list_filter = ("ground", "resolved")

    def has_change_permission(self, request, obj=None):
        return False
