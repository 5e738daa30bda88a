"""Retention: the free text of the targeted track is erased after the retention period, or at
once when a seeker's account ends; the pseudonymised rest stays for the evaluation."""

from __future__ import annotations

import hashlib
import hmac
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from voorrang.audit.services import record
from voorrang.commitments import emails
from voorrang.commitments.models import (
    ActivityLog,
    Application,
    AssessmentScore,
    CheckIn,
    CommitmentAgreement,
    ObjectionDocument,
    SupportTask,
)
from voorrang.commitments.selectors import retention_due
from voorrang.commitments.services.application import withdraw
from voorrang.commitments.services.follow_up import end
from voorrang.commitments.services.support import close_support_task
from voorrang.commitments.states import (
    APPLICATION_MACHINE,
    ApplicationStatus,
    EndReason,
    FollowUpStatus,
    SupportTaskStatus,
)
from voorrang.files import file_storage, remove


def pseudonym(application: Application) -> str:
    """A stable pseudonym of an application, keyed with the secret key, so that records of
    one person stay linked for the evaluation without saying who it is."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"track-application|{application.pk}".encode(), hashlib.sha256
    )
    return "P-" + digest.hexdigest()[:16]


def erase_objection_documents(application: Application) -> int:
    """Remove the documents sent with the application's objections: the files and their
    records. Returns the number removed."""
    documents = list(ObjectionDocument.objects.filter(objection__application=application))
    for document in documents:
        name = document.file.name
        document.delete()
        # After the commit: a rolled-back erasure keeps its files.
        transaction.on_commit(lambda name=name: remove(file_storage(), name))
    return len(documents)


def apply_retention(*, today: date | None = None) -> int:
    """Erase the free text of the targeted track (motivation, intake notes, reasons, the
    objections' reasons and documents, activity descriptions, check-in notes, the notes on
    requests for support) of every application whose commitment ended, or that was declined or
    withdrawn, more than
    VOORRANG_RETENTION_MONTHS ago, and replace the seeker by a pseudonym. Kept for the
    evaluation: dates, statuses, hours, scores and structured answers. One audit event per
    application. Returns the number of applications erased."""
    erased = 0
    for application_id in list(retention_due(today).values_list("pk", flat=True)):
        with transaction.atomic():
            application = Application.objects.select_for_update().get(pk=application_id)
            if application.retention_applied_at is not None:
                continue
            _erase_free_text(application, action="track.retention_applied")
            erased += 1
    return erased


def _erase_free_text(application: Application, *, action: str) -> None:
    """Erase an application's free text and replace its seeker by the pseudonym; keep dates,
    statuses, hours, scores and structured answers for the evaluation."""
    application.pseudonym = pseudonym(application)
    application.seeker = None
    application.motivation = ""
    application.skills = ""
    application.experience = ""
    application.retention_applied_at = timezone.now()
    application.save()
    application.intakes.update(notes="", place="")
    AssessmentScore.objects.filter(assessment__application=application).update(reason="")
    application.decisions.update(reasons="")
    application.objections.update(grounds="", decision_reasons="")
    erase_objection_documents(application)
    CommitmentAgreement.objects.filter(application=application).update(pause_reason="")
    ActivityLog.objects.filter(agreement__application=application).update(
        description="", author=None
    )
    CheckIn.objects.filter(agreement__application=application).update(note="")
    SupportTask.objects.filter(agreement__application=application).update(closing_note="")
    record(actor=None, action=action, obj=application, after={"pseudonym": application.pseudonym})


@transaction.atomic
def erase_for_account_end(*, actor: Any, seeker: Any) -> int:
    """A seeker's account is ended: an application still in progress is withdrawn, a
    follow-up not ended yet is ended (reason: account ended), its planned check-ins cancelled
    and its coordinator told, and the free text of every application is erased at once (the
    pseudonymised rest stays for the evaluation, as after the retention period). Returns the
    number of applications."""
    count = 0
    for application in Application.objects.filter(seeker=seeker).order_by("pk"):
        agreement = CommitmentAgreement.objects.filter(application=application).first()
        if APPLICATION_MACHINE.allows(application.status, ApplicationStatus.WITHDRAWN) and (
            agreement is None
        ):
            withdraw(actor=actor, application=application)
            application.refresh_from_db()
        if agreement is not None and agreement.status != FollowUpStatus.ENDED:
            end_follow_up_for_account_end(actor=actor, agreement=agreement)
            application.refresh_from_db()
        _erase_free_text(application, action="track.erased_at_account_end")
        count += 1
    return count


@transaction.atomic
def end_follow_up_for_account_end(*, actor: Any, agreement: CommitmentAgreement) -> int:
    """End the follow-up because the account ended (through ``end``, so the status history,
    the corporation's view and the audit trail say so), cancel the check-ins planned and not
    answered (they are removed: nobody is reminded of them or sees them as due; those
    answered stay for the evaluation) and tell the coordinator. Returns the number of
    check-ins cancelled."""
    today = timezone.localdate()
    agreement = end(actor=actor, agreement=agreement, reason=EndReason.ACCOUNT_ENDED, today=today)
    planned = CheckIn.objects.filter(agreement=agreement, answered_at__isnull=True)
    months = sorted(planned.values_list("month", flat=True))
    planned.delete()
    record(
        actor=actor,
        action="track.check_ins_cancelled",
        obj=agreement.application,
        after={"months": months, "reason": EndReason.ACCOUNT_ENDED.value},
    )
    # Requests for support still open are closed: there is nobody left to contact.
    for task in SupportTask.objects.filter(agreement=agreement, status=SupportTaskStatus.OPEN):
        close_support_task(
            actor=actor, task=task, note=_("Closed because the tenant's account was ended.")
        )
    emails.follow_up_ended_by_account_end(agreement)
    return len(months)
