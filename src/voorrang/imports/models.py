"""The staff page's upload, kept between its preview and its confirmation: the confirmation
imports this stored file, never a second copy from the browser."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredImport(models.Model):
    class Kind(models.TextChoices):
        UNITS = "units", _("units")
        SEEKERS = "seekers", _("seekers")
        RESPONSES = "responses", _("responses")
        URGENCY = "urgency", _("urgency declarations")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    file_name = models.CharField(_("file name"), max_length=200)
    data = models.BinaryField(_("file"))
    sha256 = models.CharField(max_length=64)
    # What the preview showed, in one hash (voorrang.imports.services.ImportResult.digest).
    preview_digest = models.CharField(max_length=64)
    # The preview as it was shown: counts and the rows that change (voorrang.imports.uploads).
    preview = models.JSONField(default=dict)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("uploaded import")
        verbose_name_plural = _("uploaded imports")

    def __str__(self) -> str:
        return self.file_name
