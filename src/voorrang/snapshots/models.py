from __future__ import annotations

from django.db import models
from django.utils import timezone


class RenderedSection(models.Model):
    """A section of a page as rendered for one version of its records (voorrang.snapshots).

    In the database rather than in a cache, so that every process and every application
    server finds what the worker or another server rendered, whatever ``CACHE_URL`` says."""

    name = models.CharField(max_length=64)
    key_digest = models.CharField(max_length=32)
    version = models.CharField(max_length=32)
    html = models.TextField()
    made_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["name", "key_digest", "version"], name="snapshots_one_per_version"
            )
        ]
        indexes = [models.Index(fields=["made_at"], name="snapshots_made_at")]

    def __str__(self) -> str:
        return f"{self.name} {self.key_digest} {self.version}"
