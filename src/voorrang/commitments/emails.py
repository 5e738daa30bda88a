"""Emails of the targeted track: the invitation to an intake, the decision, reminders of
check-ins (to the seeker and the coordinator), and the invitation to a new coordinator. Sent
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
    application = decision.application
    _send_on_commit(
        [
            _message(
                "decision",
                _seeker_address(application.seeker),
                {"application": application, "decision": decision},
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
