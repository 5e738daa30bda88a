"""Two transactions writing audit events at the same moment, on PostgreSQL, do not fork the
chain: the second waits for the first's head."""

from __future__ import annotations

import io
import itertools

import pytest
from django.core.management import call_command
from django.db import transaction

from tests.concurrency import at_once
from tests.factories import SeekerFactory, StaffFactory
from voorrang.audit.models import AuditEvent
from voorrang.audit.services import record

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("postgres_only"),
]

THREADS = 4
EVENTS = 10


def test_transactions_recording_at_once_make_one_chain() -> None:
    staff, seeker = StaffFactory(), SeekerFactory()
    record(actor=staff, action="seeker.viewed", obj=seeker)

    def writer(n: int):
        def write() -> int:
            for i in range(EVENTS):
                with transaction.atomic():
                    # Work before the event, as a service does, so that transactions overlap.
                    list(AuditEvent.objects.filter(action="seeker.viewed")[:1])
                    record(actor=staff, action="seeker.viewed", obj=seeker, summary=f"{n}.{i}")
                    record(actor=staff, action="seeker.noted", obj=seeker, summary=f"{n}.{i}")
            return n

        return write

    assert at_once(*(writer(n) for n in range(THREADS))) == list(range(THREADS))
    events = list(AuditEvent.objects.order_by("sequence"))
    assert len(events) == 1 + THREADS * EVENTS * 2
    assert [e.sequence for e in events] == list(range(1, len(events) + 1))
    assert len({e.previous_hash for e in events}) == len(events)  # no two share a parent
    for earlier, later in itertools.pairwise(events):
        assert later.previous_hash == earlier.hash
    # One transaction's two events stay side by side: the head is held until it commits.
    for viewed, noted in zip(events[1::2], events[2::2], strict=True):
        assert (viewed.action, noted.action, viewed.summary) == (
            "seeker.viewed",
            "seeker.noted",
            noted.summary,
        )
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert f"{len(events)} audit events checked" in out.getvalue()
