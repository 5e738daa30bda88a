"""The allocation's emails that wait in batches (``voorrang.notifications``): what each says,
made when ``voorrang manage send_notifications`` sends them, from the object it is about.
Registered in ``AllocationConfig.ready``."""

from __future__ import annotations

from django.core.mail import EmailMessage

from voorrang.allocation.models import Ranking, Response, Vacancy
from voorrang.notifications.emails import message
from voorrang.notifications.models import PendingBatch


def received_messages(response_id: int) -> list[EmailMessage | None]:
    response = (
        Response.objects.select_related("vacancy__unit", "seeker__user")
        .filter(pk=response_id)
        .first()
    )
    if response is None or response.withdrawn_at is not None:
        return []  # withdrawn before the email went out: nothing to confirm
    vacancy = response.vacancy
    return [
        message("response_received", response.seeker, {"vacancy": vacancy, "unit": vacancy.unit})
    ]


def position_messages(ranking_id: int) -> list[EmailMessage | None]:
    ranking = Ranking.objects.select_related("vacancy__unit").get(pk=ranking_id)
    vacancy = ranking.vacancy
    total = ranking.entries.count()
    messages = [
        message(
            "position_known",
            entry.seeker,
            {"vacancy": vacancy, "unit": vacancy.unit, "position": entry.position, "total": total},
        )
        for entry in ranking.entries.select_related("seeker__user")
    ]
    messages += [
        message("excluded", exclusion.seeker, {"vacancy": vacancy, "unit": vacancy.unit})
        for exclusion in ranking.exclusions.select_related("seeker__user")
    ]
    return messages


def withdrawn_messages(vacancy_id: int) -> list[EmailMessage | None]:
    vacancy = Vacancy.objects.select_related("unit").get(pk=vacancy_id)
    context = {"vacancy": vacancy, "unit": vacancy.unit}
    responses = vacancy.responses.filter(withdrawn_at__isnull=True).select_related("seeker__user")
    return [message("vacancy_withdrawn", r.seeker, context) for r in responses]


BUILDERS = {
    PendingBatch.Event.POSITION_KNOWN: position_messages,
    PendingBatch.Event.VACANCY_WITHDRAWN: withdrawn_messages,
    PendingBatch.Event.RESPONSE_RECEIVED: received_messages,
}
