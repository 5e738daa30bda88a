"""The application: submitted by a seeker, the intake, the assessment with the rubric, the
decision and its renewal, a withdrawal (objections: ``services.objection``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from voorrang.commitments import emails
from voorrang.commitments.consent import CONSENT_STATEMENTS
from voorrang.commitments.dates import add_months
from voorrang.commitments.models import (
    Application,
    Assessment,
    AssessmentScore,
    CommitmentAgreement,
    Decision,
    DecisionKind,
    Intake,
)
from voorrang.commitments.selectors import organisation_for
from voorrang.commitments.services._shared import (
    _audit,
    _locked,
    _optional_text,
    _sync_commitment,
    _user,
)
from voorrang.commitments.states import (
    APPLICATION_MACHINE,
    OPEN_APPLICATION_STATES,
    ApplicationStatus,
)
from voorrang.errors import InvalidChange, NotAllowed
from voorrang.housing.models import Building
from voorrang.seekers.models import Seeker
from voorrang.text_limits import TEXT_LIMITS, check_length, required_text

MAX_HOURS_PER_MONTH = 80


@transaction.atomic
def submit_application(
    *,
    actor: Any,
    seeker: Seeker,
    building: Building,
    motivation: str,
    skills: str = "",
    experience: str = "",
    hours_per_month: int,
    available_from: date,
    consents: Iterable[str],
    now: datetime | None = None,
) -> Application:
    """A seeker applies for the targeted track of a designated building."""
    now = now or timezone.now()
    if not building.designated:
        raise NotAllowed(
            _("This building has no targeted track."), field="building", code="not_designated"
        )
    organisation = organisation_for(building)
    if organisation is None:
        raise NotAllowed(
            _("No welfare organisation runs the targeted track in this building yet."),
            field="building",
        )
    motivation = required_text(
        motivation,
        "motivation",
        _("Tell us what you want to do for the residents and the neighbourhood."),
    )
    if not 1 <= int(hours_per_month) <= MAX_HOURS_PER_MONTH:
        raise InvalidChange(
            _("Give a number of hours from 1 to %(max)s.") % {"max": MAX_HOURS_PER_MONTH},
            field="hours_per_month",
        )
    accepted = sorted(set(consents))
    if accepted != sorted(CONSENT_STATEMENTS):
        raise InvalidChange(
            _("To apply, you need to agree with every statement."), field="consents"
        )
    Seeker.objects.select_for_update().get(pk=seeker.pk)
    if Application.objects.filter(
        seeker=seeker, building=building, status__in=OPEN_APPLICATION_STATES
    ).exists():
        raise NotAllowed(
            _("You have applied for this building already."),
            field="building",
            code="already_applied",
        )
    application = Application.objects.create(
        seeker=seeker,
        building=building,
        organisation=organisation,
        motivation=motivation,
        skills=_optional_text(skills, "skills"),
        experience=_optional_text(experience, "experience"),
        hours_per_month=int(hours_per_month),
        available_from=available_from,
        consents=accepted,
        consented_at=now,
        submitted_at=now,
    )
    _sync_commitment(application)
    _audit(
        actor,
        "track.applied",
        application,
        None,
        {"status": application.status, "building": building.name},
    )
    emails.application_received(application)
    emails.new_application(application)
    return application


@transaction.atomic
def schedule_intake(
    *, actor: Any, application: Application, starts_at: datetime, place: str
) -> Intake:
    """Schedule (or move) the intake and send the seeker an invitation by email."""
    application = _locked(application)
    place = required_text(place, "place", _("Say where the intake takes place."))
    if starts_at < timezone.now():
        raise InvalidChange(_("The intake cannot be in the past."), field="starts_at")
    old = APPLICATION_MACHINE.move(application, ApplicationStatus.INTAKE_SCHEDULED)
    application.intakes.filter(held_on__isnull=True).update(cancelled=True)
    if application.coordinator_id is None and getattr(actor, "is_authenticated", False):
        application.coordinator = actor
    application.save(update_fields=["status", "coordinator"])
    intake = Intake.objects.create(
        application=application,
        starts_at=starts_at,
        place=place,
        coordinator=actor if getattr(actor, "is_authenticated", False) else None,
        invitation_sent_at=timezone.now(),
    )
    _sync_commitment(application)
    _audit(
        actor,
        "track.intake_scheduled",
        application,
        {"status": old},
        {"status": application.status, "starts_at": starts_at.isoformat()},
    )
    emails.intake_invitation(intake)
    return intake


@transaction.atomic
def record_intake(*, actor: Any, application: Application, held_on: date, notes: str) -> Intake:
    application = _locked(application)
    notes = required_text(notes, "notes", _("Write down what was discussed in the intake."))
    if held_on > timezone.localdate():
        raise InvalidChange(_("The intake cannot be held in the future."), field="held_on")
    old = APPLICATION_MACHINE.move(application, ApplicationStatus.INTAKE_HELD)
    intake = application.intakes.filter(cancelled=False, held_on__isnull=True).first()
    if intake is None:  # pragma: no cover - a scheduled application always has one
        raise NotAllowed(_("No intake is scheduled."), field="held_on")
    intake.held_on = held_on
    intake.notes = notes
    intake.save(update_fields=["held_on", "notes"])
    application.save(update_fields=["status"])
    _sync_commitment(application)
    _audit(
        actor,
        "track.intake_held",
        application,
        {"status": old},
        {"status": application.status, "held_on": held_on.isoformat()},
    )
    return intake


@transaction.atomic
def assess(
    *, actor: Any, application: Application, scores: Mapping[int, tuple[int, str]]
) -> Assessment:
    """Score every criterion in use of the organisation's rubric, 1 to 5, each with a reason.
    ``scores`` maps a criterion's id to (score, reason)."""
    application = _locked(application)
    if application.status != ApplicationStatus.INTAKE_HELD:
        raise NotAllowed(
            _("An application is assessed after its intake."), code="application_state"
        )
    criteria = list(application.organisation.criteria.filter(active=True))
    for criterion in criteria:
        field = f"score_{criterion.pk}"
        if criterion.pk not in scores:
            raise InvalidChange(
                _("Give a score for %(criterion)s.") % {"criterion": criterion.label}, field=field
            )
        score, reason = scores[criterion.pk]
        if not 1 <= int(score) <= 5:
            raise InvalidChange(_("A score is from 1 to 5."), field=field)
        if not (reason or "").strip():
            raise InvalidChange(
                _("Give the reason for the score for %(criterion)s.")
                % {"criterion": criterion.label},
                field=f"reason_{criterion.pk}",
            )
        if len(reason.strip()) > TEXT_LIMITS["reason"]:
            check_length(
                reason.strip(), field=f"reason_{criterion.pk}", limit=TEXT_LIMITS["reason"]
            )
    assessment = Assessment.objects.create(
        application=application, assessed_by=_user(actor), assessed_at=timezone.now()
    )
    AssessmentScore.objects.bulk_create(
        AssessmentScore(
            assessment=assessment,
            criterion=criterion,
            score=int(scores[criterion.pk][0]),
            reason=scores[criterion.pk][1].strip(),
            pass_mark=criterion.pass_mark,
        )
        for criterion in criteria
    )
    _audit(
        actor,
        "track.assessed",
        application,
        None,
        {
            **{c.key: int(scores[c.pk][0]) for c in criteria},
            "pass_marks": {c.key: c.pass_mark for c in criteria},
        },
    )
    return assessment


@transaction.atomic
def decide(
    *,
    actor: Any,
    application: Application,
    approve: bool,
    reasons: str,
    today: date | None = None,
) -> Decision:
    """Approve (valid for VOORRANG_APPROVAL_MONTHS) or decline, with reasons. Approval needs
    an assessment after the intake; a decline may also come before the intake."""
    today = today or timezone.localdate()
    application = _locked(application)
    reasons = required_text(reasons, "reasons", _("Give the reasons for the decision."))
    new = ApplicationStatus.APPROVED if approve else ApplicationStatus.DECLINED
    if approve and application.status == ApplicationStatus.INTAKE_HELD:
        held = application.intakes.filter(held_on__isnull=False).order_by("-held_on").first()
        latest = application.assessments.first()
        if latest is None or (held and timezone.localdate(latest.assessed_at) < held.held_on):
            raise NotAllowed(
                _("Assess the application with the rubric before approving it."),
                field="approve",
                code="not_assessed",
            )
    old = APPLICATION_MACHINE.move(application, new)
    valid_until = None
    if approve:
        valid_until = add_months(today, settings.VOORRANG_APPROVAL_MONTHS)
        application.approved_on = today
        application.approved_until = valid_until
        application.closed_at = None
    else:
        application.closed_at = timezone.now()
    application.save(update_fields=["status", "approved_on", "approved_until", "closed_at"])
    decision = Decision.objects.create(
        application=application,
        outcome=new,
        reasons=reasons,
        valid_until=valid_until,
        decided_by=_user(actor),
        decided_at=timezone.now(),
    )
    _sync_commitment(application)
    _audit(
        actor,
        f"track.{new}",
        application,
        {"status": old},
        {"status": new, "valid_until": valid_until and valid_until.isoformat()},
    )
    emails.decision_made(decision)
    return decision


@transaction.atomic
def renew(
    *, actor: Any, application: Application, reasons: str, today: date | None = None
) -> Decision:
    """Another period of approval, counted from today (or from the end of the current period
    when that is still ahead)."""
    today = today or timezone.localdate()
    application = _locked(application)
    reasons = required_text(reasons, "reasons", _("Give the reasons for the renewal."))
    old_until = application.approved_until
    APPLICATION_MACHINE.move(application, ApplicationStatus.APPROVED)
    start = max(today, old_until) if old_until else today
    application.approved_until = add_months(start, settings.VOORRANG_APPROVAL_MONTHS)
    application.save(update_fields=["status", "approved_until"])
    decision = Decision.objects.create(
        application=application,
        kind=DecisionKind.RENEWAL,
        outcome=ApplicationStatus.APPROVED,
        reasons=reasons,
        valid_until=application.approved_until,
        decided_by=_user(actor),
        decided_at=timezone.now(),
    )
    _sync_commitment(application)
    _audit(
        actor,
        "track.renewed",
        application,
        {"valid_until": old_until and old_until.isoformat()},
        {"valid_until": application.approved_until.isoformat()},
    )
    return decision


@transaction.atomic
def withdraw(*, actor: Any, application: Application) -> Application:
    """The seeker (or the coordinator on their behalf) withdraws the application. Once an
    agreement is signed, the commitment is ended in the follow-up instead."""
    application = _locked(application)
    if CommitmentAgreement.objects.filter(application=application).exists():
        raise NotAllowed(
            _("This commitment has an agreement: end it in the follow-up instead."),
            code="has_agreement",
        )
    old = APPLICATION_MACHINE.move(application, ApplicationStatus.WITHDRAWN)
    application.closed_at = timezone.now()
    application.save(update_fields=["status", "closed_at"])
    application.intakes.filter(held_on__isnull=True).update(cancelled=True)
    _sync_commitment(application)
    _audit(actor, "track.withdrawn", application, {"status": old}, {"status": application.status})
    return application
