"""What the accounts app stores beside Django's own accounts: the DigiD of a seeker account
and the requests to link one, and the link of a staff account to a person at the
organisation's OpenID Connect provider."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DigidIdentity(models.Model):
    """The DigiD with which a seeker logs in. Only the keyed hash of the BSN is kept
    (``voorrang.accounts.digid.bsn``): enough to recognise the seeker the next time, useless
    to anyone without the key. One BSN per account, one account per BSN."""

    account = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digid_identity"
    )
    bsn_digest = models.CharField(_("BSN hash"), max_length=64, unique=True, editable=False)
    linked_at = models.DateTimeField(_("linked at"))

    class Meta:
        verbose_name = _("DigiD identity")
        verbose_name_plural = _("DigiD identities")

    def __str__(self) -> str:
        # Never the hash: this text can end up on a page or in a log.
        return f"DigiD of account {self.account_id}"


class DigidLinkRequest(models.Model):
    """A DigiD log-in that matched no account, waiting for its person to confirm by email
    which account it belongs to (or the new account made for it). It works once, within
    ``LIFETIME``, and only in the browser session that logged in with DigiD."""

    LIFETIME = timedelta(hours=24)

    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digid_link_requests"
    )
    bsn_digest = models.CharField(max_length=64, editable=False)
    # SHA-256 of the secret in the emailed link: the database alone cannot follow it.
    secret_digest = models.CharField(max_length=64, editable=False)
    new_account = models.BooleanField(default=False)
    requested_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"DigiD link request {self.pk} for account {self.account_id}"

    def expired(self, now: datetime) -> bool:
        return now >= self.requested_at + self.LIFETIME


class SingleSignOnIdentity(models.Model):
    """The person at the provider (issuer and subject) that an account belongs to.

    An account made at a single sign-on log-in is found again by the provider's ``sub``, which
    the provider never gives to anyone else, and never by the email address: an address can
    change hands, and a seeker's account is named after theirs."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="single_sign_on",
    )
    issuer = models.CharField(_("provider"), max_length=255)
    subject = models.CharField(_("subject at the provider"), max_length=255)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("single sign-on identity")
        verbose_name_plural = _("single sign-on identities")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="one_account_per_subject")
        ]

    def __str__(self) -> str:
        return f"{self.subject} @ {self.issuer}"
