from django.contrib import admin

from voorrang.commitments.models import (
    BuildingNeed,
    Commitment,
    CoordinatorMembership,
    RubricCriterion,
    WelfareOrganisation,
)


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ("seeker", "building", "status", "valid_until")
    list_filter = ("status", "building")


class MembershipInline(admin.TabularInline):
    model = CoordinatorMembership
    extra = 1


class CriterionInline(admin.TabularInline):
    model = RubricCriterion
    extra = 1


@admin.register(WelfareOrganisation)
class WelfareOrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "email")
    filter_horizontal = ("buildings",)
    inlines = [MembershipInline, CriterionInline]


@admin.register(BuildingNeed)
class BuildingNeedAdmin(admin.ModelAdmin):
    list_display = ("name", "building", "position", "active")
    list_filter = ("building", "active")
