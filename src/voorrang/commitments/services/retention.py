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

from voorrang.audit.services import record
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
from voorrang.commitments.states import APPLICATION_MACHINE, ApplicationStatus
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
    """A seeker's account is ended: an application still in progress is withdrawn, and the
    free text of every application is erased at once (the pseudonymised rest stays for the
    evaluation, as after the retention period). Returns the number of applications."""
    count = 0
    for application in Application.objects.filter(seeker=seeker).order_by("pk"):
        if APPLICATION_MACHINE.allows(application.status, ApplicationStatus.WITHDRAWN) and (
            not CommitmentAgreement.objects.filter(application=application).exists()
        ):
            withdraw(actor=actor, application=application)
            application.refresh_from_db()
        _erase_free_text(application, action="track.erased_at_account_end")
        count += 1
    return count
