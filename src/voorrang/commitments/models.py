"""The targeted track. What the corporation may see of it is the commitment's status, its
building and its end date; the welfare organisation's own records come with the track's pages."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from voorrang.housing.models import Building
from voorrang.seekers.models import Seeker


class CommitmentStatus(models.TextChoices):
    # The same four statuses as the rules engine's commitment.status.
    PENDING = "pending", _("pending")
    APPROVED = "approved", _("approved")
    DECLINED = "declined", _("declined")
    ENDED = "ended", _("ended")


class Commitment(models.Model):
    seeker = models.ForeignKey(
        Seeker, verbose_name=_("home seeker"), on_delete=models.CASCADE, related_name="commitments"
    )
    building = models.ForeignKey(Building, verbose_name=_("building"), on_delete=models.PROTECT)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.PENDING,
    )
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.UniqueConstraint(
                fields=["seeker", "building"], name="one_commitment_per_building"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="approved") | models.Q(valid_until__isnull=False),
                name="approved_commitment_has_end_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.seeker} · {self.building} · {self.get_status_display()}"
