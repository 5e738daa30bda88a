"""Append-only audit events: who did what, when, to which record, with before and after."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from voorrang.audit import chain


class AppendOnlyError(Exception):
    """An audit event is never changed or deleted once written."""


class AuditEventManager(models.Manager):
    def bulk_create(self, objs, *args, **kwargs):
        """Stored in bulk (the demo's history), linked into the chain in the given order."""
        events = list(objs)
        using = self.db
        with transaction.atomic(using=using, savepoint=False):
            chain.link(events, using=using)
            return super().bulk_create(events, *args, **kwargs)


class AuditEvent(models.Model):
    # Set when the event is linked into the chain (voorrang.audit.chain.link).
    at = models.DateTimeField(_("at"), default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=80)
    object_id = models.CharField(_("object id"), max_length=64)
    summary = models.TextField(_("summary"), blank=True)
    reason = models.TextField(_("reason"), blank=True)
    before = models.JSONField(_("before"), null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(_("after"), null=True, blank=True, encoder=DjangoJSONEncoder)
    # The hash chain (docs/decisions/0001-audit-hash-chain.md): the event's place, the hash of
    # the event before it, and the SHA-256 of its own content with that previous hash.
    sequence = models.PositiveBigIntegerField(_("place in the chain"), unique=True)
    previous_hash = models.CharField(_("hash of the event before"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64)

    objects = AuditEventManager()

    class Meta:
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "at"]),
            # The last change of a kind of record, in one step (voorrang.snapshots).
            models.Index(fields=["object_type", "sequence"], name="audit_type_sequence"),
        ]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs) -> None:
        # Integrity, not business logic: an existing event can never be rewritten.
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("audit events cannot be changed")
        using = kwargs.get("using") or "default"
        with transaction.atomic(using=using, savepoint=False):
            chain.link([self], using=using)
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit events cannot be deleted")


class DailyRoot(models.Model):
    """The hash of the last audit event of a day (Europe/Amsterdam), once published. The
    published list lets anyone who kept a copy see when the trail, or this table with it,
    is rewritten afterwards."""

    day = models.DateField(_("day"), unique=True)
    sequence = models.PositiveBigIntegerField(_("place in the chain"))
    hash = models.CharField(_("hash"), max_length=64)
    published_at = models.DateTimeField(_("published at"), default=timezone.now)

    class Meta:
        ordering = ["day"]
        verbose_name = _("daily root hash")
        verbose_name_plural = _("daily root hashes")

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.hash}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("a published root cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("a published root cannot be deleted")
