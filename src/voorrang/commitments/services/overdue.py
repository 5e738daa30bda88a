"""Check-ins past their date and unanswered: each coordinator gets one digest a day of their
check-ins that became overdue, and each check-in is told once (``CheckIn.overdue_told_at``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from voorrang.audit.services import record
from voorrang.commitments import emails
from voorrang.commitments.models import CheckIn, CoordinatorMembership
from voorrang.commitments.selectors import overdue


def _recipients(check_in: CheckIn) -> list[Any]:
    """The agreement's coordinator; when it has none (any more), every coordinator of the
    organisation, so that no overdue check-in goes unseen."""
    coordinator = check_in.agreement.coordinator
    if coordinator is not None and coordinator.is_active and coordinator.email:
        return [coordinator]
    return [
        membership.user
        for membership in CoordinatorMembership.objects.filter(
            organisation_id=check_in.agreement.application.organisation_id,
            user__is_active=True,
        )
        .exclude(user__email="")
        .select_related("user")
        .order_by("user__pk")
    ]


def tell_overdue_check_ins(*, today: date | None = None) -> dict[str, int]:
    """Email each coordinator one digest of the overdue check-ins not told before, and mark
    them told in the same transaction as the email is handed over (a digest that cannot be
    sent leaves them for the next day). Returns the numbers of digests and check-ins."""
    today = today or timezone.localdate()
    pending = (
        overdue(
            CheckIn.objects.filter(
                overdue_told_at__isnull=True, agreement__application__seeker__isnull=False
            ),
            today,
        )
        .select_related(
            "agreement__coordinator",
            "agreement__application__building",
            "agreement__application__organisation",
        )
        .order_by("due_on", "pk")
    )
    by_recipient: dict[int, tuple[Any, list[int]]] = {}
    for check_in in pending:
        for user in _recipients(check_in):
            by_recipient.setdefault(user.pk, (user, []))[1].append(check_in.pk)
    digests = 0
    told: set[int] = set()
    for user, ids in by_recipient.values():
        with transaction.atomic():
            check_ins = list(
                CheckIn.objects.select_for_update()
                .filter(pk__in=ids)
                .select_related("agreement__application__building")
                .order_by("due_on", "pk")
            )
            emails.overdue_check_ins(user, check_ins)
            now = timezone.now()
            for check_in in check_ins:
                if check_in.overdue_told_at is None:
                    check_in.overdue_told_at = now
                    check_in.save(update_fields=["overdue_told_at"])
                record(
                    actor=None,
                    action="track.overdue_told",
                    obj=check_in.agreement.application,
                    after={
                        "month": check_in.month,
                        "due_on": check_in.due_on.isoformat(),
                        "told": user.pk,
                    },
                )
                told.add(check_in.pk)
            digests += 1
    return {"digests": digests, "told": len(told)}
