"""Emails to seekers on the changes that matter to them: one function per event, each email
in the seeker's own language (``Seeker.language``, Dutch unless they chose otherwise).

The allocation services call these inside their transaction. Their emails wait in
``PendingBatch`` rows, written in the same transaction (a change that is rolled back sends
nothing), until ``voorrang manage send_notifications`` (the worker's duty) sends them: the
positions after a ranking and a withdrawn vacancy (many seekers at once), the receipt of a
response (so that a response, which comes in by the hundred per second when a popular home is
published, never waits for a mail server), and an offer, its expiry and a recorded refusal. When
the mail server does not take them, the round is rolled back and its batches wait for the next
run: nothing is lost, nothing goes out twice. A waiting email may be sent long after the
change it reports, so it is written only when it is sent, from the state of that moment: what
is no longer true is left out, and the batch records why (``PendingBatch.not_sent``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import structlog
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from voorrang import rows
from voorrang.notifications.models import NotSent, PendingBatch

log = structlog.get_logger(__name__)


def _address(seeker: Any) -> str:
    user = getattr(seeker, "user", None)
    return seeker.email or (user.email if user is not None else "")


def language_of(seeker: Any) -> str:
    """The language the seeker chose for their emails, if the installation offers it."""
    language = getattr(seeker, "language", "") or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def message(template: str, seeker: Any, context: dict[str, Any]) -> EmailMessage | None:
    """The email ``notifications/<template>`` to the seeker, in their language; None when the
    seeker has no address."""
    to = _address(seeker)
    if not to:
        return None
    context = {
        "seeker": seeker,
        "base_url": settings.VOORRANG_PUBLIC_URL,
        "my_url": settings.VOORRANG_PUBLIC_URL + reverse("portal:my_page"),
        **context,
    }
    with translation.override(language_of(seeker)):
        subject = render_to_string(f"notifications/{template}_subject.txt", context).strip()
        body = render_to_string(f"notifications/{template}.txt", context)
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to])


def _send_on_commit(messages: Iterable[EmailMessage | None]) -> None:
    ready = [m for m in messages if m is not None]
    if not ready:
        return

    def send() -> None:
        try:
            get_connection().send_messages(ready)
        except Exception:  # an unreachable mail server must not break the request
            log.exception("notification_not_sent", count=len(ready))

    transaction.on_commit(send)


def response_received(response: Any) -> None:
    """Queued: the seeker hears that their response came in."""
    _queue(PendingBatch.Event.RESPONSE_RECEIVED, response.pk)


def vacancy_withdrawn(vacancy: Any) -> None:
    """Queued: every seeker who responded hears that the home is withdrawn."""
    _queue(PendingBatch.Event.VACANCY_WITHDRAWN, vacancy.pk)


def position_known(ranking: Any) -> None:
    """Queued: after a ranking, each ranked candidate hears their position, each excluded
    one that they were not ranked (the reasons are on their page)."""
    _queue(PendingBatch.Event.POSITION_KNOWN, ranking.pk)


def _queue(event: str, object_id: int) -> None:
    rows.insert(PendingBatch(event=event, object_id=object_id))


@dataclass
class BatchEmails:
    """What a waiting batch comes to when it is sent: the emails that are true now, and how
    many were left out, by reason (a ``NotSent`` value)."""

    messages: list[EmailMessage] = field(default_factory=list)
    not_sent: Counter[str] = field(default_factory=Counter)

    def add(self, email: EmailMessage | None) -> None:
        """An email to send; None (from ``message``) when its seeker has no address."""
        if email is None:
            self.leave_out(NotSent.NO_ADDRESS)
        else:
            self.messages.append(email)

    def leave_out(self, reason: str, count: int = 1) -> None:
        if count:
            self.not_sent[reason] += count


Builder = Callable[[int], BatchEmails]

# The emails of each queued event, made when the batch is sent from the id of the object it is
# about and the state of that moment. The app whose object that is registers them in its
# ``AppConfig.ready`` (allocation.batch_emails), so that sending them needs no import of that
# app here.
_BUILDERS: dict[str, Builder] = {}


def register_batch(event: str, builder: Builder) -> None:
    """Make ``builder`` write the emails of the queued ``event``; one builder per event."""
    if event in _BUILDERS:
        raise ValueError(f"the queued event {str(event)!r} has its emails already")
    _BUILDERS[event] = builder


# Batches claimed per transaction: receipts of responses come one batch per response.
BATCHES_PER_ROUND = 100


def send_pending() -> int:
    """Send every waiting batch; returns the number of emails sent. Batches are claimed under
    row locks (skipped by a second sender running at the same time) and marked sent in the
    same transaction, so no email goes out twice. Each batch's emails are written now, from
    the current state: what has stopped being true is left out and counted by reason."""
    total = 0
    while True:
        with transaction.atomic():
            batches = list(
                PendingBatch.objects.select_for_update(skip_locked=True)
                .filter(sent_at__isnull=True)
                .order_by("pk")[:BATCHES_PER_ROUND]
            )
            if not batches:
                return total
            ready: list[EmailMessage] = []
            now = timezone.now()
            for batch in batches:
                emails = _BUILDERS[batch.event](batch.object_id)
                batch.sent_at = now
                batch.sent = len(emails.messages)
                batch.not_sent = {str(reason): n for reason, n in emails.not_sent.items()}
                ready += emails.messages
                if emails.not_sent:
                    log.info(
                        "notifications_left_out",
                        notification_event=batch.event,
                        object_id=batch.object_id,
                        reasons=batch.not_sent,
                    )
            if ready:
                get_connection().send_messages(ready)
            PendingBatch.objects.bulk_update(batches, ["sent_at", "sent", "not_sent"])
            total += len(ready)


def offer_made(offer: Any) -> None:
    """Queued: the candidate hears of the offer, while it is still open when sent."""
    _queue(PendingBatch.Event.OFFER_MADE, offer.pk)


def offer_expired(offer: Any) -> None:
    """Queued: the candidate hears that the deadline passed."""
    _queue(PendingBatch.Event.OFFER_EXPIRED, offer.pk)


def refusal_recorded(offer: Any) -> None:
    """Queued: the candidate's refusal, as recorded, with its reason."""
    _queue(PendingBatch.Event.REFUSAL_RECORDED, offer.pk)


def commitment_ended(application: Any) -> None:
    """Queued: the holder of an approved commitment was housed by another route, and the
    policy ended the commitment (``[track] housed_by_other_route = "end"``)."""
    _queue(PendingBatch.Event.COMMITMENT_ENDED, application.pk)


def check_rejected(seeker: Any, *, part: str, reason: str) -> None:
    """Staff rejected the seeker's income (``part`` "income") or household ("household"): the
    seeker hears why and what to do, when the rejection is committed."""
    context = {
        "part": part,
        "reason": reason,
        "details_url": settings.VOORRANG_PUBLIC_URL
        + reverse("portal:details_income" if part == "income" else "portal:details_household"),
    }
    _send_on_commit([message("check_rejected", seeker, context)])


def registration_ended(seeker: Any, *, home: str) -> None:
    """The household was let a home: their registration ended, with its registration time
    kept or not (``seeker.registration_time_kept``)."""
    _send_on_commit([message("registration_ended", seeker, {"home": home})])


def account_end_decided(
    *,
    address: str,
    language: str | None,
    confirmed: bool,
    kept_for: list[str] | None = None,
    reason: str = "",
) -> None:
    """Staff's decision on a request to end an account. The address is passed in: when the
    request is confirmed, it is erased in the same transaction."""
    template = "account_ended" if confirmed else "account_end_declined"
    context = {
        "kept_for": kept_for or [],
        "reason": reason,
        "base_url": settings.VOORRANG_PUBLIC_URL,
    }
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"notifications/{template}_subject.txt", context).strip()
        body = render_to_string(f"notifications/{template}.txt", context)
    _send_on_commit([EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address])])
