from django.contrib import admin

from voorrang.commitments.models import Commitment


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ("seeker", "building", "status", "valid_until")
    list_filter = ("status", "building")
