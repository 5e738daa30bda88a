"""Emails of the targeted track: the invitation to an intake, the decision, reminders of
check-ins (to the seeker and the coordinator), the coordinators' notice of a new application
and their daily digest of overdue check-ins, the invitation to a new coordinator, a new
objection (to the team) and the decision on it (to the seeker). Sent
when the transaction commits; an email that cannot be sent is logged and does not undo the
change."""

from __future__ import annotations

from typing import Any

import structlog
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

log = structlog.get_logger(__name__)


def _seeker_address(seeker: Any) -> str:
    if seeker is None:
        return ""
    user = getattr(seeker, "user", None)
    return seeker.email or (user.email if user is not None else "")


def _message(template: str, to: str, context: dict[str, Any]) -> EmailMessage | None:
    if not to:
        return None
    context = {
        "base_url": settings.VOORRANG_PUBLIC_URL,
        "track_url": settings.VOORRANG_PUBLIC_URL + reverse("track:overview"),
        **context,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"commitments/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"commitments/email/{template}.txt", context)
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to])


def _send_on_commit(messages: list[EmailMessage | None]) -> None:
    ready = [m for m in messages if m is not None]
    if not ready:
        return

    def send() -> None:
        try:
            get_connection().send_messages(ready)
        except Exception:  # an unreachable mail server must not break the request
            log.exception("track_email_not_sent", count=len(ready))

    transaction.on_commit(send)


def application_received(application: Any) -> None:
    _send_on_commit(
        [
            _message(
                "application_received",
                _seeker_address(application.seeker),
                {"application": application},
            )
        ]
    )


def new_application(application: Any) -> None:
    """To each coordinator of the organisation and to the organisation's own address: a new
    application is waiting. Says which building, never who applied or what they wrote."""
    from voorrang.commitments.models import CoordinatorMembership

    organisation = application.organisation
    addresses = [
        email
        for email in CoordinatorMembership.objects.filter(
            organisation=organisation, user__is_active=True
        )
        .exclude(user__email="")
        .order_by("user__email")
        .values_list("user__email", flat=True)
    ]
    if organisation.email:
        addresses.append(organisation.email)
    context = {
        "application": application,
        "staff_url": settings.VOORRANG_PUBLIC_URL
        + reverse("welfare:application", args=[application.pk]),
    }
    _send_on_commit([_message("new_application", to, context) for to in dict.fromkeys(addresses)])


def overdue_check_ins(coordinator: Any, check_ins: list[Any]) -> None:
    """The daily digest to one coordinator: their check-ins that became overdue since the
    last one. Sent at once, inside the caller's transaction: when sending fails, the
    check-ins are not marked as told and come again in the next digest."""
    message = _message("overdue_check_ins", coordinator.email, {"check_ins": check_ins})
    if message is not None:
        get_connection().send_messages([message])


def intake_invitation(intake: Any) -> None:
    application = intake.application
    _send_on_commit(
        [
            _message(
                "intake_invitation",
                _seeker_address(application.seeker),
                {"application": application, "intake": intake},
            )
        ]
    )


def decision_made(decision: Any) -> None:
    """To the seeker; a decline says until which day they can object
    (``VOORRANG_TRACK_OBJECTION_WEEKS`` from the decision)."""
    from datetime import timedelta

    from django.utils import timezone

    application = decision.application
    objection_until = None
    if decision.outcome == "declined":
        objection_until = timezone.localdate(decision.decided_at) + timedelta(
            weeks=settings.VOORRANG_TRACK_OBJECTION_WEEKS
        )
    _send_on_commit(
        [
            _message(
                "decision",
                _seeker_address(application.seeker),
                {
                    "application": application,
                    "decision": decision,
                    "objection_until": objection_until,
                },
            )
        ]
    )


def check_in_reminder(check_in: Any) -> None:
    """To the seeker and to the agreement's coordinator. Sent at once, inside the caller's
    transaction: when sending fails, the reminder is not marked as sent and is tried again."""
    agreement = check_in.agreement
    application = agreement.application
    context = {"check_in": check_in, "application": application}
    messages = [
        _message("check_in_seeker", _seeker_address(application.seeker), context),
    ]
    coordinator = agreement.coordinator
    if coordinator is not None and coordinator.email:
        messages.append(
            _message(
                "check_in_coordinator",
                coordinator.email,
                {
                    **context,
                    "staff_url": settings.VOORRANG_PUBLIC_URL
                    + reverse("welfare:application", args=[application.pk]),
                },
            )
        )
    ready = [m for m in messages if m is not None]
    if ready:
        get_connection().send_messages(ready)


def follow_up_ended_by_account_end(agreement: Any) -> None:
    """To the agreement's coordinator: the tenant's account ended, so did the follow-up.
    No name: the coordinator finds the case by its link."""
    coordinator = agreement.coordinator
    if coordinator is None or not coordinator.email:
        return
    application = agreement.application
    _send_on_commit(
        [
            _message(
                "follow_up_ended_coordinator",
                coordinator.email,
                {
                    "application": application,
                    "agreement": agreement,
                    "staff_url": settings.VOORRANG_PUBLIC_URL
                    + reverse("welfare:application", args=[application.pk]),
                },
            )
        ]
    )


def coordinator_invitation(user: Any, organisation: Any) -> None:
    """The link with which a new coordinator chooses a password. Made inside the caller's
    transaction, after the account's last change, and sent when it commits."""
    from voorrang.accounts.services import invitation_path, link_days

    _send_on_commit(
        [
            _message(
                "coordinator_invitation",
                user.email,
                {
                    "organisation": organisation,
                    "email": user.email,
                    "link": settings.VOORRANG_PUBLIC_URL + invitation_path(user),
                    "days": link_days(),
                },
            )
        ]
    )


def objection_lodged(objection: Any) -> None:
    """To every coordinator of the organisation and to its address: a new objection waits for
    a coordinator who did not decline the application. No reasons in the email: they are on
    the application's page."""
    from voorrang.commitments.models import CoordinatorMembership

    application = objection.application
    organisation = application.organisation
    addresses = [
        m.user.email
        for m in CoordinatorMembership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__pk")
        if m.user.email and m.user.is_active
    ]
    if organisation.email:
        addresses.append(organisation.email)
    context = {
        "objection": objection,
        "application": application,
        "organisation": organisation,
        "staff_url": settings.VOORRANG_PUBLIC_URL
        + reverse("welfare:application", args=[application.pk])
        + "#objections",
    }
    _send_on_commit([_message("objection_lodged", to, context) for to in dict.fromkeys(addresses)])


def objection_decided(objection: Any) -> None:
    application = objection.application
    _send_on_commit(
        [
            _message(
                "objection_decided",
                _seeker_address(application.seeker),
                {
                    "application": application,
                    "objection": objection,
                    "page_url": settings.VOORRANG_PUBLIC_URL
                    + reverse("track:application", args=[application.pk]),
                },
            )
        ]
    )


def commitment_ended_housed_elsewhere(application: Any) -> None:
    """Queued with the seekers' other emails (``voorrang.notifications``): the commitment
    ended because its holder was housed by another route."""
    from voorrang.notifications import emails

    emails.commitment_ended(application)
