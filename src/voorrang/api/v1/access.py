"""The role behind a client may do through ``/api/v1/`` what the pages allow that role, no
more: each resource names the page whose entry in ``voorrang.web.access.ACCESS`` decides."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from voorrang.web.access import may_open


class RoleMayOpenPage(permissions.BasePermission):
    """The view sets ``page`` (a URL name of the access matrix, e.g. ``"staff:vacancy"``),
    and ``write_page`` for writing when that is another page; ``page = None`` is public."""

    message = _("The role of this API client may not see this on the pages either.")

    def has_permission(self, request, view) -> bool:
        page = getattr(view, "page", None)
        if request.method not in permissions.SAFE_METHODS:
            page = getattr(view, "write_page", page)
        return page is None or may_open(request.user, page)
