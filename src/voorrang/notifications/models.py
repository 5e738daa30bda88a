"""Emails to many seekers at once wait here until ``voorrang manage send_notifications``
sends them, so that ranking a vacancy with thousands of responses does not keep the staff
member's request waiting for thousands of emails."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PendingBatch(models.Model):
    class Event(models.TextChoices):
        POSITION_KNOWN = "position_known", _("positions after a ranking")
        VACANCY_WITHDRAWN = "vacancy_withdrawn", _("vacancy withdrawn")
        RESPONSE_RECEIVED = "response_received", _("response received")

    event = models.CharField(_("event"), max_length=30, choices=Event.choices)
    # The ranking (position_known), the vacancy (vacancy_withdrawn) or the response
    # (response_received) the emails are about.
    object_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["sent_at"])]
        verbose_name = _("pending batch of emails")
        verbose_name_plural = _("pending batches of emails")

    def __str__(self) -> str:
        return f"{self.event} {self.object_id}"
