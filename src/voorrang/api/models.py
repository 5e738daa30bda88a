"""The systems that call Voorrang's interfaces: one ``ApiClient`` per system, with its key
(stored hashed, shown once), its scopes and the role it acts in.

Each client acts through an account of its own (``user``): an account without a password, in
the group of the client's role. Every check the pages make (``voorrang.web.access.may_read``)
holds for the client as for a person in that role, and every write a client makes is audited
with that account, named after the client, as the actor."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from voorrang.roles import Role

# The roles a system may act in. A seeker's and the application manager's are a person's.
CLIENT_ROLES = (
    (Role.STAFF_ALLOCATION.value, _("Allocation staff (the housing corporation)")),
    (Role.STAFF_WELFARE.value, _("Welfare coordinator")),
    (Role.POLICY.value, _("Policy officer (the municipality)")),
    (Role.RESEARCHER.value, _("Researcher (the evaluation institute)")),
)
# The account of client NAME is called "api-NAME".
ACCOUNT_PREFIX = "api-"


class ApiClient(models.Model):
    name = models.SlugField(_("name"), max_length=60, unique=True)
    organisation = models.CharField(_("organisation"), max_length=120, blank=True)
    role = models.CharField(_("role"), max_length=40, choices=CLIENT_ROLES)
    scopes = models.JSONField(_("scopes"), default=list)
    # The first characters of the key find the client; the SHA-256 of the whole key checks
    # it. The key itself is never stored.
    key_prefix = models.CharField(_("start of the key"), max_length=12, unique=True)
    key_hash = models.CharField(_("SHA-256 of the key"), max_length=64)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        related_name="api_client",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")

    def __str__(self) -> str:
        return self.name

    @property
    def active(self) -> bool:
        return self.revoked_at is None
