"""Account pages: sign up, confirm the email address, log in (rate-limited), reset the password,
accept an invitation to a staff account."""

from __future__ import annotations

import copy
from typing import Any

import structlog
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from voorrang.accounts import ratelimit, services
from voorrang.accounts.forms import (
    QuietPasswordResetForm,
    RateLimitedAuthenticationForm,
    SignUpForm,
)
from voorrang.accounts.tokens import email_confirmation_token, invitation_token
from voorrang.client_address import client_address
from voorrang.errors import DomainError

log = structlog.get_logger(__name__)

TOO_MANY = 429


class LoginView(auth_views.LoginView):
    form_class = RateLimitedAuthenticationForm
    redirect_authenticated_user = True

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        retry_after = getattr(form, "retry_after", None)
        if retry_after is not None:
            response.status_code = TOO_MANY
            response["Retry-After"] = str(retry_after)
        return response


@require_http_methods(["GET", "POST"])
def sign_up(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("portal:my_page")
    form = SignUpForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        address = client_address(request)
        email = form.cleaned_data["email"]
        if not ratelimit.account_emails().allow(address):
            form.add_error(None, _("Too many accounts were asked for from here. Wait 15 minutes."))
            status = TOO_MANY
        else:
            if _may_email(email, address=address):
                services.sign_up(
                    email=email,
                    password=form.cleaned_data["password1"],
                    base_url=request.build_absolute_uri("/").rstrip("/"),
                )
            request.session["signed_up_email"] = email
            return redirect("accounts:check_email")
    return render(request, "accounts/sign_up.html", {"form": form}, status=status)


def _may_email(email: str, *, address: str) -> bool:
    """Whether one more sign-up or reset email may go to ``email``. When not, the page
    answers as if it went (the answer must not differ from the usual one), and nothing is
    sent: the emails already sent still work."""
    if ratelimit.emails_to_one_address().allow(email):
        return True
    log.warning("account_email_withheld", recipient=ratelimit.digest(email)[:12], address=address)
    return False


def check_email(request: HttpRequest) -> HttpResponse:
    return render(
        request, "accounts/check_email.html", {"email": request.session.get("signed_up_email")}
    )


def _user_from(uidb64: str) -> Any:
    try:
        return get_user_model().objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError, get_user_model().DoesNotExist):
        return None


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """GET shows a button; POST confirms. A link opened by a mail scanner changes nothing."""
    user = _user_from(uidb64)
    # Every link that is not this account's own gets the same answer, whether the number
    # belongs to an account or not: the answer must not tell which accounts exist.
    if user is None or not _confirmation_link_of(user, token):
        return render(request, "accounts/confirm_invalid.html", status=400)
    if user.is_active:
        messages.info(request, _("Your email address is confirmed already. You can log in."))
        return redirect("accounts:login")
    if request.method == "POST":
        user = services.confirm_email(user=user)
        login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
        messages.success(request, _("Your email address is confirmed. You are logged in."))
        return redirect("portal:my_page")
    return render(request, "accounts/confirm.html", {"email": user.email})


def _confirmation_link_of(user: Any, token: str) -> bool:
    """Whether ``token`` was made for ``user``'s confirmation. A token is made while the
    account is inactive and stops matching once it is active; it is checked against the
    account as it was then, so that a link followed a second time still says "confirmed
    already" to the person who has it, and to nobody else."""
    as_before = copy.copy(user)
    as_before.is_active = False
    return email_confirmation_token.check_token(as_before, token)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = QuietPasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"

    def form_valid(self, form: Any) -> HttpResponse:
        address = client_address(self.request)
        if not ratelimit.account_emails().allow(address):
            form.add_error(None, _("Too many requests from here. Wait 15 minutes."))
            response = self.form_invalid(form)
            response.status_code = TOO_MANY
            return response
        if not _may_email(form.cleaned_data["email"], address=address):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("accounts:password_reset_complete")


class AcceptInvitationView(auth_views.PasswordResetConfirmView):
    """Django's set-a-new-password page, for the link of an invitation (its own token): the
    person chooses a password, the account becomes active, and they are logged in."""

    token_generator = invitation_token
    template_name = "accounts/invitation.html"

    def get_user(self, uidb64: str) -> Any:
        user = super().get_user(uidb64)
        return user if user is not None and services.invitation_pending(user) else None

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            user = services.accept_invitation(
                user=form.user, password=form.cleaned_data["new_password1"]
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
            return self.form_invalid(form)
        del self.request.session[INTERNAL_RESET_SESSION_TOKEN]
        login(self.request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
        messages.success(self.request, _("Your password is saved. You are logged in."))
        return HttpResponseRedirect(self._start_page(user))

    @staticmethod
    def _start_page(user: Any) -> str:
        from voorrang.staff.access import may_use_welfare_pages

        if may_use_welfare_pages(user):
            return reverse("welfare:queue")
        return resolve_url(settings.LOGIN_REDIRECT_URL)
