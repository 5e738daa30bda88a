"""Reads of the targeted track, shared by the pages, the commands and the evaluation.

A coordinator reads only the records of their own organisation(s): every selector that
returns records takes the user and scopes by ``organisations_of``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from voorrang.commitments.dates import add_months
from voorrang.commitments.models import (
    ActivityLog,
    Application,
    BuildingNeed,
    CheckIn,
    Commitment,
    CommitmentAgreement,
    CommitmentStatus,
    CoordinatorMembership,
    Objection,
    SupportTask,
    WelfareOrganisation,
)
from voorrang.commitments.states import (
    ApplicationStatus,
    FollowUpStatus,
    ObjectionStatus,
    SupportTaskStatus,
)
from voorrang.housing.models import Building
from voorrang.web.access import Protected, may_read

PIPELINE = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.INTAKE_SCHEDULED,
    ApplicationStatus.INTAKE_HELD,
)
# A check-in can be answered from two weeks before its date.
CHECK_IN_OPENS_DAYS = 14


def organisations_of(user: Any) -> QuerySet[WelfareOrganisation]:
    """The organisations whose records the user may read: their memberships, for a reader of
    the welfare records (a superuser is no exception: see voorrang.web.access)."""
    if not may_read(user, Protected.WELFARE_RECORDS):
        return WelfareOrganisation.objects.none()
    return WelfareOrganisation.objects.filter(memberships__user=user)


def applications_for(user: Any) -> QuerySet[Application]:
    return Application.objects.filter(organisation__in=organisations_of(user)).select_related(
        "seeker", "building", "organisation", "coordinator"
    )


def application_for(user: Any, pk: int) -> Application:
    """Application.DoesNotExist when there is none, or when it belongs to another
    organisation (so a coordinator cannot tell the two apart)."""
    return applications_for(user).get(pk=pk)


def buildings_for(user: Any) -> QuerySet[Building]:
    return Building.objects.filter(welfare_organisations__in=organisations_of(user)).distinct()


def organisation_for(building: Building) -> WelfareOrganisation | None:
    """The organisation that runs the targeted track in a building (the first, if more do)."""
    return building.welfare_organisations.order_by("pk").first()


def coordinators_for(user: Any) -> list[Any]:
    from django.contrib.auth import get_user_model

    return list(
        get_user_model()
        .objects.filter(
            pk__in=organisations_of(user).values("memberships__user"),
        )
        .order_by("first_name", "last_name", "username")
    )


def coordinators_of(organisation: WelfareOrganisation) -> QuerySet[Any]:
    """The active coordinators of one organisation, by name. Scope the organisation first."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            pk__in=CoordinatorMembership.objects.filter(organisation=organisation).values("user"),
        )
        .order_by("first_name", "last_name", "username")
    )


class AccountState(models.TextChoices):
    ACTIVE = "active", _("active")
    INVITED = "invited", _("invited: has not chosen a password yet")
    INACTIVE = "inactive", _("not active")


@dataclass(frozen=True)
class TeamMember:
    user: Any
    since: date | None  # None: joined before the date was kept
    account: AccountState
    # Another coordinator with an active account would remain.
    removable: bool

    @property
    def invited(self) -> bool:
        return self.account == AccountState.INVITED


def team(organisation: WelfareOrganisation) -> list[TeamMember]:
    """The coordinators of one organisation, by name. Scope the organisation first (read it
    through ``organisations_of``)."""
    from voorrang.accounts.services import invitation_pending

    memberships = list(
        CoordinatorMembership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__email", "user__username")
    )
    active = {m.user_id for m in memberships if m.user.is_active}

    def state(user: Any) -> AccountState:
        if user.is_active:
            return AccountState.ACTIVE
        return AccountState.INVITED if invitation_pending(user) else AccountState.INACTIVE

    return [
        TeamMember(
            user=m.user,
            since=m.since,
            account=state(m.user),
            removable=bool(active - {m.user_id}),
        )
        for m in memberships
    ]


def teams(user: Any) -> list[tuple[WelfareOrganisation, list[TeamMember]]]:
    """The teams of the organisations the user may read."""
    return [(organisation, team(organisation)) for organisation in organisations_of(user)]


@dataclass(frozen=True)
class NextSteps:
    """What may be done next with an application and its agreement: the forms their pages
    offer. Read from the statuses; the services check the same again."""

    schedule_intake: bool
    move_intake: bool  # the intake is scheduled: scheduling it again moves it
    record_intake: bool
    assess: bool
    decide: bool
    decline_only: bool  # before the intake, an application can only be declined
    renew: bool
    make_agreement: bool
    withdraw: bool
    lodge_objection: bool
    log_activity: bool
    pause: bool
    resume: bool
    end: bool


def next_steps(
    application: Application,
    agreement: CommitmentAgreement | None = None,
    *,
    objection_open: bool = False,
) -> NextSteps:
    status = application.status
    approved = status == ApplicationStatus.APPROVED
    follow_up = agreement.status if agreement is not None else None
    running = agreement is not None and follow_up != FollowUpStatus.ENDED
    moved_in = agreement is not None and agreement.moved_in_on is not None
    return NextSteps(
        schedule_intake=status in (ApplicationStatus.SUBMITTED, ApplicationStatus.INTAKE_SCHEDULED),
        move_intake=status == ApplicationStatus.INTAKE_SCHEDULED,
        record_intake=status == ApplicationStatus.INTAKE_SCHEDULED,
        assess=status == ApplicationStatus.INTAKE_HELD,
        decide=status in PIPELINE,
        decline_only=status in PIPELINE and status != ApplicationStatus.INTAKE_HELD,
        renew=approved,
        make_agreement=approved and agreement is None,
        withdraw=status in PIPELINE or (approved and agreement is None),
        lodge_objection=status == ApplicationStatus.DECLINED and not objection_open,
        log_activity=running and moved_in,
        pause=follow_up == FollowUpStatus.ACTIVE,
        resume=follow_up == FollowUpStatus.PAUSED,
        end=running,
    )


def application_queue(user: Any, status: str | None = None) -> QuerySet[Application]:
    """The applications still being handled, oldest first (the coordinator's queue); or those
    of one status."""
    applications = applications_for(user)
    if status:
        applications = applications.filter(status=status)
    else:
        applications = applications.filter(
            Q(status__in=PIPELINE) | Q(objections__status=ObjectionStatus.LODGED)
        ).distinct()
    # A pending objection is highlighted in the queue: the team is to find a coordinator who
    # did not decline the application to decide it.
    pending = Objection.objects.filter(
        application=models.OuterRef("pk"), status=ObjectionStatus.LODGED
    )
    return applications.annotate(objection_pending=models.Exists(pending)).order_by(
        "submitted_at", "pk"
    )


def seeker_applications(seeker: Any) -> list[Application]:
    return list(
        Application.objects.filter(seeker=seeker)
        .select_related("building", "organisation", "agreement")
        .prefetch_related("decisions", "objections", "intakes")
        .order_by("-submitted_at")
    )


def designated_buildings() -> QuerySet[Building]:
    """The buildings a seeker can apply for: designated, with an organisation running the
    track there."""
    return Building.objects.filter(designated=True, welfare_organisations__isnull=False).distinct()


def catalogue(building: Building) -> QuerySet[BuildingNeed]:
    return building.needs.filter(active=True)


@dataclass(frozen=True)
class Hours:
    logged: Decimal
    agreed: Decimal  # hours a month times the months since the move (whole months)

    @property
    def share(self) -> float | None:
        return float(self.logged / self.agreed) if self.agreed else None


def months_between(start: date, end: date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return max(0, months - (1 if end.day < start.day else 0))


def hours(agreement: CommitmentAgreement, today: date | None = None) -> Hours:
    """Hours logged since the move against the hours agreed for the whole months since then
    (up to the end of the agreement)."""
    today = today or timezone.localdate()
    logged = agreement.activity_logs.aggregate(total=Sum("hours"))["total"] or Decimal(0)
    if agreement.moved_in_on is None:
        return Hours(logged, Decimal(0))
    until = agreement.ended_on or today
    months = min(months_between(agreement.moved_in_on, until), agreement.duration_months)
    return Hours(logged, Decimal(agreement.hours_per_month * months))


def due_check_ins(user: Any, today: date | None = None, days: int = 14) -> QuerySet[CheckIn]:
    """Unanswered check-ins due within ``days`` or overdue, of commitments not ended."""
    today = today or timezone.localdate()
    return (
        CheckIn.objects.filter(
            agreement__application__organisation__in=organisations_of(user),
            answered_at__isnull=True,
            due_on__lte=today + timedelta(days=days),
        )
        .exclude(agreement__status=FollowUpStatus.ENDED)
        .select_related("agreement__application__seeker", "agreement__application__building")
        .order_by("due_on")
    )


def overdue(check_ins: QuerySet[CheckIn], today: date | None = None) -> QuerySet[CheckIn]:
    """Of ``check_ins``: those past their date and still unanswered, of commitments not ended."""
    today = today or timezone.localdate()
    return check_ins.filter(answered_at__isnull=True, due_on__lt=today).exclude(
        agreement__status=FollowUpStatus.ENDED
    )


def overdue_check_ins(user: Any, today: date | None = None) -> QuerySet[CheckIn]:
    """The unanswered check-ins past their date, of the user's organisations, oldest first."""
    return (
        overdue(
            CheckIn.objects.filter(agreement__application__organisation__in=organisations_of(user)),
            today,
        )
        .select_related(
            "agreement__application__seeker",
            "agreement__application__building",
            "agreement__coordinator",
        )
        .order_by("due_on", "pk")
    )


def is_overdue(check_in: CheckIn, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        check_in.answered_at is None
        and check_in.due_on < today
        and check_in.agreement.status != FollowUpStatus.ENDED
    )


def new_applications(user: Any) -> QuerySet[Application]:
    """Applications nobody has handled yet: submitted, no intake scheduled and no decision
    (the first step a coordinator takes moves them on). Oldest first."""
    return (
        applications_for(user)
        .filter(status=ApplicationStatus.SUBMITTED)
        .order_by("submitted_at", "pk")
    )


def support_tasks(user: Any, *, status: str | None = SupportTaskStatus.OPEN) -> QuerySet[Any]:
    """The requests for support of the user's organisations (open ones by default), oldest
    first."""
    tasks = SupportTask.objects.filter(
        agreement__application__organisation__in=organisations_of(user)
    )
    if status:
        tasks = tasks.filter(status=status)
    return tasks.select_related(
        "check_in",
        "assigned_to",
        "closed_by",
        "agreement__application__seeker",
        "agreement__application__building",
    ).order_by("created_at", "pk")


def check_in_open(check_in: CheckIn, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        check_in.answered_at is None
        and check_in.agreement.status != FollowUpStatus.ENDED
        and today >= check_in.due_on - timedelta(days=CHECK_IN_OPENS_DAYS)
    )


@dataclass(frozen=True)
class CaseloadRow:
    agreement: CommitmentAgreement
    hours: Hours
    activities: list[str]
    next_check_in: CheckIn | None
    overdue: int = 0  # check-ins past their date and unanswered


@dataclass(frozen=True)
class Caseload:
    rows: list[CaseloadRow]
    due: list[CheckIn]
    overdue: list[CheckIn]
    pipeline: list[Application]
    activities_running: list[tuple[str, int]]  # activity, commitments running it


def caseload(
    user: Any,
    *,
    coordinator: Any | None = None,
    building: Building | None = None,
    today: date | None = None,
) -> Caseload:
    """The commitments followed (active or paused), their hours logged against agreed, the
    due check-ins and the applicants in the pipeline; for one coordinator or one building."""
    today = today or timezone.localdate()
    agreements = (
        CommitmentAgreement.objects.filter(
            application__organisation__in=organisations_of(user),
            status__in=[FollowUpStatus.ACTIVE, FollowUpStatus.PAUSED],
        )
        .select_related("application__seeker", "application__building", "coordinator")
        .prefetch_related(
            "activities",
            Prefetch("check_ins", queryset=CheckIn.objects.filter(answered_at__isnull=True)),
        )
        .order_by("application__building__name", "starts_on")
    )
    pipeline = application_queue(user).filter(status__in=PIPELINE)
    due = due_check_ins(user, today)
    if coordinator is not None:
        agreements = agreements.filter(coordinator=coordinator)
        pipeline = pipeline.filter(coordinator=coordinator)
        due = due.filter(agreement__coordinator=coordinator)
    if building is not None:
        agreements = agreements.filter(application__building=building)
        pipeline = pipeline.filter(building=building)
        due = due.filter(agreement__application__building=building)
    rows = []
    running: dict[str, int] = {}
    for agreement in agreements:
        names = [a.name for a in agreement.activities.all()]
        if agreement.status == FollowUpStatus.ACTIVE:
            for name in names:
                running[name] = running.get(name, 0) + 1
        rows.append(
            CaseloadRow(
                agreement=agreement,
                hours=hours(agreement, today),
                activities=names,
                next_check_in=min(agreement.check_ins.all(), key=lambda c: c.due_on, default=None),
                overdue=sum(1 for c in agreement.check_ins.all() if c.due_on < today),
            )
        )
    return Caseload(
        rows=rows,
        due=list(due),
        overdue=[c for c in due if c.due_on < today],
        pipeline=list(pipeline),
        activities_running=sorted(running.items()),
    )


def targeted_vacancies(user: Any, building: Building | None = None) -> QuerySet[Any]:
    """Of allocation, what the welfare organisation needs: the targeted vacancies in its
    buildings (reference, building, state, closing date)."""
    from voorrang.allocation.models import Vacancy

    vacancies = Vacancy.objects.filter(targeted=True, unit__building__in=buildings_for(user))
    if building is not None:
        vacancies = vacancies.filter(unit__building=building)
    return (
        vacancies.exclude(state="draft")
        .select_related("unit__building")
        .order_by("-closes_on", "reference")
        .only("reference", "state", "closes_on", "unit__building__name", "targeted")
    )


class Route(models.TextChoices):
    """How one of the organisation's people got a home, if they did."""

    COMMITMENT = "commitment", _("through the commitment (targeted track)")
    REGULAR = "regular", _("regular (another route)")
    NONE = "none", _("no home yet")


class PersonState(models.TextChoices):
    """Where one of the organisation's people stands: the follow-up's status, or the
    approval's end when the policy ended it."""

    WAITING = "waiting", _("waiting for a home")
    ACTIVE = "active", _("active")
    PAUSED = "paused", _("paused")
    ENDED = "ended", _("ended")


def _let_allocations() -> QuerySet[Any]:
    from voorrang.allocation.models import LET_ALLOCATION_STATES, Allocation

    return Allocation.objects.filter(state__in=LET_ALLOCATION_STATES)


def people_and_homes(
    user: Any,
    *,
    building: Building | None = None,
    route: str = "",
    state: str = "",
) -> QuerySet[Application]:
    """The organisation's people with an approved commitment (or one that was approved): each
    with the home they were let last (``home_id``, ``home_tier``, ``home_start``), if any.
    Filtered by the building of the commitment, the route to the home and the state."""
    from django.db.models import OuterRef, Subquery

    homes = (
        _let_allocations()
        .filter(seeker_id=OuterRef("seeker_id"))
        .order_by("-contract_start", "-pk")
    )
    people = (
        applications_for(user)
        .filter(seeker__isnull=False)
        .filter(
            Q(status__in=[ApplicationStatus.APPROVED, ApplicationStatus.ENDED])
            | Q(agreement__isnull=False)
        )
        .select_related("agreement")
        .prefetch_related("seeker__members")
        .annotate(
            home_id=Subquery(homes.values("pk")[:1]),
            home_tier=Subquery(homes.values("tier")[:1]),
            home_start=Subquery(homes.values("contract_start")[:1]),
        )
        .order_by(models.F("home_start").desc(nulls_last=True), "building__name", "pk")
    )
    if building is not None:
        people = people.filter(building=building)
    if route == Route.COMMITMENT:
        people = people.filter(home_tier="commitment")
    elif route == Route.REGULAR:
        people = people.filter(home_id__isnull=False).exclude(home_tier="commitment")
    elif route == Route.NONE:
        people = people.filter(home_id__isnull=True)
    if state == PersonState.WAITING:
        people = people.filter(
            Q(agreement__status=FollowUpStatus.WAITING)
            | Q(agreement__isnull=True, status=ApplicationStatus.APPROVED)
        )
    elif state in (PersonState.ACTIVE, PersonState.PAUSED):
        people = people.filter(agreement__status=state)
    elif state == PersonState.ENDED:
        people = people.filter(
            Q(agreement__status=FollowUpStatus.ENDED) | Q(status=ApplicationStatus.ENDED)
        )
    return people


def with_homes(applications: list[Application]) -> list[Application]:
    """Attach to each application (from ``people_and_homes``) its home: ``home``, the
    allocation with its unit and building, read in one query for the whole page."""
    ids = {a.home_id for a in applications if a.home_id}
    homes = _let_allocations().select_related("unit__building", "vacancy").in_bulk(ids)
    for application in applications:
        application.home = homes.get(application.home_id)
    return applications


def home_of(application: Application) -> Any | None:
    """The home the application's seeker was let last (an allocation), or None."""
    if application.seeker_id is None:
        return None
    return (
        _let_allocations()
        .filter(seeker_id=application.seeker_id)
        .select_related("unit__building", "vacancy")
        .order_by("-contract_start", "-pk")
        .first()
    )


def monthly_activity(building: Building) -> list[dict[str, Any]]:
    """Activity log entries and hours per month in one building (for the evaluation)."""
    from django.db.models.functions import TruncMonth

    return list(
        ActivityLog.objects.filter(agreement__application__building=building)
        .annotate(month=TruncMonth("done_on"))
        .values("month")
        .annotate(entries=Count("pk"), hours=Sum("hours"))
        .order_by("month")
    )


def retention_due(today: date | None = None) -> QuerySet[Application]:
    """The applications whose free text is due for erasure: the commitment ended, or the
    application was declined or withdrawn (with no objection waiting), more than
    VOORRANG_RETENTION_MONTHS ago."""
    today = today or timezone.localdate()
    cut = add_months(today, -settings.VOORRANG_RETENTION_MONTHS)
    return (
        Application.objects.filter(retention_applied_at__isnull=True)
        .filter(
            Q(agreement__status=FollowUpStatus.ENDED, agreement__ended_on__lte=cut)
            | Q(
                agreement__isnull=True,
                status__in=[
                    ApplicationStatus.DECLINED,
                    ApplicationStatus.WITHDRAWN,
                    ApplicationStatus.ENDED,
                ],
                closed_at__date__lte=cut,
            )
            & ~Q(objections__status=ObjectionStatus.LODGED)
        )
        .distinct()
    )


def personal_data(seeker: Any) -> list[dict[str, Any]]:
    """Everything the targeted track holds about a seeker, for the download of their own data
    (the right of access covers the coordinator's notes and scores too)."""

    def iso(value: Any) -> Any:
        return value.isoformat() if value is not None else None

    rows = []
    for application in (
        Application.objects.filter(seeker=seeker)
        .select_related("building", "organisation")
        .prefetch_related(
            "intakes",
            "assessments__scores__criterion",
            "decisions",
            "objections__documents",
        )
    ):
        row: dict[str, Any] = {
            "building": application.building.name,
            "organisation": application.organisation.name,
            "status": application.status,
            "submitted_at": iso(application.submitted_at),
            "motivation": application.motivation,
            "skills": application.skills,
            "experience": application.experience,
            "hours_per_month": application.hours_per_month,
            "available_from": iso(application.available_from),
            "consents": application.consents,
            "consented_at": iso(application.consented_at),
            "approved_until": iso(application.approved_until),
            "intakes": [
                {
                    "starts_at": iso(i.starts_at),
                    "place": i.place,
                    "held_on": iso(i.held_on),
                    "notes": i.notes,
                }
                for i in application.intakes.all()
            ],
            "assessments": [
                {
                    "assessed_at": iso(a.assessed_at),
                    "scores": [
                        {"criterion": s.criterion.label, "score": s.score, "reason": s.reason}
                        for s in a.scores.all()
                    ],
                }
                for a in application.assessments.all()
            ],
            "decisions": [
                {
                    "kind": d.kind,
                    "outcome": d.outcome,
                    "reasons": d.reasons,
                    "valid_until": iso(d.valid_until),
                    "decided_at": iso(d.decided_at),
                }
                for d in application.decisions.all()
            ],
            "objections": [
                {
                    "lodged_at": iso(o.lodged_at),
                    "grounds": o.grounds,
                    "by_post": o.registered_by_id is not None,
                    "documents": [
                        {
                            "kind": d.content_type,
                            "size": d.size,
                            "uploaded_at": iso(d.uploaded_at),
                        }
                        for d in o.documents.all()
                    ],
                    "status": o.status,
                    "reasons": o.decision_reasons,
                    "decided_at": iso(o.decided_at),
                    "withdrawn_at": iso(o.withdrawn_at),
                }
                for o in application.objections.all()
            ],
        }
        agreement = CommitmentAgreement.objects.filter(application=application).first()
        if agreement is not None:
            row["agreement"] = {
                "activities": [a.name for a in agreement.activities.all()],
                "hours_per_month": agreement.hours_per_month,
                "duration_months": agreement.duration_months,
                "starts_on": iso(agreement.starts_on),
                "signed_on": iso(agreement.signed_on),
                "moved_in_on": iso(agreement.moved_in_on),
                "status": agreement.status,
                "pause_reason": agreement.pause_reason,
                "end_reason": agreement.end_reason,
                "ended_on": iso(agreement.ended_on),
                "activity_log": [
                    {
                        "date": iso(log.done_on),
                        "activity": log.need.name if log.need else None,
                        "hours": str(log.hours),
                        "description": log.description,
                        "logged_by": log.logged_by,
                    }
                    for log in agreement.activity_logs.select_related("need")
                ],
                "check_ins": [
                    {
                        "month": c.month,
                        "due_on": iso(c.due_on),
                        "answered_at": iso(c.answered_at),
                        "settled": c.settled,
                        "contact": c.contact,
                        "going": c.going,
                        "hours_last_month": c.hours_last_month,
                        "wants_support": c.wants_support,
                        "note": c.note,
                    }
                    for c in agreement.check_ins.all()
                ],
                "requests_for_support": [
                    {
                        "check_in_month": t.check_in.month,
                        "asked_at": iso(t.created_at),
                        "status": t.status,
                        "handled_at": iso(t.closed_at),
                        "note": t.closing_note,
                    }
                    for t in agreement.support_tasks.select_related("check_in")
                ],
            }
        rows.append(row)
    return rows


# --- What allocation may know (voorrang.allocation.commitment_terms) --------------------------


def commitment_terms_in_building(
    seekers: Any, building_id: int
) -> dict[int, tuple[str, date | None]]:
    """{seeker id: (status, valid until)} of ``seekers`` (a queryset or ids) in the building:
    what the ranking needs for the commitment tier, in one query."""
    return {
        seeker_id: (status, valid_until)
        for seeker_id, status, valid_until in Commitment.objects.filter(
            seeker__in=seekers, building_id=building_id
        ).values_list("seeker_id", "status", "valid_until")
    }


def commitments_of(seeker: Any) -> list[tuple[str, Any, str, date | None]]:
    """The seeker's commitments as (status, its label, building name, valid until), by
    building name. Only these three columns are read, so nothing else of the targeted track
    can leak to the corporation here."""
    rows = (
        Commitment.objects.filter(seeker=seeker)
        .order_by("building__name")
        .values_list("status", "building__name", "valid_until")
    )
    return [
        (status, CommitmentStatus(status).label, building, valid_until)
        for status, building, valid_until in rows
    ]
