"""An offer, its expiry and a refusal are emailed through the queue (``send_notifications``),
not when the change commits: a mail server that is down loses nothing, the batch waits and goes
out on the next run, once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from tests.allocation.flow import published, ranked
from tests.factories import SeekerFactory, StaffFactory
from voorrang.allocation import services
from voorrang.notifications.emails import send_pending
from voorrang.notifications.models import PendingBatch

pytestmark = pytest.mark.django_db


class MailServerDown(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("the mail server does not answer")


@pytest.fixture
def staff():
    return StaffFactory()


def _ranked(staff):
    seekers = [
        SeekerFactory(
            email=f"{name}@example.org", language="en", registered_on=dt.date(2001 + i, 1, 1)
        )
        for i, name in enumerate(["anna", "bert"])
    ]
    vacancy = ranked(staff, published(staff), seekers)
    send_pending()  # the receipts and the positions
    mail.outbox.clear()
    return vacancy


def test_an_offer_waits_in_the_queue_and_is_sent_again_after_a_failure(
    staff, settings, django_capture_on_commit_callbacks
) -> None:
    vacancy = _ranked(staff)
    with django_capture_on_commit_callbacks(execute=True):
        offer = services.offer_next(actor=staff, vacancy=vacancy)
    assert mail.outbox == []  # nothing on commit
    batch = PendingBatch.objects.get(event="offer_made", object_id=offer.pk)

    settings.EMAIL_BACKEND = "tests.notifications.test_offer_emails_queued.MailServerDown"
    with pytest.raises(ConnectionRefusedError):
        send_pending()
    batch.refresh_from_db()
    assert batch.sent_at is None  # still waiting

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_pending() == 1
    assert [m.to for m in mail.outbox] == [["anna@example.org"]]
    assert "We offer you the home" in mail.outbox[0].subject
    assert send_pending() == 0  # sent once
    batch.refresh_from_db()
    assert batch.sent == 1


def test_a_refusal_and_the_next_offer_are_queued(staff) -> None:
    vacancy = _ranked(staff)
    offer = services.offer_next(actor=staff, vacancy=vacancy)
    services.refuse_offer(actor=staff, offer=offer, reason="size")
    assert send_pending() == 2
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "You said no" in subjects["anna@example.org"]
    assert "We offer you the home" in subjects["bert@example.org"]
    # The first offer was answered before its email went out: only the refusal says so.
    assert PendingBatch.objects.get(event="offer_made", object_id=offer.pk).not_sent == {
        "offer_settled": 1
    }


def test_an_expiry_is_queued(staff) -> None:
    vacancy = _ranked(staff)
    offer = services.offer_next(actor=staff, vacancy=vacancy)
    send_pending()
    mail.outbox.clear()
    services.expire_due_offers(now=offer.deadline + dt.timedelta(minutes=1))
    assert mail.outbox == []
    send_pending()
    assert any(m.to == ["anna@example.org"] and "has ended" in m.subject for m in mail.outbox)
