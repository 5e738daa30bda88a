"""A file kept in the database itself, for installations with more than one application
server (``VOORRANG_FILE_STORAGE=database``, voorrang.files.storage)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StoredFile(models.Model):
    # The storage name, as Django's storage API uses it: ``evidence/<random>``,
    # ``jobs/<id>/charts/waiting.svg``.
    name = models.CharField(_("name"), max_length=255, unique=True)
    content = models.BinaryField(_("content"))
    size = models.PositiveBigIntegerField(_("size in bytes"))
    content_type = models.CharField(_("kind of file"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")

    def __str__(self) -> str:
        return self.name
