"""Every write of the targeted track: each runs in one transaction, checks the state machine,
keeps the corporation's view (``Commitment``) in step and records an audit event. Audit
events carry statuses and dates only, never the free text of an application, an intake or a
check-in."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from voorrang.audit.services import record
from voorrang.commitments import emails
from voorrang.commitments.consent import CONSENT_STATEMENTS
from voorrang.commitments.dates import add_months
from voorrang.commitments.models import (
    ActivityLog,
    Application,
    Assessment,
    AssessmentScore,
    BuildingNeed,
    CheckIn,
    Commitment,
    CommitmentAgreement,
    CommitmentStatus,
    CoordinatorMembership,
    Decision,
    DecisionKind,
    Going,
    Intake,
    LoggedBy,
    Objection,
    RubricCriterion,
    StatusPeriod,
    WelfareOrganisation,
)
from voorrang.commitments.states import (
    APPLICATION_MACHINE,
    CHECK_IN_MONTHS,
    FOLLOW_UP_MACHINE,
    OBJECTION_MACHINE,
    OPEN_APPLICATION_STATES,
    ApplicationStatus,
    EndReason,
    FollowUpStatus,
    ObjectionStatus,
)
from voorrang.errors import InvalidChange, NotAllowed
from voorrang.housing.models import Building
from voorrang.seekers.models import Seeker
from voorrang.text_limits import TEXT_LIMITS, check_length

A = ApplicationStatus

DEFAULT_CRITERIA = (
    ("motivation", gettext_lazy("Motivation")),
    ("realism", gettext_lazy("Realism of the offer")),
    ("fit", gettext_lazy("Fit with what the building needs")),
    ("continuity", gettext_lazy("Continuity")),
)
DEFAULT_NEEDS = (
    gettext_lazy("Coffee mornings"),
    gettext_lazy("The green group"),
    gettext_lazy("Homework help"),
    gettext_lazy("Odd jobs"),
    gettext_lazy("Stairwell contact person"),
    gettext_lazy("Language buddy"),
)
MAX_HOURS_PER_MONTH = 80
DEFAULT_DURATION_MONTHS = 24
# A check-in can be answered from two weeks before its date.
CHECK_IN_OPENS_DAYS = 14
# Reminders go out for check-ins due within this many days (and for those overdue).
REMINDER_DAYS_AHEAD = 7


# --- State machines and the corporation's view --------------------------------------------


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
            A.APPROVED: CommitmentStatus.APPROVED,
            A.DECLINED: CommitmentStatus.DECLINED,
            A.WITHDRAWN: CommitmentStatus.ENDED,
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


def _required_text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidChange(message, field=field)
    if field in TEXT_LIMITS:
        check_length(value, field=field)
    return value


def _optional_text(value: str | None, field: str) -> str:
    return check_length((value or "").strip(), field=field)


# --- The organisation, its rubric and the buildings' catalogues ----------------------------


@transaction.atomic
def create_organisation(
    *, actor: Any, name: str, buildings: Iterable[Building] = (), email: str = ""
) -> WelfareOrganisation:
    """A welfare organisation with the default rubric, working in ``buildings`` (each of which
    gets the default catalogue of needs when it has none)."""
    name = _required_text(name, "name", _("Give the organisation's name."))
    if WelfareOrganisation.objects.filter(name=name).exists():
        raise InvalidChange(_("An organisation with this name exists already."), field="name")
    organisation = WelfareOrganisation.objects.create(name=name, email=email)
    # Stored data: in the installation's language, whatever the language of the request.
    with translation.override(settings.LANGUAGE_CODE):
        for position, (key, label) in enumerate(DEFAULT_CRITERIA):
            RubricCriterion.objects.create(
                organisation=organisation, key=key, label=str(label), position=position
            )
    for building in buildings:
        organisation.buildings.add(building)
        ensure_needs_catalogue(building)
    _audit(actor, "welfare.organisation_created", organisation, None, {"name": name})
    return organisation


def ensure_needs_catalogue(building: Building) -> None:
    """The default catalogue of needs for a building that has none yet."""
    if not building.needs.exists():
        with translation.override(settings.LANGUAGE_CODE):
            BuildingNeed.objects.bulk_create(
                BuildingNeed(building=building, name=str(name), position=i)
                for i, name in enumerate(DEFAULT_NEEDS)
            )


@transaction.atomic
def add_coordinator(*, actor: Any, organisation: WelfareOrganisation, user: Any) -> None:
    if not user.groups.filter(name="staff-welfare").exists():
        raise InvalidChange(
            _("A coordinator needs an account in the staff-welfare group."), field="user"
        )
    _membership, created = CoordinatorMembership.objects.get_or_create(
        organisation=organisation, user=user
    )
    if created:
        _audit(actor, "welfare.coordinator_added", organisation, None, {"user": user.pk})


@transaction.atomic
def add_criterion(
    *, actor: Any, organisation: WelfareOrganisation, label: str, guidance: str = ""
) -> RubricCriterion:
    label = _required_text(label, "label", _("Give the criterion a name."))
    from django.utils.text import slugify

    key = slugify(label)[:40] or "criterion"
    base, n = key, 1
    while organisation.criteria.filter(key=key).exists():
        n += 1
        key = f"{base[:36]}-{n}"
    position = (
        organisation.criteria.order_by("-position").values_list("position", flat=True).first() or 0
    ) + 1
    criterion = RubricCriterion.objects.create(
        organisation=organisation, key=key, label=label, guidance=guidance, position=position
    )
    _audit(actor, "welfare.criterion_added", organisation, None, {"criterion": key})
    return criterion


@transaction.atomic
def set_criterion_active(*, actor: Any, criterion: RubricCriterion, active: bool) -> None:
    if (
        active is False
        and criterion.organisation.criteria.filter(active=True).exclude(pk=criterion.pk).count()
        == 0
    ):
        raise NotAllowed(_("The rubric needs at least one criterion in use."), field="criterion")
    before = {"active": criterion.active}
    criterion.active = active
    criterion.save(update_fields=["active"])
    _audit(
        actor,
        "welfare.criterion_changed",
        criterion.organisation,
        before,
        {"active": active, "criterion": criterion.key},
    )


@transaction.atomic
def add_need(*, actor: Any, building: Building, name: str, description: str = "") -> BuildingNeed:
    name = _required_text(name, "name", _("Give the activity a name."))
    if building.needs.filter(name=name).exists():
        raise InvalidChange(_("This activity is in the catalogue already."), field="name")
    position = (
        building.needs.order_by("-position").values_list("position", flat=True).first() or 0
    ) + 1
    need = BuildingNeed.objects.create(
        building=building, name=name, description=description, position=position
    )
    _audit(actor, "welfare.need_added", building, None, {"need": name})
    return need


@transaction.atomic
def set_need_active(*, actor: Any, need: BuildingNeed, active: bool) -> None:
    before = {"active": need.active}
    need.active = active
    need.save(update_fields=["active"])
    _audit(
        actor, "welfare.need_changed", need.building, before, {"active": active, "need": need.name}
    )


# --- The application --------------------------------------------------------------------------


def organisation_for(building: Building) -> WelfareOrganisation | None:
    return building.welfare_organisations.order_by("pk").first()


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
    motivation = _required_text(
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
    return application


@transaction.atomic
def schedule_intake(
    *, actor: Any, application: Application, starts_at: datetime, place: str
) -> Intake:
    """Schedule (or move) the intake and send the seeker an invitation by email."""
    application = _locked(application)
    place = _required_text(place, "place", _("Say where the intake takes place."))
    if starts_at < timezone.now():
        raise InvalidChange(_("The intake cannot be in the past."), field="starts_at")
    old = APPLICATION_MACHINE.move(application, A.INTAKE_SCHEDULED)
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
    notes = _required_text(notes, "notes", _("Write down what was discussed in the intake."))
    if held_on > timezone.localdate():
        raise InvalidChange(_("The intake cannot be held in the future."), field="held_on")
    old = APPLICATION_MACHINE.move(application, A.INTAKE_HELD)
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
    if application.status != A.INTAKE_HELD:
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
        )
        for criterion in criteria
    )
    _audit(
        actor,
        "track.assessed",
        application,
        None,
        {c.key: int(scores[c.pk][0]) for c in criteria},
    )
    return assessment


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


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
    reasons = _required_text(reasons, "reasons", _("Give the reasons for the decision."))
    new = A.APPROVED if approve else A.DECLINED
    if approve and application.status == A.INTAKE_HELD:
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
    reasons = _required_text(reasons, "reasons", _("Give the reasons for the renewal."))
    old_until = application.approved_until
    APPLICATION_MACHINE.move(application, A.APPROVED)
    start = max(today, old_until) if old_until else today
    application.approved_until = add_months(start, settings.VOORRANG_APPROVAL_MONTHS)
    application.save(update_fields=["status", "approved_until"])
    decision = Decision.objects.create(
        application=application,
        kind=DecisionKind.RENEWAL,
        outcome=A.APPROVED,
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
    old = APPLICATION_MACHINE.move(application, A.WITHDRAWN)
    application.closed_at = timezone.now()
    application.save(update_fields=["status", "closed_at"])
    application.intakes.filter(held_on__isnull=True).update(cancelled=True)
    _sync_commitment(application)
    _audit(actor, "track.withdrawn", application, {"status": old}, {"status": application.status})
    return application


@transaction.atomic
def lodge_objection(*, actor: Any, application: Application, grounds: str) -> Objection:
    application = _locked(application)
    grounds = _required_text(grounds, "grounds", _("Say why you object to the decision."))
    if application.status != A.DECLINED:
        raise NotAllowed(
            _("An objection can be lodged against a declined application only."),
            code="application_state",
        )
    if application.objections.filter(status=ObjectionStatus.LODGED).exists():
        raise NotAllowed(_("An objection is waiting for a decision already."), field="grounds")
    objection = Objection.objects.create(
        application=application, grounds=grounds, lodged_at=timezone.now()
    )
    _audit(actor, "track.objection_lodged", application, None, {"objection": objection.pk})
    return objection


@transaction.atomic
def decide_objection(*, actor: Any, objection: Objection, upheld: bool, reasons: str) -> Objection:
    """An upheld objection reopens the application for a new assessment and decision; a
    rejected one leaves the decline in force."""
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    reasons = _required_text(reasons, "reasons", _("Give the reasons for the decision."))
    new = ObjectionStatus.UPHELD if upheld else ObjectionStatus.REJECTED
    OBJECTION_MACHINE.check(objection.status, new)
    application = _locked(objection.application)
    if upheld:
        APPLICATION_MACHINE.move(application, A.INTAKE_HELD)
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
    return objection


# --- The agreement ----------------------------------------------------------------------------


@transaction.atomic
def make_agreement(
    *,
    actor: Any,
    application: Application,
    activities: Iterable[BuildingNeed],
    hours_per_month: int,
    coordinator: Any,
    starts_on: date,
    signed_on: date,
    duration_months: int = DEFAULT_DURATION_MONTHS,
) -> CommitmentAgreement:
    application = _locked(application)
    if application.status != A.APPROVED:
        raise NotAllowed(
            _("An agreement is made with an approved seeker only."), code="application_state"
        )
    if CommitmentAgreement.objects.filter(application=application).exists():
        raise NotAllowed(_("This application has an agreement already."), code="has_agreement")
    activities = list(activities)
    if not activities:
        raise InvalidChange(_("Choose at least one activity."), field="activities")
    if any(a.building_id != application.building_id or not a.active for a in activities):
        raise InvalidChange(
            _("Choose activities from this building's catalogue."), field="activities"
        )
    if not 1 <= int(hours_per_month) <= MAX_HOURS_PER_MONTH:
        raise InvalidChange(
            _("Give a number of hours from 1 to %(max)s.") % {"max": MAX_HOURS_PER_MONTH},
            field="hours_per_month",
        )
    if int(duration_months) < 1:
        raise InvalidChange(_("The duration is at least one month."), field="duration_months")
    if signed_on > timezone.localdate():
        raise InvalidChange(_("The signing date cannot be in the future."), field="signed_on")
    if (
        coordinator is not None
        and not CoordinatorMembership.objects.filter(
            organisation=application.organisation, user=coordinator
        ).exists()
    ):
        raise InvalidChange(
            _("The coordinator must work for this organisation."), field="coordinator"
        )
    agreement = CommitmentAgreement.objects.create(
        application=application,
        hours_per_month=int(hours_per_month),
        duration_months=int(duration_months),
        coordinator=coordinator,
        starts_on=starts_on,
        signed_on=signed_on,
    )
    agreement.activities.set(activities)
    StatusPeriod.objects.create(
        agreement=agreement, status=FollowUpStatus.ACTIVE, starts_on=starts_on
    )
    _audit(
        actor,
        "track.agreement_signed",
        application,
        None,
        {
            "hours_per_month": agreement.hours_per_month,
            "duration_months": agreement.duration_months,
            "activities": sorted(a.name for a in activities),
            "starts_on": starts_on.isoformat(),
        },
    )
    return agreement


@transaction.atomic
def start_follow_up(
    *, actor: Any, agreement: CommitmentAgreement, moved_in_on: date
) -> list[CheckIn]:
    """The seeker has moved in: the check-ins at 3, 6, 12 and 24 months are planned."""
    agreement = CommitmentAgreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.moved_in_on is not None:
        raise NotAllowed(_("The follow-up has started already."), code="follow_up_started")
    if moved_in_on > timezone.localdate():
        raise InvalidChange(_("The move cannot be in the future."), field="moved_in_on")
    agreement.moved_in_on = moved_in_on
    agreement.save(update_fields=["moved_in_on"])
    check_ins = CheckIn.objects.bulk_create(
        CheckIn(agreement=agreement, month=m, due_on=add_months(moved_in_on, m))
        for m in CHECK_IN_MONTHS
    )
    _audit(
        actor,
        "track.moved_in",
        agreement.application,
        None,
        {"moved_in_on": moved_in_on.isoformat()},
    )
    return check_ins


def sync_moves() -> int:
    """Start the follow-up of every agreement whose seeker has been let a home in the building
    (found in the allocations); returns how many started."""
    from voorrang.allocation.models import Allocation

    started = 0
    waiting = (
        CommitmentAgreement.objects.filter(
            moved_in_on__isnull=True, application__seeker__isnull=False
        )
        .exclude(status=FollowUpStatus.ENDED)
        .select_related("application")
    )
    for agreement in waiting:
        allocation = (
            Allocation.objects.filter(
                seeker_id=agreement.application.seeker_id,
                unit__building_id=agreement.application.building_id,
                let_on__lte=timezone.localdate(),
            )
            .order_by("let_on")
            .first()
        )
        if allocation is not None:
            start_follow_up(actor=None, agreement=agreement, moved_in_on=allocation.let_on)
            started += 1
    return started


def _record_period(agreement: CommitmentAgreement, status: str, day: date, reason: str) -> None:
    StatusPeriod.objects.filter(agreement=agreement, ends_on__isnull=True).update(ends_on=day)
    StatusPeriod.objects.create(agreement=agreement, status=status, starts_on=day, reason=reason)


@transaction.atomic
def pause(
    *, actor: Any, agreement: CommitmentAgreement, reason: str, today: date | None = None
) -> CommitmentAgreement:
    today = today or timezone.localdate()
    agreement = CommitmentAgreement.objects.select_for_update().get(pk=agreement.pk)
    reason = _required_text(reason, "reason", _("Give the reason for the pause."))
    old = FOLLOW_UP_MACHINE.move(agreement, FollowUpStatus.PAUSED)
    agreement.pause_reason = reason
    agreement.paused_on = today
    agreement.save(update_fields=["status", "pause_reason", "paused_on"])
    _record_period(agreement, FollowUpStatus.PAUSED, today, "")
    _audit(actor, "track.paused", agreement.application, {"status": old}, {"status": "paused"})
    return agreement


@transaction.atomic
def resume(
    *, actor: Any, agreement: CommitmentAgreement, today: date | None = None
) -> CommitmentAgreement:
    today = today or timezone.localdate()
    agreement = CommitmentAgreement.objects.select_for_update().get(pk=agreement.pk)
    old = FOLLOW_UP_MACHINE.move(agreement, FollowUpStatus.ACTIVE)
    agreement.paused_on = None
    agreement.save(update_fields=["status", "paused_on"])
    _record_period(agreement, FollowUpStatus.ACTIVE, today, "")
    _audit(actor, "track.resumed", agreement.application, {"status": old}, {"status": "active"})
    return agreement


@transaction.atomic
def end(
    *, actor: Any, agreement: CommitmentAgreement, reason: str, today: date | None = None
) -> CommitmentAgreement:
    """End the commitment (moved, health, stopped, not fulfilled, completed). This is a
    record only: it has no consequence for the tenancy."""
    today = today or timezone.localdate()
    agreement = CommitmentAgreement.objects.select_for_update().get(pk=agreement.pk)
    if reason not in EndReason.values:
        raise InvalidChange(_("Choose the reason from the list."), field="reason")
    old = FOLLOW_UP_MACHINE.move(agreement, FollowUpStatus.ENDED)
    agreement.end_reason = reason
    agreement.ended_on = today
    agreement.save(update_fields=["status", "end_reason", "ended_on"])
    _record_period(agreement, FollowUpStatus.ENDED, today, reason)
    application = agreement.application
    application.closed_at = timezone.now()
    application.save(update_fields=["closed_at"])
    _sync_commitment(application)
    _audit(
        actor,
        "track.ended",
        application,
        {"status": old},
        {"status": "ended", "reason": reason, "ended_on": today.isoformat()},
    )
    return agreement


@transaction.atomic
def log_activity(
    *,
    actor: Any,
    agreement: CommitmentAgreement,
    done_on: date,
    hours: Decimal,
    need: BuildingNeed | None,
    description: str = "",
    logged_by: str,
) -> ActivityLog:
    if logged_by not in LoggedBy.values:  # pragma: no cover - the views pass a known value
        raise InvalidChange("logged_by", field="logged_by")
    agreement = (
        CommitmentAgreement.objects.select_for_update()
        .select_related("application")
        .get(pk=agreement.pk)
    )
    if agreement.status == FollowUpStatus.ENDED:
        raise NotAllowed(_("This commitment has ended."), code="follow_up_state")
    if agreement.moved_in_on is None:
        raise NotAllowed(
            _("Activities are logged after the move into the building."), field="done_on"
        )
    if done_on > timezone.localdate():
        raise InvalidChange(_("The date cannot be in the future."), field="done_on")
    if done_on < agreement.moved_in_on:
        raise InvalidChange(_("The date cannot be before the move."), field="done_on")
    hours = Decimal(hours)
    if not Decimal("0.25") <= hours <= Decimal(24):
        raise InvalidChange(_("Give a number of hours from 0.25 to 24."), field="hours")
    if need is not None and need.building_id != agreement.application.building_id:
        raise InvalidChange(_("Choose an activity of this building."), field="need")
    entry = ActivityLog.objects.create(
        agreement=agreement,
        need=need,
        done_on=done_on,
        hours=hours,
        description=_optional_text(description, "description"),
        logged_by=logged_by,
        author=_user(actor),
    )
    _audit(
        actor,
        "track.activity_logged",
        agreement.application,
        None,
        {"done_on": done_on.isoformat(), "hours": str(hours), "by": logged_by},
    )
    return entry


def check_in_open(check_in: CheckIn, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        check_in.answered_at is None
        and check_in.agreement.status != FollowUpStatus.ENDED
        and today >= check_in.due_on - timedelta(days=CHECK_IN_OPENS_DAYS)
    )


@transaction.atomic
def answer_check_in(
    *,
    actor: Any,
    check_in: CheckIn,
    answered_by: str,
    settled: int,
    contact: int,
    going: str,
    hours_last_month: int | None,
    wants_support: bool,
    note: str = "",
) -> CheckIn:
    check_in = CheckIn.objects.select_for_update().select_related("agreement").get(pk=check_in.pk)
    if check_in.answered_at is not None:
        raise NotAllowed(_("This check-in has been answered already."), code="answered")
    if not check_in_open(check_in):
        raise NotAllowed(
            _("This check-in opens two weeks before %(day)s.")
            % {"day": formats.date_format(check_in.due_on, "j F Y")},
            code="not_open",
        )
    for field, value in (("settled", settled), ("contact", contact)):
        if value is None or not 1 <= int(value) <= 5:
            raise InvalidChange(_("Choose an answer from 1 to 5."), field=field)
    if going not in Going.values:
        raise InvalidChange(_("Choose an answer."), field="going")
    if hours_last_month is not None and not 0 <= int(hours_last_month) <= 400:
        raise InvalidChange(_("Give a number of hours from 0 to 400."), field="hours_last_month")
    check_in.settled = int(settled)
    check_in.contact = int(contact)
    check_in.going = going
    check_in.hours_last_month = hours_last_month
    check_in.wants_support = bool(wants_support)
    check_in.note = _optional_text(note, "note")
    check_in.answered_at = timezone.now()
    check_in.answered_by = answered_by
    check_in.save()
    _audit(
        actor,
        "track.check_in_answered",
        check_in.agreement.application,
        None,
        {"month": check_in.month, "by": answered_by},
    )
    return check_in


# --- Commands: reminders and retention --------------------------------------------------------


def send_reminders(*, today: date | None = None) -> int:
    """Email the seeker and the coordinator about each check-in that is due (within a week, or
    overdue and unanswered). Each check-in is claimed under a row lock and marked in the same
    transaction as its emails are handed over, so no check-in is reminded twice. Returns the
    number of check-ins reminded."""
    today = today or timezone.localdate()
    sync_moves()
    reminded = 0
    while True:
        with transaction.atomic():
            check_in = (
                CheckIn.objects.select_for_update(skip_locked=True)
                .filter(
                    reminder_sent_at__isnull=True,
                    answered_at__isnull=True,
                    due_on__lte=today + timedelta(days=REMINDER_DAYS_AHEAD),
                    agreement__application__seeker__isnull=False,
                )
                .exclude(agreement__status=FollowUpStatus.ENDED)
                .order_by("due_on", "pk")
                .first()
            )
            if check_in is None:
                return reminded
            emails.check_in_reminder(check_in)
            check_in.reminder_sent_at = timezone.now()
            check_in.save(update_fields=["reminder_sent_at"])
            record(
                actor=None,
                action="track.reminder_sent",
                obj=check_in.agreement.application,
                after={"month": check_in.month, "due_on": check_in.due_on.isoformat()},
            )
            reminded += 1


def pseudonym(application: Application) -> str:
    """A stable pseudonym of an application, keyed with the secret key, so that records of
    one person stay linked for the evaluation without saying who it is."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"track-application|{application.pk}".encode(), hashlib.sha256
    )
    return "P-" + digest.hexdigest()[:16]


def retention_due(today: date | None = None) -> Any:
    today = today or timezone.localdate()
    cut = add_months(today, -settings.VOORRANG_RETENTION_MONTHS)
    from django.db.models import Q

    return (
        Application.objects.filter(retention_applied_at__isnull=True)
        .filter(
            Q(agreement__status=FollowUpStatus.ENDED, agreement__ended_on__lte=cut)
            | Q(
                agreement__isnull=True,
                status__in=[A.DECLINED, A.WITHDRAWN],
                closed_at__date__lte=cut,
            )
            & ~Q(objections__status=ObjectionStatus.LODGED)
        )
        .distinct()
    )


def apply_retention(*, today: date | None = None) -> int:
    """Erase the free text of the targeted track (motivation, intake notes, reasons, activity
    descriptions, check-in notes) of every application whose commitment ended, or that was
    declined or withdrawn, more than VOORRANG_RETENTION_MONTHS ago, and replace the seeker by a
    pseudonym. Kept for the evaluation: dates, statuses, hours, scores and structured
    answers. One audit event per application. Returns the number of applications erased."""
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
    CommitmentAgreement.objects.filter(application=application).update(pause_reason="")
    ActivityLog.objects.filter(agreement__application=application).update(
        description="", author=None
    )
    CheckIn.objects.filter(agreement__application=application).update(note="")
    record(actor=None, action=action, obj=application, after={"pseudonym": application.pseudonym})


@transaction.atomic
def erase_for_account_end(*, actor: Any, seeker: Any) -> int:
    """A seeker's account is ended: an application still in progress is withdrawn, and the
    free text of every application is erased at once (the pseudonymised rest stays for the
    evaluation, as after the retention period). Returns the number of applications."""
    count = 0
    for application in Application.objects.filter(seeker=seeker).order_by("pk"):
        if APPLICATION_MACHINE.allows(application.status, A.WITHDRAWN) and (
            not CommitmentAgreement.objects.filter(application=application).exists()
        ):
            withdraw(actor=actor, application=application)
            application.refresh_from_db()
        _erase_free_text(application, action="track.erased_at_account_end")
        count += 1
    return count
