"""The second factor, enforced on every page for staff accounts.

It sits after django-otp's middleware and looks only at the account (its roles) and the
session (verified or not), never at how the person logged in: a password, an invitation link
or single sign-on all end in Django's ``login()``, and each is followed by the code step here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode

from voorrang.accounts.second_factor import (
    confirmed_totp_device,
    is_verified,
    needs_second_factor,
)

# What a staff member who has not passed the second factor may still open: the account
# pages (log out, the code step and its set-up, password reset) and the language switch.
OPEN_NAMESPACES = frozenset({"accounts"})
OPEN_URL_NAMES = frozenset({"set_language"})


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is not None and (
            OPEN_NAMESPACES & set(match.namespaces) or match.view_name in OPEN_URL_NAMES
        ):
            return None
        user = request.user
        if not needs_second_factor(user) or is_verified(user):
            return None
        step = (
            "accounts:second_factor"
            if confirmed_totp_device(user) is not None
            else "accounts:second_factor_setup"
        )
        next_url = request.get_full_path() if request.method == "GET" else "/"
        return HttpResponseRedirect(f"{reverse(step)}?{urlencode({'next': next_url})}")
