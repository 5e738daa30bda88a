"""Writes of DigiD: a DigiD log-in that matched no account asks, by email, to be linked to
the seeker's account (or to a new one); following the emailed link in the same browser links
it. The BSN itself never reaches these functions: only its keyed hash (``bsn.bsn_digest``),
and the audit events record that an account has a DigiD, never which."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from voorrang.accounts.digid.selectors import may_use_digid
from voorrang.accounts.models import DigidIdentity, DigidLinkRequest
from voorrang.accounts.roles import Role
from voorrang.accounts.services import normalise_email
from voorrang.audit.services import record
from voorrang.errors import NotAllowed


def _send_link(*, to: str, context: dict[str, Any]) -> None:
    subject = render_to_string("accounts/email/digid_link_subject.txt", context).strip()
    body = render_to_string("accounts/email/digid_link.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])


def _secret_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _account_with_email(email: str) -> Any | None:
    accounts = get_user_model().objects
    return (
        accounts.filter(username__iexact=email).first()
        or accounts.filter(email__iexact=email).first()
    )


def _new_seeker_account(email: str) -> Any | None:
    """An inactive seeker account without a password, for a DigiD log-in; None when the
    address was taken a moment ago."""
    try:
        with transaction.atomic():
            account = get_user_model().objects.create_user(
                username=email, email=email, password=None, is_active=False
            )
    except IntegrityError:
        return None
    account.groups.add(Group.objects.get_or_create(name=Role.SEEKER)[0])
    record(
        actor=None,
        action="account.created",
        obj=account,
        after={"active": False, "groups": [Role.SEEKER.value], "log_in": "digid"},
    )
    return account


@transaction.atomic
def request_link(*, bsn_digest: str, email: str, base_url: str, now: datetime) -> int | None:
    """Send the link that ties this DigiD to the seeker account of ``email``, or to a new
    seeker account for that address when there is none. Returns the request's number, which
    the caller keeps in the browser session: the link works only there.

    Nothing is sent, and None returned, when the address belongs to an account that may not
    use DigiD (staff) or has a DigiD already. The caller shows the same page either way, so
    the answer does not tell whether an address has an account."""
    email = normalise_email(email)
    if DigidIdentity.objects.filter(bsn_digest=bsn_digest).exists():
        return None  # linked meanwhile: this DigiD logs in straight away now
    account = _account_with_email(email)
    new_account = account is None
    if account is None:
        account = _new_seeker_account(email)
        if account is None:
            return None
    elif not may_use_digid(account) or DigidIdentity.objects.filter(account=account).exists():
        return None
    secret = secrets.token_urlsafe(32)
    link_request = DigidLinkRequest.objects.create(
        account=account,
        bsn_digest=bsn_digest,
        secret_digest=_secret_digest(secret),
        new_account=new_account,
        requested_at=now,
    )
    record(
        actor=None,
        action="account.digid_link_requested",
        obj=account,
        after={"new_account": new_account},
    )
    link = base_url + reverse(
        "digid:confirm", kwargs={"request_id": link_request.pk, "secret": secret}
    )
    hours = int(DigidLinkRequest.LIFETIME.total_seconds() // 3600)
    context = {"link": link, "hours": hours, "new_account": new_account}
    transaction.on_commit(lambda: _send_link(to=email, context=context))
    return link_request.pk


def pending_link(*, request_id: int, secret: str, now: datetime) -> DigidLinkRequest:
    """The link request that this emailed link confirms, while it still may."""
    link_request = DigidLinkRequest.objects.select_related("account").filter(pk=request_id).first()
    if link_request is None or not hmac.compare_digest(
        _secret_digest(secret), link_request.secret_digest
    ):
        raise NotAllowed(_("This link does not work."), code="digid_link_unknown")
    if link_request.used_at is not None:
        raise NotAllowed(_("This link was used already."), code="digid_link_used")
    if link_request.expired(now):
        raise NotAllowed(_("This link is too old."), code="digid_link_expired")
    return link_request


@transaction.atomic
def confirm_link(*, request_id: int, secret: str, bsn_digest: str, now: datetime) -> Any:
    """Link the DigiD to the account, once. ``bsn_digest`` is the hash of the DigiD that
    the browser following the link logged in with: a link followed in any other browser,
    or after another DigiD log-in, links nothing. Otherwise someone could log in with their
    own DigiD, type another person's address, and have that person's click give them the
    account. The account becomes active: the link proved its address."""
    link_request = pending_link(request_id=request_id, secret=secret, now=now)
    # The request, then the account: every DigiD write locks in this order.
    link_request = DigidLinkRequest.objects.select_for_update().get(pk=link_request.pk)
    if link_request.used_at is not None:
        raise NotAllowed(_("This link was used already."), code="digid_link_used")
    if not hmac.compare_digest(link_request.bsn_digest, bsn_digest):
        raise NotAllowed(
            _("Open the link in the browser in which you logged in with DigiD."),
            code="digid_link_other_login",
        )
    account = get_user_model().objects.select_for_update().get(pk=link_request.account_id)
    if not may_use_digid(account):
        raise NotAllowed(_("This account cannot log in with DigiD."), code="digid_not_seeker")
    if (
        DigidIdentity.objects.filter(account=account).exists()
        or DigidIdentity.objects.filter(bsn_digest=bsn_digest).exists()
    ):
        raise NotAllowed(_("This DigiD or this account is linked already."), code="digid_linked")
    link_request.used_at = now
    link_request.save(update_fields=["used_at"])
    DigidIdentity.objects.create(account=account, bsn_digest=bsn_digest, linked_at=now)
    if not account.is_active:
        account.is_active = True
        account.save(update_fields=["is_active"])
        record(
            actor=account,
            action="account.email_confirmed",
            obj=account,
            before={"active": False},
            after={"active": True},
        )
    record(actor=account, action="account.digid_linked", obj=account, after={"digid": True})
    return account


@transaction.atomic
def forget_digid(*, actor: Any, account: Any) -> None:
    """The account ends: its DigiD hash and any pending link requests go with it, so that the
    DigiD can be linked to a new account later."""
    linked, _kinds = DigidIdentity.objects.filter(account=account).delete()
    DigidLinkRequest.objects.filter(account=account).delete()
    if linked:
        record(actor=actor, action="account.digid_unlinked", obj=account, before={"digid": True})
