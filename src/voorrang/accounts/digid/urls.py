"""The DigiD pages (namespace ``digid``; django-digid-eherkenning's mock log-in reverses
``digid:acs``), and the mock identity provider (namespace ``digid-mock``), which answers only
when VOORRANG_DIGID is ``mock``."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from digid_eherkenning.mock.idp.views.digid import (
    DigiDMockIDPBSNLoginView,
    DigiDMockIDPLoginView,
)
from django.http import HttpRequest, HttpResponse
from django.urls import path

from voorrang.accounts.digid import connection, views

app_name = "digid"

urlpatterns = [
    path("", views.start, name="login"),
    path("acs/", views.returned, name="acs"),
    path("link/", views.link, name="link"),
    path("link/sent/", views.check_email, name="check_email"),
    path("link/<int:request_id>/<str:secret>/", views.confirm, name="confirm"),
]


def _mock_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    # The mock stands in for DigiD's own site, which our policy would never govern; its
    # templates (django-digid-eherkenning's) carry inline styles, allowed on these two pages
    # alone. Scripts stay as strict as everywhere else.
    @csp_update({"style-src": [UNSAFE_INLINE]})
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        connection.require(connection.MOCK)
        return view(request, *args, **kwargs)

    return wrapper


mock_identity_provider = (
    [
        path("", _mock_only(DigiDMockIDPLoginView.as_view()), name="login"),
        path("bsn/", _mock_only(DigiDMockIDPBSNLoginView.as_view()), name="bsn"),
    ],
    "digid-mock",
)
