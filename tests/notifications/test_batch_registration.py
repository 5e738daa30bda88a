"""Each queued event has its emails registered by the app whose object it is about (allocation,
the targeted track), once."""

from __future__ import annotations

import pytest

from voorrang.allocation import batch_emails
from voorrang.notifications import emails
from voorrang.notifications.models import PendingBatch


def test_every_queued_event_has_the_emails_of_its_app() -> None:
    from voorrang.commitments import batch_emails as track_emails

    assert {
        PendingBatch.Event.POSITION_KNOWN: batch_emails.position_messages,
        PendingBatch.Event.VACANCY_WITHDRAWN: batch_emails.withdrawn_messages,
        PendingBatch.Event.RESPONSE_RECEIVED: batch_emails.received_messages,
        PendingBatch.Event.OFFER_MADE: batch_emails.offer_made_messages,
        PendingBatch.Event.OFFER_EXPIRED: batch_emails.offer_expired_messages,
        PendingBatch.Event.REFUSAL_RECORDED: batch_emails.refusal_messages,
        PendingBatch.Event.COMMITMENT_ENDED: track_emails.commitment_ended_messages,
    } == emails._BUILDERS


def test_a_second_registration_for_an_event_is_refused() -> None:
    with pytest.raises(ValueError, match="position_known"):
        emails.register_batch(PendingBatch.Event.POSITION_KNOWN, batch_emails.received_messages)
    assert emails._BUILDERS[PendingBatch.Event.POSITION_KNOWN] is batch_emails.position_messages
