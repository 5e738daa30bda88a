"""Emails wait here until ``voorrang manage send_notifications`` sends them, so that ranking a
vacancy with thousands of responses does not keep the staff member's request waiting for
thousands of emails, and so that an email the mail server did not take is sent again: a batch
stays waiting until it was sent."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class NotSent(models.TextChoices):
    """Why an email of a batch was not sent: what it would say was no longer true when the
    batch was sent, or it had nobody to go to."""

    NO_ADDRESS = "no_address", _("the seeker has no email address")
    GONE = "gone", _("what the email is about no longer exists")
    RESPONSE_WITHDRAWN = "response_withdrawn", _("the response was withdrawn")
    VACANCY_WITHDRAWN = "vacancy_withdrawn", _("the vacancy was withdrawn")
    VACANCY_RANKED = "vacancy_ranked", _("the responses were ranked already")
    VACANCY_LET = "vacancy_let", _("the home was let")
    RANKING_REPLACED = "ranking_replaced", _("the vacancy was ranked again")
    HAD_OFFER = "had_offer", _("the seeker had an offer for this home already")
    SEEKER_NOT_ACTIVE = "seeker_not_active", _("the seeker no longer looks for a home")
    OFFER_SETTLED = "offer_settled", _("the offer was answered or ended already")


class PendingBatch(models.Model):
    class Event(models.TextChoices):
        POSITION_KNOWN = "position_known", _("positions after a ranking")
        VACANCY_WITHDRAWN = "vacancy_withdrawn", _("vacancy withdrawn")
        RESPONSE_RECEIVED = "response_received", _("response received")
        OFFER_MADE = "offer_made", _("offer made")
        OFFER_EXPIRED = "offer_expired", _("offer expired")
        REFUSAL_RECORDED = "refusal_recorded", _("refusal recorded")
        COMMITMENT_ENDED = "commitment_ended", _("commitment ended: housed by another route")

    event = models.CharField(_("event"), max_length=30, choices=Event.choices)
    # The ranking (position_known), the vacancy (vacancy_withdrawn), the response
    # (response_received), the offer (offer_made, offer_expired, refusal_recorded) or the
    # targeted-track application (commitment_ended) the emails are about.
    object_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent = models.PositiveIntegerField(default=0)
    # The emails left out when the batch was sent, counted by reason (a NotSent value).
    not_sent = models.JSONField(_("not sent, by reason"), default=dict, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["sent_at"])]
        verbose_name = _("pending batch of emails")
        verbose_name_plural = _("pending batches of emails")

    def __str__(self) -> str:
        return f"{self.event} {self.object_id}"

    def not_sent_reasons(self) -> list[tuple[str, int]]:
        """The reasons the emails left out were left out, in words, with their number."""
        labels = dict(NotSent.choices)
        return [(str(labels.get(reason, reason)), count) for reason, count in self.not_sent.items()]
