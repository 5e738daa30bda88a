"""Responses of the demo's seekers, written in bulk.

A hundred thousand responses through ``services.respond`` one by one would take minutes on
SQLite. These are written in bulk instead, under the same rules the service applies, which the
history checks before it gets here: only an active registration responds, on a day the vacancy
is published and not after its closing date, once per vacancy, and with no more open responses
than ``VOORRANG_MAX_OPEN_RESPONSES``. Each response gets the audit event the service writes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from voorrang.allocation.models import Channel, Response
from voorrang.audit.models import AuditEvent


@dataclass(frozen=True)
class NewResponse:
    vacancy_id: int
    vacancy_reference: str
    seeker_id: int
    registration_number: str
    responded_on: date
    channel: str = Channel.ONLINE
    # For a paper form: the staff member who entered it (who is then the actor).
    entered_by: Any = None


def response_event(response: Response, new: NewResponse, actor: Any) -> AuditEvent:
    """The ``response.created`` event exactly as ``services.respond`` records it."""
    return AuditEvent(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action="response.created",
        object_type=Response._meta.label_lower,
        object_id=str(response.pk),
        after={
            "vacancy": new.vacancy_reference,
            "seeker": new.registration_number,
            "channel": new.channel,
            "responded_on": new.responded_on.isoformat(),
            "after_closing": False,
        },
    )


def insert_responses(new_responses: list[NewResponse], *, online_actor: Any = None) -> list[int]:
    """Write the responses and their audit events; returns the new response ids in order.
    ``online_actor`` is who acts for an online response (None: the seeker without account)."""
    if not new_responses:
        return []
    responses = [
        Response(
            vacancy_id=new.vacancy_id,
            seeker_id=new.seeker_id,
            responded_on=new.responded_on,
            channel=new.channel,
            entered_by=new.entered_by if new.channel == Channel.PAPER else None,
        )
        for new in new_responses
    ]
    Response.objects.bulk_create(responses, batch_size=1000)
    AuditEvent.objects.bulk_create(
        (
            response_event(
                response, new, new.entered_by if new.channel == Channel.PAPER else online_actor
            )
            for response, new in zip(responses, new_responses, strict=True)
        ),
        batch_size=1000,
    )
    return [response.pk for response in responses]
