"""What the portal keeps of its own: requests to end an account."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from voorrang.seekers.models import Seeker
from voorrang.transitions import StateMachine


class EndRequestStatus(models.TextChoices):
    PENDING = "pending", _("waiting for staff")
    CONFIRMED = "confirmed", _("confirmed")
    DECLINED = "declined", _("declined")


# The one place that says which decisions are possible (services check it).
ALLOWED_END_REQUEST_CHANGES: dict[str, set[str]] = {
    EndRequestStatus.PENDING: {EndRequestStatus.CONFIRMED, EndRequestStatus.DECLINED},
    EndRequestStatus.CONFIRMED: set(),
    EndRequestStatus.DECLINED: set(),
}
END_REQUEST_MACHINE = StateMachine(
    field="status",
    allowed=ALLOWED_END_REQUEST_CHANGES,
    states=EndRequestStatus,
    message=_("This request is %(old)s already; it cannot become %(new)s."),
    code="end_request_state",
)


class AccountEndRequest(models.Model):
    """A seeker asks for their account to be ended. Staff confirm it later: registrations
    needed for running allocations are kept as the law requires, the rest is erased."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="end_requests",
    )
    seeker = models.ForeignKey(
        Seeker, null=True, blank=True, on_delete=models.SET_NULL, related_name="end_requests"
    )
    reason = models.TextField(_("reason"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=EndRequestStatus.choices,
        default=EndRequestStatus.PENDING,
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Set when the registration data kept for running allocations was erased too.
    registration_erased_at = models.DateTimeField(
        _("registration erased at"), null=True, blank=True
    )

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("request to end an account")
        verbose_name_plural = _("requests to end an account")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="pending"),
                name="one_pending_end_request_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.status})"
