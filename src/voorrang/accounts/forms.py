"""Forms of the account pages: log in (with limits), sign up, password reset."""

from __future__ import annotations

import math
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from voorrang.accounts import login_limits
from voorrang.accounts.services import normalise_email
from voorrang.client_address import client_address


class LoginLimits:
    """Limits on failed log-ins (``voorrang.accounts.login_limits``) for a form built on
    Django's ``AuthenticationForm``: an attempt that must wait is refused before the password
    is checked; a failure is counted per network address and per account name. Names with
    and without an account are counted alike."""

    request: HttpRequest | None
    cleaned_data: dict[str, Any]
    # Seconds the client should wait, when the attempt was refused for that reason.
    retry_after: int | None = None

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        if "@" in username:
            # Seekers log in with their email address, stored in lower case.
            self.cleaned_data["username"] = username = normalise_email(username)
        address = client_address(self.request) if self.request else "unknown"
        refused = login_limits.refusal(account=username, address=address)
        if refused is not None:
            self.retry_after = refused.wait_seconds
            raise ValidationError(_refusal_message(refused), code="rate_limited")
        try:
            cleaned = super().clean()  # type: ignore[misc]
        except ValidationError:
            login_limits.record_failure(account=username, address=address)
            raise
        login_limits.record_success(account=username, address=address)
        return cleaned


def _refusal_message(refused: login_limits.Refusal) -> str:
    minutes = math.ceil(refused.wait_seconds / 60)
    if refused.reason == "address":
        return ngettext(
            "Too many failed log-ins came from your network address. Try again in %(minutes)d "
            "minute, or reset your password.",
            "Too many failed log-ins came from your network address. Try again in %(minutes)d "
            "minutes, or reset your password.",
            minutes,
        ) % {"minutes": minutes}
    if refused.wait_seconds < 60:
        return ngettext(
            "Too many failed log-ins with this name. Try again in %(seconds)d second.",
            "Too many failed log-ins with this name. Try again in %(seconds)d seconds.",
            refused.wait_seconds,
        ) % {"seconds": refused.wait_seconds}
    return ngettext(
        "Too many failed log-ins with this name. Try again in %(minutes)d minute.",
        "Too many failed log-ins with this name. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


class RateLimitedAuthenticationForm(LoginLimits, AuthenticationForm):
    """Django's log-in form, with the log-in limits."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Email address or user name")


class RateLimitedAdminAuthenticationForm(LoginLimits, AdminAuthenticationForm):
    """The administration's log-in form, with the same limits, counted together with the
    log-in page: otherwise /admin/login/ would be a way around them."""


class SignUpForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=150,
        help_text=_("We send a link to this address. You use it to log in."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        help_text=_("At least 8 characters. Not only numbers, and not a common password."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data["email"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords are not the same."))
        elif password1:
            user = get_user_model()(username=cleaned.get("email", ""), email=cleaned.get("email"))
            try:
                password_validation.validate_password(password1, user)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class QuietPasswordResetForm(PasswordResetForm):
    """Django's form, which says nothing about whether the address has an account. It also
    sends a short note to an address without an active account, so that both answers do the
    same work and take about the same time."""

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def save(self, *args: Any, **kwargs: Any) -> None:
        email = self.cleaned_data["email"]
        if not list(self.get_users(email)):
            request = kwargs.get("request")
            base_url = request.build_absolute_uri("/").rstrip("/") if request else ""
            context = {"base_url": base_url}
            subject = render_to_string("accounts/email/no_account_subject.txt", context).strip()
            body = render_to_string("accounts/email/no_account.txt", context)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
            return
        super().save(*args, **kwargs)


class SecondFactorCodeForm(forms.Form):
    """The 6-digit code from the authenticator app."""

    code = forms.CharField(
        label=_("Code from your app"),
        help_text=_("The 6 digits that your authenticator app shows now."),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "size": "8",
            }
        ),
    )


class RecoveryCodeForm(forms.Form):
    """One of the account's single-use recovery codes, when the app is not at hand."""

    recovery_code = forms.CharField(
        label=_("Recovery code"),
        help_text=_("8 letters and digits. Each recovery code works once."),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "spellcheck": "false",
                "size": "12",
            }
        ),
    )
