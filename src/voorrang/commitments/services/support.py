"""Requests for support: a tenant who asks for support or a talk at a check-in gets a task that
a coordinator follows up and closes with a note. The note is the welfare organisation's own:
the tenant sees only that a coordinator will contact them, and later that it was handled."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from voorrang.commitments.models import CheckIn, CoordinatorMembership, SupportTask
from voorrang.commitments.services._shared import _audit, _user
from voorrang.commitments.states import SUPPORT_TASK_MACHINE, SupportTaskStatus
from voorrang.errors import InvalidChange
from voorrang.text_limits import required_text


def open_support_task(*, actor: Any, check_in: CheckIn) -> SupportTask:
    """The task for a check-in answered with a wish for support, given to the agreement's
    coordinator. Called inside the transaction that saves the answer; a check-in has at most
    one task."""
    agreement = check_in.agreement
    task, created = SupportTask.objects.get_or_create(
        check_in=check_in,
        defaults={
            "agreement": agreement,
            "created_at": timezone.now(),
            "assigned_to": agreement.coordinator,
        },
    )
    if created:
        _audit(
            actor,
            "track.support_requested",
            agreement.application,
            None,
            {
                "status": task.status,
                "month": check_in.month,
                "assigned_to": task.assigned_to_id,
            },
        )
    return task


def _locked(task: SupportTask) -> SupportTask:
    return (
        SupportTask.objects.select_for_update()
        .select_related("agreement__application")
        .get(pk=task.pk)
    )


@transaction.atomic
def close_support_task(*, actor: Any, task: SupportTask, note: str) -> SupportTask:
    """A coordinator has contacted the tenant: the task is closed with a note of what was
    done (required; only the welfare organisation reads it)."""
    task = _locked(task)
    note = required_text(note, "closing_note", _("Write down what was done."))
    old = SUPPORT_TASK_MACHINE.move(task, SupportTaskStatus.CLOSED)
    task.closing_note = note
    task.closed_by = _user(actor)
    task.closed_at = timezone.now()
    task.save(update_fields=["status", "closing_note", "closed_by", "closed_at"])
    _audit(
        actor,
        "track.support_closed",
        task.agreement.application,
        {"status": old},
        {"status": task.status, "month": task.check_in.month},
    )
    return task


@transaction.atomic
def reassign_support_task(*, actor: Any, task: SupportTask, coordinator: Any) -> SupportTask:
    """Give an open task to another coordinator of the application's organisation."""
    task = _locked(task)
    application = task.agreement.application
    if not CoordinatorMembership.objects.filter(
        organisation_id=application.organisation_id, user=coordinator
    ).exists():
        raise InvalidChange(_("Choose a coordinator of this organisation."), field="assigned_to")
    old_assignee = task.assigned_to_id
    SUPPORT_TASK_MACHINE.move(task, SupportTaskStatus.OPEN)
    task.assigned_to = coordinator
    task.save(update_fields=["assigned_to"])
    _audit(
        actor,
        "track.support_reassigned",
        application,
        {"assigned_to": old_assignee},
        {"assigned_to": coordinator.pk},
    )
    return task
