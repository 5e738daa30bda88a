"""Responses written in bulk by the demo are the rows and events ``services.respond`` writes."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.allocation.flow import published
from tests.factories import SeekerFactory, StaffFactory
from voorrang.allocation import services
from voorrang.allocation.models import Response
from voorrang.audit.models import AuditEvent
from voorrang.demo.responses import NewResponse, insert_responses

pytestmark = pytest.mark.django_db


def test_a_bulk_response_is_recorded_as_the_service_records_one() -> None:
    staff = StaffFactory()
    vacancy = published(staff)
    by_service, in_bulk = SeekerFactory(), SeekerFactory()
    services.respond(actor=None, vacancy=vacancy, seeker=by_service)
    [pk] = insert_responses(
        [
            NewResponse(
                vacancy_id=vacancy.pk,
                vacancy_reference=vacancy.reference,
                seeker_id=in_bulk.pk,
                registration_number=in_bulk.registration_number,
                responded_on=timezone.localdate(),
            )
        ]
    )

    service_response = Response.objects.get(vacancy=vacancy, seeker=by_service)
    service_event, bulk_event = (
        AuditEvent.objects.get(action="response.created", object_id=str(response_pk))
        for response_pk in (service_response.pk, pk)
    )
    fields = ("actor", "action", "object_type", "summary", "reason", "before")
    assert [getattr(bulk_event, f) for f in fields] == [getattr(service_event, f) for f in fields]
    assert bulk_event.after == {**service_event.after, "seeker": in_bulk.registration_number}
    service_row, bulk_row = (
        Response.objects.filter(vacancy=vacancy)
        .order_by("pk")
        .values("responded_on", "channel", "entered_by", "withdrawn_at")
    )
    assert bulk_row == service_row
