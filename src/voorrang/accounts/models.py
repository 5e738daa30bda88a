"""What accounts keep besides Django's own user: the link to a person at the organisation's
OpenID Connect provider."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
