"""The DigiD pages: the log-in (mock or SAML), the return from DigiD, and the linking of a
DigiD to a seeker account by email.

The browser session carries the BSN's hash (never the BSN) from the return from DigiD to
the emailed link: the link links only the DigiD this browser logged in with."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import structlog
from digid_eherkenning.mock.views.digid import DigiDLoginMockView
from digid_eherkenning.views.digid import DigiDLoginView
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from onelogin.saml2.utils import OneLogin_Saml2_ValidationError

from voorrang.accounts import ratelimit
from voorrang.accounts.digid import connection, selectors, services
from voorrang.accounts.digid.bsn import InvalidBSN, bsn_digest
from voorrang.accounts.digid.forms import DigidEmailForm
from voorrang.accounts.models import DigidLinkRequest
from voorrang.client_address import client_address
from voorrang.errors import NotAllowed

log = structlog.get_logger(__name__)

TOO_MANY = 429
SESSION_DIGEST = "digid_bsn_digest"
SESSION_EMAIL = "digid_link_email"


class _SamlLoginView(DigiDLoginView):
    """The library's SAML log-in (a form that posts the signed request to DigiD), with the
    client configured from the settings."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from digid_eherkenning.forms import SAML2Form

        # The library's own get_context_data builds a client from its database configuration;
        # skip it and build the same context from ours. No RelayState: the return decides
        # where the seeker goes.
        context = super(DigiDLoginView, self).get_context_data(**kwargs)
        client = connection.SettingsDigiDClient(loa=self.get_level_of_assurance())
        location, parameters = client.create_authn_request(self.request)
        context["url"] = location
        context["form"] = SAML2Form(
            initial={"SAMLRequest": parameters["SAMLRequest"], "RelayState": ""}
        )
        return context

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        # The page's form posts to DigiD itself: the policy's form-action lets this one page
        # (and no other) post there (django-csp reads _csp_update from the response).
        response = super().render_to_response(context, **kwargs)
        target = urlsplit(context["url"])
        response._csp_update = {"form-action": [f"{target.scheme}://{target.netloc}"]}
        return response


_mock_login = DigiDLoginMockView.as_view()
_saml_login = _SamlLoginView.as_view()


@require_GET
@never_cache
def start(request: HttpRequest) -> HttpResponse:
    """To DigiD (the mock identity provider or Logius)."""
    connection.require(connection.MOCK, connection.REAL)
    if connection.mode() == connection.MOCK:
        return _mock_login(request)
    return _saml_login(request)


def _start_page(account: Any) -> str:
    """A registered seeker to their page; a new account to the registration's questions."""
    from voorrang.seekers.selectors import seeker_of

    return "portal:my_page" if seeker_of(account) is not None else "portal:register_start"


def _failed(request: HttpRequest, message: str) -> HttpResponse:
    messages.error(request, message)
    return redirect("accounts:login")


@require_GET
@never_cache
def returned(request: HttpRequest) -> HttpResponse:
    """Back from DigiD (the assertion consumer service): log in the linked account, or ask
    which account this DigiD belongs to."""
    connection.require(connection.MOCK, connection.REAL)
    try:
        if connection.mode() == connection.MOCK:
            bsn = request.GET.get("bsn", "")
        elif request.GET.get("SAMLart"):
            bsn = connection.bsn_from_artifact(request, request.GET["SAMLart"]) or ""
        else:
            bsn = ""
    except OneLogin_Saml2_ValidationError as error:
        cancelled = error.code == OneLogin_Saml2_ValidationError.STATUS_CODE_AUTHNFAILED
        log.info("digid.login_failed", cancelled=cancelled)
        if cancelled:
            return _failed(request, _("You have cancelled logging in with DigiD."))
        return _failed(request, _("Logging in with DigiD did not work. Please try again later."))
    try:
        digest = bsn_digest(bsn, key=settings.VOORRANG_BSN_KEY)
    except InvalidBSN:
        log.info("digid.login_failed", cancelled=False, reason="no_bsn")
        return _failed(request, _("Logging in with DigiD did not work. Please try again later."))
    account = selectors.account_for_digid(digest)
    if account is not None:
        login(request, account, backend=settings.AUTHENTICATION_BACKENDS[0])
        request.session.set_expiry(settings.DIGID_SESSION_AGE)
        log.info("digid.logged_in", account=account.pk)
        return redirect(_start_page(account))
    if request.user.is_authenticated:
        # Whoever was logged in here is not who just logged in with DigiD.
        logout(request)
    request.session[SESSION_DIGEST] = digest
    log.info("digid.not_linked")
    return redirect("digid:link")


@require_http_methods(["GET", "POST"])
@never_cache
def link(request: HttpRequest) -> HttpResponse:
    """This DigiD has no account yet: the seeker gives the email address of theirs (or of the
    new one), and gets a link."""
    connection.require(connection.MOCK, connection.REAL)
    digest = request.session.get(SESSION_DIGEST)
    if digest is None:
        return redirect("accounts:login")
    form = DigidEmailForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        elif not ratelimit.account_emails().allow(client_address(request)):
            form.add_error(None, _("Too many requests from here. Wait 15 minutes."))
            status = TOO_MANY
        else:
            services.request_link(
                bsn_digest=digest,
                email=form.cleaned_data["email"],
                base_url=request.build_absolute_uri("/").rstrip("/"),
                now=timezone.now(),
            )
            request.session[SESSION_EMAIL] = form.cleaned_data["email"]
            return redirect("digid:check_email")
    return render(request, "digid/link.html", {"form": form}, status=status)


@require_GET
def check_email(request: HttpRequest) -> HttpResponse:
    connection.require(connection.MOCK, connection.REAL)
    context = {
        "email": request.session.get(SESSION_EMAIL),
        "hours": int(DigidLinkRequest.LIFETIME.total_seconds() // 3600),
    }
    return render(request, "digid/check_email.html", context)


def _link_invalid(request: HttpRequest, error: NotAllowed) -> HttpResponse:
    log.info("digid.link_refused", code=error.code)
    return render(request, "digid/link_invalid.html", {"message": error.message}, status=400)


@require_http_methods(["GET", "POST"])
@never_cache
def confirm(request: HttpRequest, request_id: int, secret: str) -> HttpResponse:
    """The emailed link. GET shows a button; POST links (a mail scanner opening the link
    changes nothing)."""
    connection.require(connection.MOCK, connection.REAL)
    try:
        pending = services.pending_link(request_id=request_id, secret=secret, now=timezone.now())
    except NotAllowed as error:
        return _link_invalid(request, error)
    digest = request.session.get(SESSION_DIGEST)
    if digest is None:
        return _link_invalid(
            request,
            NotAllowed(
                _("Open the link in the browser in which you logged in with DigiD."),
                code="digid_link_no_login",
            ),
        )
    if request.method == "POST":
        try:
            account = services.confirm_link(
                request_id=request_id, secret=secret, bsn_digest=digest, now=timezone.now()
            )
        except NotAllowed as error:
            return _link_invalid(request, error)
        login(request, account, backend=settings.AUTHENTICATION_BACKENDS[0])
        request.session.set_expiry(settings.DIGID_SESSION_AGE)
        request.session.pop(SESSION_DIGEST, None)
        request.session.pop(SESSION_EMAIL, None)
        log.info("digid.linked", account=account.pk)
        messages.success(
            request,
            _("Your DigiD is linked to your account. Next time DigiD logs you in straight away."),
        )
        return redirect(_start_page(account))
    return render(
        request,
        "digid/confirm.html",
        {"email": pending.account.email, "new_account": pending.new_account},
    )
