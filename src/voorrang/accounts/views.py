"""Account pages: sign up, confirm the email address, log in (rate-limited), log in through the
organisation (staff single sign-on), reset the password, accept an invitation to a staff
account."""

from __future__ import annotations

import copy
from typing import Any

import jwt
import requests
import structlog
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.log import log_response
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from voorrang.accounts import ratelimit, services
from voorrang.accounts.forms import (
    QuietPasswordResetForm,
    RateLimitedAuthenticationForm,
    SignUpForm,
)
from voorrang.accounts.single_sign_on import NoStaffRole, OrganisationTokens, callback_url
from voorrang.accounts.tokens import email_confirmation_token, invitation_token
from voorrang.client_address import client_address
from voorrang.errors import DomainError

log = structlog.get_logger(__name__)

TOO_MANY = 429
FORBIDDEN = 403
BAD_REQUEST = 400


def start_page(user: Any) -> str:
    """Where a member of staff starts after logging in: their own work."""
    from voorrang.web.access import is_staff_member, may_use_welfare_pages

    if may_use_welfare_pages(user):
        return reverse("welfare:queue")
    if is_staff_member(user):
        return reverse("staff:queue")
    return resolve_url(settings.LOGIN_REDIRECT_URL)


class LoginView(auth_views.LoginView):
    form_class = RateLimitedAuthenticationForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["organisation_login"] = settings.VOORRANG_OIDC_ENABLED
        return context

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
        return HttpResponseRedirect(start_page(user))


# --- Log in through the organisation (staff single sign-on) ------------------------------------


class OrganisationLoginView(OIDCAuthenticationRequestView):
    """Sends the browser to the organisation's provider, with a new state, nonce and PKCE
    verifier kept in the session (mozilla-django-oidc)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.VOORRANG_OIDC_ENABLED:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_extra_params(self, request: HttpRequest) -> dict[str, str]:
        return {**super().get_extra_params(request), "redirect_uri": callback_url()}


def _organisation_refused(request: HttpRequest, reason: str) -> HttpResponse:
    """No role here for a person the provider knows, or an account switched off here."""
    response = render(
        request, "accounts/organisation_refused.html", {"reason": reason}, status=FORBIDDEN
    )
    return _logged_once(request, response, "Single sign-on refused (%s)", reason)


def _organisation_failed(request: HttpRequest, reason: str) -> HttpResponse:
    """The answer that came back could not be trusted or not be checked: one log line."""
    response = render(request, "accounts/organisation_failed.html", status=BAD_REQUEST)
    return _logged_once(request, response, "Single sign-on failed (%s)", reason)


def _logged_once(
    request: HttpRequest, response: HttpResponse, message: str, reason: str
) -> HttpResponse:
    # One line with the reason, in place of Django's own "Bad Request" / "Forbidden" line:
    # an expected refusal is one log line.
    log_response(message, reason, response=response, request=request)
    return response


@require_GET
def organisation_callback(request: HttpRequest) -> HttpResponse:
    """The provider sends the browser back here with a code and the state. The state must be
    one this browser's session started (no log-in forced on someone else's browser), and is
    used once. The code is exchanged for tokens that are checked (accounts.single_sign_on),
    and the account that the roles allow is logged in with Django's own ``login``."""
    if not settings.VOORRANG_OIDC_ENABLED:
        raise Http404
    states = request.session.get("oidc_states")
    state, code = request.GET.get("state", ""), request.GET.get("code", "")
    started = states.pop(state, None) if isinstance(states, dict) else None
    if started is not None:
        request.session.modified = True
    if request.GET.get("error"):
        return _organisation_failed(request, "provider_error")
    if started is None or not code:
        return _organisation_failed(request, "unknown_state")
    try:
        user = OrganisationTokens().authenticate(
            request, nonce=started.get("nonce"), code_verifier=started.get("code_verifier")
        )
    except NoStaffRole:
        return _organisation_refused(request, "no_role")
    except (SuspiciousOperation, jwt.PyJWTError) as error:
        return _organisation_failed(request, str(error))
    except (KeyError, ValueError) as error:
        # A token or key set without a field that the checks need (a key id, an algorithm):
        # refused like any other token that cannot be checked.
        return _organisation_failed(request, f"incomplete token or key set: {error!r}")
    except requests.RequestException as error:
        return _organisation_failed(request, f"provider unreachable or refused: {error}")
    if user is None:
        return _organisation_failed(request, "userinfo_mismatch")
    if not user.is_active:
        return _organisation_refused(request, "inactive")
    next_page = request.session.pop("oidc_login_next", None)
    login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
    return HttpResponseRedirect(next_page or start_page(user))
