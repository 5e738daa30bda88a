"""Who may see a seeker's page: the seeker's own account; letting staff may also see
income evidence (not the welfare organisation: the access matrix gives it no income data)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from voorrang.accounts.roles import Role
from voorrang.portal.selectors import seeker_of
from voorrang.staff.access import role_names

STAFF_ROLES = (Role.STAFF_ALLOCATION, Role.ADMIN)


def is_staff_member(user: Any) -> bool:
    """Letting staff or the application manager (a superuser counts as the latter only)."""
    return bool(role_names(user) & {role.value for role in STAFF_ROLES})


def seeker_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Logged in with a registration; without one, to the start of the registration."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        seeker = seeker_of(request.user)
        if seeker is None:
            return redirect("portal:register_start")
        request.seeker = seeker  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapper
