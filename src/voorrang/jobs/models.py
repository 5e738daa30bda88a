"""A job: what to do (kind and parameters), who asked, where it stands, and where its results
are kept (``jobs/<id>/`` in the file storage)."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from voorrang.jobs.states import FINISHED, JobStatus


class Job(models.Model):
    kind = models.CharField(_("kind"), max_length=64, db_index=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    parameters = models.JSONField(_("parameters"), default=dict, encoder=DjangoJSONEncoder)
    status = models.CharField(
        _("status"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress_done = models.PositiveIntegerField(_("steps done"), default=0)
    progress_total = models.PositiveIntegerField(_("steps in all"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Written by the worker every few seconds while it runs the job: a running job whose
    # heartbeat is old lost its worker.
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    worker = models.CharField(_("worker"), max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("error"), blank=True)
    # Where the results are in the file storage (voorrang.files), never in the static files.
    result_folder = models.CharField(_("result folder"), max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "kind", "created_at"])]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int:
        if not self.progress_total:
            return 100 if self.status == JobStatus.DONE else 0
        return min(100, round(100 * self.progress_done / self.progress_total))
