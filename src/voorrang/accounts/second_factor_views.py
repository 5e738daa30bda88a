"""The pages of the second factor: set it up (QR code, key, first code), give the code after
logging in (or a recovery code), see new recovery codes once, ask for new ones."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from voorrang.accounts import second_factor, services
from voorrang.accounts.forms import RecoveryCodeForm, SecondFactorCodeForm
from voorrang.errors import DomainError

TOO_MANY = 429


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


def _refusal(form: Any, field: str, outcome: second_factor.CodeOutcome) -> int:
    """Put the refusal on the form; return the status of the answer."""
    if outcome.check is second_factor.CodeCheck.THROTTLED:
        form.add_error(
            field,
            ngettext(
                "You typed a wrong code too often. Wait %(seconds)d second and try again.",
                "You typed a wrong code too often. Wait %(seconds)d seconds and try again.",
                outcome.wait_seconds,
            )
            % {"seconds": outcome.wait_seconds},
        )
        return TOO_MANY
    form.add_error(field, _("This code is not right. Check it and try again."))
    return 200


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def set_up(request: HttpRequest) -> HttpResponse:
    """A staff member without a second factor adds one: scan the QR code (or type the key)
    in an authenticator app, and confirm with the first code it shows."""
    user = request.user
    next_url = _next_url(request)
    if not second_factor.needs_second_factor(user):
        return redirect(next_url)
    if second_factor.confirmed_totp_device(user) is not None:
        # A second key only after the first: otherwise a password alone could replace it.
        return redirect(_with_next("accounts:second_factor", next_url))
    device = services.start_second_factor_setup(user=user)
    form = SecondFactorCodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        outcome = second_factor.check_code(
            device, second_factor.normalise_code(form.cleaned_data["code"])
        )
        if outcome.check is second_factor.CodeCheck.ACCEPTED:
            codes = services.confirm_second_factor(user=user, device=outcome.device)
            otp_login(request, outcome.device)
            request.session[second_factor.NEW_RECOVERY_CODES_SESSION_KEY] = codes
            return redirect(_with_next("accounts:recovery_codes", next_url))
        status = _refusal(form, "code", outcome)
    uri = second_factor.otpauth_uri(device)
    context = {
        "form": form,
        "next": next_url,
        "qr_code": second_factor.qr_code_svg(uri),
        "key": second_factor.grouped(second_factor.base32_key(device)),
    }
    return render(request, "accounts/second_factor_set_up.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """After the password: the code from the app, or one recovery code."""
    user = request.user
    next_url = _next_url(request)
    if not second_factor.needs_second_factor(user) or second_factor.is_verified(user):
        return redirect(next_url)
    if second_factor.confirmed_totp_device(user) is None:
        return redirect(_with_next("accounts:second_factor_setup", next_url))
    using_recovery = "recovery_code" in request.POST
    code_form = SecondFactorCodeForm(
        request.POST if request.method == "POST" and not using_recovery else None
    )
    recovery_form = RecoveryCodeForm(request.POST if using_recovery else None)
    status = 200
    if request.method == "POST":
        form, field = (recovery_form, "recovery_code") if using_recovery else (code_form, "code")
        if form.is_valid():
            check = (
                second_factor.check_recovery_code
                if using_recovery
                else second_factor.check_app_code
            )
            outcome = check(user, form.cleaned_data[field])
            if outcome.check is second_factor.CodeCheck.ACCEPTED:
                otp_login(request, outcome.device)
                if using_recovery:
                    left = second_factor.remaining_recovery_codes(user)
                    messages.warning(
                        request,
                        ngettext(
                            "You used a recovery code. You have %(count)d left.",
                            "You used a recovery code. You have %(count)d left.",
                            left,
                        )
                        % {"count": left},
                    )
                return redirect(next_url)
            status = _refusal(form, field, outcome)
    context = {
        "form": code_form,
        "recovery_form": recovery_form,
        "using_recovery": using_recovery,
        "next": next_url,
    }
    return render(request, "accounts/second_factor_verify.html", context, status=status)


@never_cache
@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """The recovery codes just made, shown this once."""
    codes = request.session.pop(second_factor.NEW_RECOVERY_CODES_SESSION_KEY, None)
    context = {
        "codes": [second_factor.grouped(code) for code in codes or []],
        "next": _next_url(request),
    }
    return render(request, "accounts/second_factor_recovery_codes.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def new_recovery_codes(request: HttpRequest) -> HttpResponse:
    """A staff member makes new recovery codes (the old ones stop working)."""
    user = request.user
    if not second_factor.needs_second_factor(user):
        return redirect(resolve_url(settings.LOGIN_REDIRECT_URL))
    if not second_factor.is_verified(user):
        return redirect(_with_next("accounts:second_factor", request.get_full_path()))
    if request.method == "POST":
        try:
            codes = services.renew_recovery_codes(user=user)
        except DomainError as error:
            messages.error(request, str(error.message))
            return redirect("accounts:new_recovery_codes")
        request.session[second_factor.NEW_RECOVERY_CODES_SESSION_KEY] = codes
        return redirect(_with_next("accounts:recovery_codes", _next_url(request)))
    context = {"remaining": second_factor.remaining_recovery_codes(user)}
    return render(request, "accounts/second_factor_new_recovery_codes.html", context)
