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


class DutyOutcome(models.TextChoices):
    OK = "ok", _("done")
    FAILED = "failed", _("failed")


class Duty(models.Model):
    """One periodic duty (its name from ``voorrang.jobs.duties``): when it runs next, who holds
    it now, and how its last run went. A worker runs a duty only after claiming its lease with
    one conditional UPDATE (``voorrang.jobs.leases``), so a duty runs at most once at a time
    across all workers; a lease not renewed lapses, and another worker takes the duty over."""

    name = models.CharField(_("name"), max_length=64, primary_key=True)
    next_run_at = models.DateTimeField(_("next run"))
    lease_holder = models.CharField(_("running in worker"), max_length=200, blank=True)
    lease_until = models.DateTimeField(_("lease until"), null=True, blank=True)
    last_started_at = models.DateTimeField(_("last started"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("last finished"), null=True, blank=True)
    last_worker = models.CharField(_("last run by"), max_length=200, blank=True)
    last_outcome = models.CharField(
        _("outcome"), max_length=8, choices=DutyOutcome.choices, blank=True
    )
    # What the last run did, as counts the status page words in the reader's language
    # ({"expired": 3}); empty after a failure.
    last_counts = models.JSONField(_("what it did"), default=dict, blank=True)
    last_error = models.TextField(_("error"), blank=True)
    runs = models.PositiveIntegerField(_("runs"), default=0)
    failures_in_a_row = models.PositiveIntegerField(_("failures in a row"), default=0)

    class Meta:
        ordering = ["name"]
        verbose_name = _("periodic duty")
        verbose_name_plural = _("periodic duties")

    def __str__(self) -> str:
        return self.name


class WorkerProcess(models.Model):
    """A worker process's sign of life, written every few seconds while it runs: the status
    page says from these whether any worker is alive."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    host = models.CharField(_("host"), max_length=200)
    pid = models.PositiveIntegerField(_("process id"))
    runs_jobs = models.BooleanField(_("runs queued jobs"), default=True)
    runs_duties = models.BooleanField(_("runs periodic duties"), default=True)
    started_at = models.DateTimeField(_("started at"))
    last_seen_at = models.DateTimeField(_("last sign of life"), db_index=True)
    stopped_at = models.DateTimeField(_("stopped at"), null=True, blank=True)

    class Meta:
        ordering = ["-last_seen_at"]
        verbose_name = _("worker process")
        verbose_name_plural = _("worker processes")

    def __str__(self) -> str:
        return self.name
