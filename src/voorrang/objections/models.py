"""An objection (bezwaar) against the allocation decision on a vacancy: lodged by a candidate
who was passed over or excluded, decided by a second staff member with reasons."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from voorrang.allocation.models import Offer, Vacancy
from voorrang.seekers.models import Seeker
from voorrang.transitions import StateMachine


class ObjectionState(models.TextChoices):
    LODGED = "lodged", _("waiting for a decision")
    UPHELD = "upheld", pgettext_lazy("objection", "upheld")
    REJECTED = "rejected", pgettext_lazy("objection", "rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Ground(models.TextChoices):
    PASSED_OVER = "passed_over", _("passed over")
    EXCLUDED = "excluded", _("excluded")


ALLOWED_OBJECTION_CHANGES: dict[str, frozenset[str]] = {
    ObjectionState.LODGED: frozenset(
        {ObjectionState.UPHELD, ObjectionState.REJECTED, ObjectionState.WITHDRAWN}
    ),
    ObjectionState.UPHELD: frozenset(),
    ObjectionState.REJECTED: frozenset(),
    ObjectionState.WITHDRAWN: frozenset(),
}
OBJECTION_MACHINE = StateMachine(
    field="state",
    allowed=ALLOWED_OBJECTION_CHANGES,
    states=ObjectionState,
    message=_("This objection is %(old)s; it cannot become %(new)s."),
    code="letting_objection_state",
)
DECIDED = (ObjectionState.UPHELD, ObjectionState.REJECTED)


def objection_document_name(instance: Objection, filename: str) -> str:
    """A random name: the uploader's file name says nothing the record needs to keep."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"objections/{secrets.token_hex(16)}.{extension}"


class Objection(models.Model):
    vacancy = models.ForeignKey(
        Vacancy, verbose_name=_("vacancy"), on_delete=models.PROTECT, related_name="objections"
    )
    seeker = models.ForeignKey(
        Seeker, verbose_name=_("home seeker"), on_delete=models.PROTECT, related_name="objections"
    )
    ground = models.CharField(_("ground"), max_length=12, choices=Ground.choices)
    lodged_at = models.DateTimeField(_("lodged at"))
    reasons = models.TextField(_("reasons"))
    document = models.FileField(
        _("document"), upload_to=objection_document_name, max_length=200, blank=True
    )
    # The staff member who registered an objection received by post; empty when the seeker
    # lodged it in the portal.
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=ObjectionState.choices, default=ObjectionState.LODGED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reasons = models.TextField(_("reasons for the decision"), blank=True)
    # Offers made on the vacancy while this objection was pending, under the policy
    # "subject_to": each was made subject to the outcome of this objection.
    subject_offers = models.ManyToManyField(Offer, blank=True, related_name="subject_to_objections")

    class Meta:
        ordering = ["-lodged_at"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        constraints = [
            models.UniqueConstraint(
                fields=["vacancy", "seeker"],
                condition=~models.Q(state="withdrawn"),
                name="one_objection_per_candidate",
            ),
            models.CheckConstraint(
                condition=models.Q(decided_by__isnull=True)
                | models.Q(registered_by__isnull=True)
                | ~models.Q(decided_by=models.F("registered_by")),
                name="objection_needs_a_second_person",
            ),
        ]
        indexes = [models.Index(fields=["state", "lodged_at"])]

    def __str__(self) -> str:
        return f"{self.seeker} / {self.vacancy} ({self.state})"

    @property
    def pending(self) -> bool:
        return self.state == ObjectionState.LODGED
