"""Emails to many seekers wait in a batch until send_notifications sends them, once."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.management import call_command

from tests.allocation.flow import published, ranked
from tests.factories import SeekerFactory, StaffFactory
from voorrang.notifications.models import PendingBatch

pytestmark = pytest.mark.django_db


def test_a_ranking_queues_its_emails_and_the_command_sends_them_once() -> None:
    staff = StaffFactory()
    seekers = [SeekerFactory(email=f"s{i}@example.org") for i in range(3)]
    ranked(staff, published(staff), seekers)
    assert PendingBatch.objects.filter(event="position_known", sent_at=None).count() == 1
    # Each response's receipt waits in a batch of its own.
    assert PendingBatch.objects.filter(event="response_received", sent_at=None).count() == 3
    mail.outbox.clear()
    out = io.StringIO()
    call_command("send_notifications", stdout=out)
    # The receipts were overtaken by the ranking: only the positions go out.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(s.email for s in seekers)
    assert "emails sent: 3" in out.getvalue()
    receipts = PendingBatch.objects.filter(event="response_received")
    assert [b.not_sent for b in receipts] == 3 * [{"vacancy_ranked": 1}]
    call_command("send_notifications", stdout=io.StringIO())
    assert len(mail.outbox) == 3  # nothing twice
    assert not PendingBatch.objects.filter(sent_at=None).exists()


def test_a_receipt_is_not_sent_for_a_response_withdrawn_before_it_went_out() -> None:
    from voorrang.allocation import services

    staff = StaffFactory()
    seeker = SeekerFactory(email="w@example.org")
    response = services.respond(actor=None, vacancy=published(staff), seeker=seeker)
    services.withdraw_response(actor=None, response=response)
    call_command("send_notifications", stdout=io.StringIO())
    assert mail.outbox == []
