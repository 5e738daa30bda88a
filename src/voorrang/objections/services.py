"""Writes on objections: lodged by the candidate (or registered by staff from a letter),
decided by a second staff member with reasons, or withdrawn by the candidate."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from voorrang.allocation.models import Vacancy
from voorrang.audit.services import record
from voorrang.errors import InvalidChange, NotAllowed
from voorrang.objections import selectors
from voorrang.objections.models import DECIDED, OBJECTION_MACHINE, Objection, ObjectionState
from voorrang.seekers import evidence as evidence_files
from voorrang.seekers.models import Seeker
from voorrang.text_limits import required_text

DOCUMENT = "document"


def _snapshot(objection: Objection) -> dict[str, Any]:
    return {
        "objection": objection.pk,
        "vacancy": objection.vacancy.reference,
        "ground": objection.ground,
        "state": objection.state,
        "subject_offers": [offer.pk for offer in objection.subject_offers.all()]
        if objection.pk
        else [],
    }


@transaction.atomic
def lodge_objection(
    *,
    actor: Any,
    vacancy: Vacancy,
    seeker: Seeker,
    reasons: str,
    document: UploadedFile | None = None,
    by_post: bool = False,
    now: datetime | None = None,
) -> Objection:
    """A candidate objects to the decision on ``vacancy``: within the term, with reasons.
    ``by_post``: a staff member (``actor``) registers an objection that came by letter; that
    staff member cannot decide it."""
    now = now or timezone.now()
    reasons = required_text(reasons, "reasons", _("Say why you object to the decision."))
    # The vacancy first, as every allocation service locks it: an offer made at this moment
    # waits for the objection, or sees it.
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    ground = selectors.ground_of(seeker, vacancy)
    if ground is None:
        raise InvalidChange(
            _(
                "Only a candidate who responded and was passed over or excluded can object to "
                "the decision on this home."
            ),
            field="seeker",
        )
    ends = selectors.term_ends(vacancy)
    if ends is None or timezone.localdate(now) > ends:
        raise InvalidChange(
            _("The term for an objection ended on %(date)s.")
            % {"date": formats.date_format(ends, "j F Y") if ends else "–"},
            field="lodged_at",
        )
    if vacancy.objections.filter(seeker=seeker).exclude(state=ObjectionState.WITHDRAWN).exists():
        raise NotAllowed(
            _("This home seeker has objected to the decision on this home already."),
            code="objection_exists",
        )
    objection = Objection(
        vacancy=vacancy,
        seeker=seeker,
        ground=ground,
        lodged_at=now,
        reasons=reasons,
        registered_by=actor if by_post else None,
    )
    if document is not None:
        try:
            evidence_files.check_upload(document)
        except InvalidChange as problem:
            raise InvalidChange(problem.message, field=DOCUMENT) from None
        # Through the storage API (voorrang.files.file_storage), as every file.
        objection.document.save(document.name or "document", document, save=False)
    objection.save()
    record(
        actor=actor,
        action="seeker.objection_lodged",
        obj=seeker,
        reason=reasons,
        after={**_snapshot(objection), "by_post": by_post},
    )
    return objection


def _locked(objection: Objection) -> Objection:
    # Vacancy first, then objection: the order lodge_objection and the offers take.
    Vacancy.objects.select_for_update().get(pk=objection.vacancy_id)
    return (
        Objection.objects.select_for_update()
        .select_related("vacancy", "seeker")
        .get(pk=objection.pk)
    )


def _second_person(objection: Objection, actor: Any) -> None:
    """The decision on an objection is taken by someone other than who took the decision it
    is about, the ranking (Awb 10:3), and who registered it."""
    actor_pk = getattr(actor, "pk", None)
    if objection.registered_by_id == actor_pk:
        raise NotAllowed(
            _(
                "An objection must be decided by another staff member than the one who "
                "registered it."
            ),
            code="second_person",
        )
    ranking = selectors.current_ranking(objection.vacancy)
    if ranking is not None and ranking.created_by_id == actor_pk:
        raise NotAllowed(
            _(
                "An objection must be decided by another staff member than the one who ranked "
                "this vacancy."
            ),
            code="second_person",
        )


@transaction.atomic
def decide_objection(*, actor: Any, objection: Objection, outcome: str, reasons: str) -> Objection:
    """A second staff member upholds or rejects the objection, and says why. Upheld: the
    decision on the vacancy is taken again (docs/allocation.md, "Objections")."""
    if outcome not in DECIDED:
        raise InvalidChange(
            _("Choose whether the objection is upheld or rejected."), field="outcome"
        )
    reasons = required_text(
        reasons, "decision_reasons", _("Say why the objection is upheld or rejected.")
    )
    objection = _locked(objection)
    OBJECTION_MACHINE.check(objection.state, outcome)
    _second_person(objection, actor)
    before = OBJECTION_MACHINE.move(objection, outcome)
    objection.decided_by = actor
    objection.decided_at = timezone.now()
    objection.decision_reasons = reasons
    objection.save(update_fields=["state", "decided_by", "decided_at", "decision_reasons"])
    record(
        actor=actor,
        action=f"seeker.objection_{outcome}",
        obj=objection.seeker,
        reason=reasons,
        before={"objection": objection.pk, "state": before},
        after=_snapshot(objection),
    )
    return objection


@transaction.atomic
def withdraw_objection(*, actor: Any, objection: Objection) -> Objection:
    """The candidate withdraws a pending objection; an offer it held may then be made."""
    objection = _locked(objection)
    before = OBJECTION_MACHINE.move(objection, ObjectionState.WITHDRAWN)
    objection.save(update_fields=["state"])
    record(
        actor=actor,
        action="seeker.objection_withdrawn",
        obj=objection.seeker,
        before={"objection": objection.pk, "state": before},
        after=_snapshot(objection),
    )
    return objection
