"""Who may use which staff page: one declared matrix, by URL name, enforced by one decorator.

A page that is not in the matrix is refused to everyone but superusers, so a new page must be
declared here before anyone can open it (and the permission tests walk this matrix)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from voorrang.accounts.roles import Role

# The corporation's letting staff, and the application manager.
LETTING_STAFF = frozenset({Role.STAFF_ALLOCATION.value, Role.ADMIN.value})

ACCESS: dict[str, frozenset[str]] = {
    name: LETTING_STAFF
    for name in (
        "staff:queue",
        "staff:vacancies",
        "staff:vacancy_create",
        "staff:vacancy",
        "staff:vacancy_publish",
        "staff:vacancy_close",
        "staff:vacancy_rank",
        "staff:vacancy_offer_next",
        "staff:vacancy_withdraw",
        "staff:vacancy_paper_response",
        "staff:offer_accept",
        "staff:offer_refuse",
        "staff:seekers",
        "staff:seeker",
        "staff:seeker_date_change",
        "staff:seeker_date_change_decide",
        "staff:seeker_duplicate_resolve",
        "staff:buildings",
        "staff:building",
        "staff:end_requests",
        "staff:end_request_confirm",
        "staff:end_request_decline",
    )
}


def role_names(user: Any) -> frozenset[str]:
    """The user's groups, read once per request."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_voorrang_role_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._voorrang_role_names = cached
    return cached


def may_open(user: Any, url_name: str) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return bool(role_names(user) & ACCESS.get(url_name, frozenset()))


def may_use_staff_pages(user: Any) -> bool:
    return may_open(user, "staff:queue")


def staff_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Log-in first (an anonymous visitor is sent to the log-in page), then the matrix entry
    of the URL name this request resolved to (anyone else gets 403)."""

    @wraps(view)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not may_open(request.user, request.resolver_match.view_name):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(checked)
