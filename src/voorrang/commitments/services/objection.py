"""An objection (bezwaar) against a decline: lodged by the seeker within the term, with reasons
and documents, or registered from a letter by a coordinator; decided, with reasons, by another
coordinator of the organisation than the one who declined (and than the one who registered it);
withdrawn by the seeker while it waits. The team is told of each new objection, the seeker of
the decision."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from voorrang.commitments import emails
from voorrang.commitments.models import (
    Application,
    CoordinatorMembership,
    Decision,
    DecisionKind,
    Objection,
    ObjectionDocument,
)
from voorrang.commitments.services._shared import _audit, _locked, _sync_commitment, _user
from voorrang.commitments.states import (
    APPLICATION_MACHINE,
    OBJECTION_MACHINE,
    ApplicationStatus,
    ObjectionStatus,
)
from voorrang.errors import InvalidChange, NotAllowed
from voorrang.seekers import evidence as evidence_files
from voorrang.text_limits import required_text

DOCUMENTS = "documents"
MAX_DOCUMENTS = 5


def decline_of(application: Application) -> Decision | None:
    """The decision that declined the application: what an objection is against."""
    return (
        application.decisions.filter(kind=DecisionKind.DECISION, outcome=ApplicationStatus.DECLINED)
        .order_by("-decided_at", "-pk")
        .first()
    )


def term_ends(application: Application) -> date | None:
    """The last day an objection against the decline can be lodged (None: not declined)."""
    decline = decline_of(application)
    if decline is None:
        return None
    return timezone.localdate(decline.decided_at) + timedelta(
        weeks=settings.VOORRANG_TRACK_OBJECTION_WEEKS
    )


def why_not_decider(objection: Objection, user: Any) -> str | None:
    """Why ``user`` may not decide ``objection``; None when they may. The pages show it."""
    pk = getattr(user, "pk", None)
    if pk is None:
        return _("An objection is decided by a coordinator.")
    if objection.declined_by_id == pk:
        return _(
            "You declined this application: another coordinator of the organisation decides "
            "on the objection."
        )
    if objection.registered_by_id == pk:
        return _(
            "You registered this objection: another coordinator of the organisation decides on it."
        )
    if objection.assigned_to_id is not None and objection.assigned_to_id != pk:
        return _("Another coordinator is named to decide on this objection.")
    if not CoordinatorMembership.objects.filter(
        organisation_id=objection.application.organisation_id, user_id=pk
    ).exists():
        return _("Only a coordinator of the organisation decides on its objections.")
    return None


def _store_documents(objection: Objection, documents: Iterable[UploadedFile]) -> int:
    count = 0
    for upload in documents:
        try:
            kind = evidence_files.check_upload(upload)
        except InvalidChange as problem:
            raise InvalidChange(problem.message, field=DOCUMENTS) from None
        document = ObjectionDocument(objection=objection, content_type=kind, size=upload.size)
        # Through the storage API (voorrang.files.file_storage), as every file.
        document.file.save(upload.name or "document", upload, save=False)
        document.save()
        count += 1
    return count


@transaction.atomic
def lodge_objection(
    *,
    actor: Any,
    application: Application,
    grounds: str,
    documents: Iterable[UploadedFile] = (),
    by_post: bool = False,
    received_on: date | None = None,
    now: datetime | None = None,
) -> Objection:
    """The seeker objects to the decline, within VOORRANG_TRACK_OBJECTION_WEEKS of it, with
    reasons and documents. ``by_post``: a coordinator (``actor``) registers an objection
    that came by letter; that coordinator cannot decide it. Every coordinator of the
    organisation, and the organisation's address, is told by email. A letter counts from
    the day it was received (``received_on``), not from the day it is registered."""
    now = now or timezone.now()
    if received_on is not None:
        if not by_post:
            raise InvalidChange(_("Only a letter has a day of receipt."), field="received_on")
        if received_on > timezone.localdate(now):
            raise InvalidChange(
                _("The letter cannot be received in the future."), field="received_on"
            )
        if received_on < timezone.localdate(now):
            now = timezone.make_aware(datetime.combine(received_on, time(12)))
    application = _locked(application)
    grounds = required_text(grounds, "grounds", _("Say why you object to the decision."))
    documents = list(documents)
    if len(documents) > MAX_DOCUMENTS:
        raise InvalidChange(
            _("Send at most %(count)s documents.") % {"count": MAX_DOCUMENTS}, field=DOCUMENTS
        )
    if application.status != ApplicationStatus.DECLINED:
        raise NotAllowed(
            _("An objection can be lodged against a declined application only."),
            code="application_state",
        )
    decline = decline_of(application)
    if received_on is not None and decline is not None and now < decline.decided_at:
        raise InvalidChange(
            _("The letter cannot be received before the decision."), field="received_on"
        )
    ends = term_ends(application)
    if ends is not None and timezone.localdate(now) > ends:
        raise InvalidChange(
            _("The term for an objection ended on %(date)s.")
            % {"date": formats.date_format(ends, "j F Y")},
            field="lodged_at",
        )
    if application.objections.filter(status=ObjectionStatus.LODGED).exists():
        raise NotAllowed(_("An objection is waiting for a decision already."), field="grounds")
    if by_post and _user(actor) is None:
        raise NotAllowed(_("An objection by post is registered by a coordinator."))
    objection = Objection.objects.create(
        application=application,
        decision=decline,
        declined_by_id=decline.decided_by_id if decline else None,
        grounds=grounds,
        lodged_at=now,
        registered_by=_user(actor) if by_post else None,
    )
    stored = _store_documents(objection, documents)
    _audit(
        actor,
        "track.objection_registered" if by_post else "track.objection_lodged",
        application,
        None,
        {"objection": objection.pk, "documents": stored, "term_ends": ends and ends.isoformat()},
    )
    emails.objection_lodged(objection)
    return objection


def _locked_objection(objection: Objection) -> Objection:
    # Application first, then objection: the order every write of the track takes.
    _locked(objection.application)
    return Objection.objects.select_for_update().select_related("application").get(pk=objection.pk)


@transaction.atomic
def assign_objection(*, actor: Any, objection: Objection, coordinator: Any) -> Objection:
    """Name the coordinator of the organisation who decides on the objection: never the one
    who declined nor the one who registered it."""
    objection = _locked_objection(objection)
    if not objection.pending:
        raise NotAllowed(_("This objection has been decided or withdrawn already."))
    organisation_id = objection.application.organisation_id
    if (
        _user(actor) is not None
        and not CoordinatorMembership.objects.filter(
            organisation_id=organisation_id, user_id=actor.pk
        ).exists()
    ):
        raise NotAllowed(_("Only a coordinator of the organisation names who decides."))
    if not CoordinatorMembership.objects.filter(
        organisation_id=organisation_id, user_id=coordinator.pk
    ).exists():
        raise InvalidChange(_("Choose a coordinator of the organisation."), field="coordinator")
    if coordinator.pk in (objection.declined_by_id, objection.registered_by_id):
        raise InvalidChange(
            _(
                "Choose another coordinator than the one who declined the application or "
                "registered the objection."
            ),
            field="coordinator",
        )
    before = objection.assigned_to_id
    objection.assigned_to = coordinator
    objection.save(update_fields=["assigned_to"])
    _audit(
        actor,
        "track.objection_assigned",
        objection.application,
        {"objection": objection.pk, "assigned_to": before},
        {"objection": objection.pk, "assigned_to": coordinator.pk},
    )
    return objection


@transaction.atomic
def decide_objection(*, actor: Any, objection: Objection, upheld: bool, reasons: str) -> Objection:
    """Another coordinator than the one who declined (and who registered it) decides, with
    reasons. Upheld: the application is assessed again; rejected: the decline stays in force.
    The seeker is told the decision and its reasons by email."""
    objection = _locked_objection(objection)
    reasons = required_text(reasons, "reasons", _("Give the reasons for the decision."))
    new = ObjectionStatus.UPHELD if upheld else ObjectionStatus.REJECTED
    OBJECTION_MACHINE.check(objection.status, new)
    refusal = why_not_decider(objection, actor)
    if refusal is not None:
        raise NotAllowed(refusal, code="second_coordinator")
    application = objection.application
    if upheld:
        APPLICATION_MACHINE.move(application, ApplicationStatus.INTAKE_HELD)
        application.closed_at = None
        application.save(update_fields=["status", "closed_at"])
        _sync_commitment(application)
    objection.status = new
    objection.decision_reasons = reasons
    objection.decided_by = _user(actor)
    objection.decided_at = timezone.now()
    objection.save()
    _audit(
        actor,
        f"track.objection_{new}",
        application,
        {"objection": ObjectionStatus.LODGED.value},
        {"objection": new, "status": application.status},
    )
    emails.objection_decided(objection)
    return objection


@transaction.atomic
def withdraw_objection(*, actor: Any, objection: Objection) -> Objection:
    """The seeker withdraws the objection while it waits for a decision."""
    objection = _locked_objection(objection)
    before = OBJECTION_MACHINE.move(objection, ObjectionStatus.WITHDRAWN)
    objection.withdrawn_at = timezone.now()
    objection.save(update_fields=["status", "withdrawn_at"])
    _audit(
        actor,
        "track.objection_withdrawn",
        objection.application,
        {"objection": before},
        {"objection": objection.status},
    )
    return objection
