"""What every write of the targeted track shares: the row lock on an application, keeping the
corporation's view (``Commitment``) in step, the audit event and the checks of free text."""

from __future__ import annotations

from typing import Any

from voorrang.audit.services import record
from voorrang.commitments.models import (
    Application,
    Commitment,
    CommitmentAgreement,
    CommitmentStatus,
)
from voorrang.commitments.states import ApplicationStatus, FollowUpStatus
from voorrang.text_limits import check_length


def _locked(application: Application) -> Application:
    return Application.objects.select_for_update().get(pk=application.pk)


def _sync_commitment(application: Application) -> Commitment | None:
    """Keep the corporation's view (status, building, valid until) in step with the track:
    it is what the rules engine's commitment tier reads."""
    if application.seeker_id is None:
        return None
    agreement = CommitmentAgreement.objects.filter(application=application).first()
    if agreement is not None and agreement.status == FollowUpStatus.ENDED:
        status = CommitmentStatus.ENDED
    else:
        status = {
            ApplicationStatus.APPROVED: CommitmentStatus.APPROVED,
            ApplicationStatus.DECLINED: CommitmentStatus.DECLINED,
            ApplicationStatus.WITHDRAWN: CommitmentStatus.ENDED,
            ApplicationStatus.ENDED: CommitmentStatus.ENDED,
        }.get(application.status, CommitmentStatus.PENDING)
    commitment, _created = Commitment.objects.get_or_create(
        seeker_id=application.seeker_id,
        building_id=application.building_id,
        defaults={"status": status, "valid_until": application.approved_until},
    )
    commitment.status = status
    commitment.valid_until = application.approved_until
    commitment.save(update_fields=["status", "valid_until", "updated_at"])
    if application.commitment_id != commitment.pk:
        application.commitment = commitment
        application.save(update_fields=["commitment"])
    return commitment


def _audit(actor: Any, action: str, obj: Any, before: dict | None, after: dict | None) -> None:
    record(actor=actor, action=action, obj=obj, before=before, after=after)


def _optional_text(value: str | None, field: str) -> str:
    return check_length((value or "").strip(), field=field)


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None
