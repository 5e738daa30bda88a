"""The admin shows survey records read-only: every change goes through the services (and
their audit events). Answers are not listed here: the researchers read them in aggregate."""

from django.contrib import admin

from voorrang.surveys.models import Invitation, Respondent, Submission, Wave


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Wave)
class WaveAdmin(ReadOnlyAdmin):
    list_display = ("building", "name", "offset_months", "state", "opens_on", "closes_on")
    list_filter = ("state", "offset_months", "building")


@admin.register(Respondent)
class RespondentAdmin(ReadOnlyAdmin):
    list_display = ("pseudonym", "building", "cohort", "created_at")
    list_filter = ("building", "cohort")
    search_fields = ("pseudonym",)


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ("respondent", "wave", "created_at", "expires_at", "used_at", "revoked_at")
    exclude = ("token_hash",)


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdmin):
    list_display = ("respondent", "wave", "channel", "completed_on", "submitted_at")
    list_filter = ("channel",)
