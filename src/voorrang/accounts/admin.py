"""Accounts in the Django admin: Django's own user pages, with the action that resets a staff
member's second factor (the application manager only, audited)."""

from __future__ import annotations

from typing import Any

# Imported first, so that their registrations exist before they are replaced below (this app
# comes before them in INSTALLED_APPS, and the admin imports each app's module once).
import django.contrib.auth.admin as auth_admin
import django_otp.plugins.otp_static.admin
import django_otp.plugins.otp_totp.admin  # noqa: F401
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from voorrang.accounts import services
from voorrang.accounts.models import SingleSignOnIdentity
from voorrang.accounts.roles import Role
from voorrang.errors import DomainError

User = get_user_model()

# The devices hold the keys themselves: no page shows or edits them. A reset removes them.
for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)

admin.site.unregister(User)


@admin.register(User)
class UserAdmin(auth_admin.UserAdmin):
    actions = ["reset_second_factor"]
    # Set by the log-in and the sign-up, never by hand; shown as text (Django's split date and
    # time inputs have no labels of their own).
    readonly_fields = ("last_login", "date_joined")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # Nobody gives themselves a role or a power (voorrang.accounts.services).
        fields = tuple(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk == request.user.pk:
            fields += services.POWER_FIELDS
        return fields

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            request._voorrang_powers_before = services.powers_of(type(obj).objects.get(pk=obj.pk))
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        before = getattr(request, "_voorrang_powers_before", None)
        if before is None:
            # A new account: its roles are recorded as given, from nothing.
            before = {
                "groups": [],
                "is_superuser": False,
                "is_staff": False,
                "is_active": True,
                "permissions": [],
            }
        try:
            services.record_powers_changed(actor=request.user, user=form.instance, before=before)
        except DomainError:
            # The form's fields are read-only on one's own account; a forged request is
            # refused as a whole (the admin's transaction is rolled back).
            raise PermissionDenied from None

    @admin.action(
        description=_("Reset the second factor (they set it up again at their next log-in)"),
        permissions=["reset_second_factor"],
    )
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        done = 0
        for user in queryset:
            try:
                services.reset_second_factor(user=user, actor=request.user)
            except DomainError as error:
                self.message_user(request, str(error.message), messages.ERROR)
                return
            done += 1
        self.message_user(
            request,
            ngettext(
                "The second factor of %(count)d account was reset.",
                "The second factor of %(count)d accounts was reset.",
                done,
            )
            % {"count": done},
            messages.SUCCESS,
        )

    def has_reset_second_factor_permission(self, request: HttpRequest) -> bool:
        return request.user.groups.filter(name=Role.ADMIN.value).exists()


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
