"""Seekers' responses, online or entered by staff from a paper form, and their withdrawal."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from voorrang import rows
from voorrang.allocation.models import Channel, Response, Vacancy
from voorrang.allocation.states import VacancyState
from voorrang.audit.services import record
from voorrang.errors import InvalidChange, NotAllowed
from voorrang.notifications import emails
from voorrang.seekers.models import Seeker, SeekerStatus


def _lock_for_response(
    vacancy_id: int, seeker_id: int, *, exclusive: bool
) -> tuple[str, date, str]:
    """The vacancy's state and closing date and the seeker's status, read under row locks in
    one statement: the vacancy first (shared for an online response, so that many seekers
    respond to one vacancy at the same time without waiting for each other, while closing or
    withdrawing it waits for them; exclusive for a paper response, which may change the
    vacancy), then the seeker (exclusive: two requests of one seeker, such as a double click,
    run one after the other, and the second sees the first's response; it also keeps the
    open-response limit). PostgreSQL takes the locks in the order of the locking clauses,
    the order every service keeps (vacancy, then seeker), so two services wait for each other
    instead of deadlocking. SQLite has no row locks; its write transactions run one at a time
    (``transaction_mode`` IMMEDIATE).

    The seeker's responses are read by a statement of their own (``_responses_of``), after
    this one: in READ COMMITTED, a statement that waited for a lock still reads the rest of
    the database as it was when the statement began, so a subquery here would miss the
    response that the request it waited for (the first of a double click) had just stored."""
    # The table names are the models' own, not input.
    sql = (
        f"SELECT v.state, v.closes_on, s.status FROM {Vacancy._meta.db_table} v, "  # noqa: S608
        f"{Seeker._meta.db_table} s WHERE v.id = %s AND s.id = %s"
    )
    if connection.vendor == "postgresql":
        sql += f" FOR {'UPDATE' if exclusive else 'SHARE'} OF v FOR UPDATE OF s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [vacancy_id, seeker_id])
        row = cursor.fetchone()
    if row is None:
        raise NotAllowed(_("This vacancy or registration no longer exists."), field="seeker")
    state, closes_on, status = row
    if isinstance(closes_on, str):  # SQLite gives dates as text through a bare cursor
        closes_on = date.fromisoformat(closes_on)
    return state, closes_on, status


def _responses_of(seeker_id: int, vacancy_id: int) -> list[tuple[int, int, Any]]:
    """(id, vacancy, withdrawn at) of the seeker's response to this vacancy, if any, and of
    their open responses to published vacancies elsewhere: one query."""
    sql = (
        f"SELECT r.id, r.vacancy_id, r.withdrawn_at FROM {Response._meta.db_table} r "  # noqa: S608
        f"JOIN {Vacancy._meta.db_table} v ON v.id = r.vacancy_id WHERE r.seeker_id = %s "
        "AND (r.vacancy_id = %s OR (r.withdrawn_at IS NULL AND v.state = %s))"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [seeker_id, vacancy_id, VacancyState.PUBLISHED.value])
        return cursor.fetchall()


@transaction.atomic
def respond(
    *,
    actor: Any,
    vacancy: Vacancy,
    seeker: Seeker,
    channel: str = Channel.ONLINE,
    responded_on: date | None = None,
) -> Response:
    """A seeker's response, online or entered by staff from a paper form (same rules).

    A paper response entered after the vacancy closed marks its responses as changed after
    closing: the ranking then needs a recorded reason. This is the portal's busiest write, so
    it reads what it needs with two plain statements (``_lock_for_response``,
    ``_responses_of``) before its three inserts."""
    paper = channel == Channel.PAPER
    state, closes_on, status = _lock_for_response(vacancy.pk, seeker.pk, exclusive=paper)
    today = timezone.localdate()
    responded_on = responded_on or today
    if responded_on > today:
        raise InvalidChange(_("A response cannot be dated in the future."), field="responded_on")
    if paper:
        if state not in (VacancyState.PUBLISHED, VacancyState.CLOSED):
            raise NotAllowed(_("Responses to this vacancy can no longer be entered."))
    elif state != VacancyState.PUBLISHED or today > closes_on:
        raise NotAllowed(_("This vacancy is closed for responses."), code="closed")
    if status != SeekerStatus.ACTIVE:
        raise NotAllowed(
            _("Only an active registration can respond."),
            field="seeker",
            code="registration_not_active",
        )
    mine = _responses_of(seeker.pk, vacancy.pk)
    existing = next((r for r in mine if r[1] == vacancy.pk), None)
    open_elsewhere = sum(1 for r in mine if r[1] != vacancy.pk)
    limit = settings.VOORRANG_MAX_OPEN_RESPONSES
    if state == VacancyState.PUBLISHED and open_elsewhere >= limit:
        raise NotAllowed(
            ngettext(
                "You can have at most %(limit)s open response at a time. Withdraw it first.",
                "You can have at most %(limit)s open responses at a time. Withdraw one first.",
                limit,
            )
            % {"limit": limit},
            field="seeker",
            code="response_limit",
        )
    if existing is not None and existing[2] is None:
        raise NotAllowed(
            _("This seeker has already responded to this vacancy."),
            field="seeker",
            code="already_responded",
        )
    if existing is None:
        response = Response(vacancy=vacancy, seeker=seeker)
    else:  # withdrawn earlier: the same row becomes active again
        response = Response.objects.get(pk=existing[0])
    response.responded_on = responded_on
    response.channel = channel
    response.withdrawn_at = None
    response.entered_by = actor if paper else None
    if existing is None:
        rows.insert(response)  # the statement composed once (the portal's busiest write)
    else:
        response.save()
    after_closing = state == VacancyState.CLOSED
    if after_closing:
        vacancy.responses_changed_after_close = True
        vacancy.save(update_fields=["responses_changed_after_close"])
    record(
        actor=actor,
        action="response.created",
        obj=response,
        after={
            "vacancy": vacancy.reference,
            "seeker": seeker.registration_number,
            "channel": channel,
            "responded_on": responded_on.isoformat(),
            "after_closing": after_closing,
        },
    )
    emails.response_received(response)
    return response


@transaction.atomic
def withdraw_response(*, actor: Any, response: Response) -> Response:
    """Withdrawal is possible until the vacancy closes."""
    response = Response.objects.select_for_update().select_related("vacancy").get(pk=response.pk)
    vacancy = response.vacancy
    if vacancy.state != VacancyState.PUBLISHED or timezone.localdate() > vacancy.closes_on:
        raise NotAllowed(_("A response can only be withdrawn until the vacancy closes."))
    if response.withdrawn_at is not None:
        raise NotAllowed(_("This response was withdrawn already."))
    response.withdrawn_at = timezone.now()
    response.save(update_fields=["withdrawn_at"])
    record(actor=actor, action="response.withdrawn", obj=response)
    return response
