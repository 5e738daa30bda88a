"""The targeted track of the synthetic Vollenhove: the welfare organisation's own records for
every commitment the history made (applications, intakes, assessments with rubric scores,
decisions, renewals, agreements, activity logs and check-ins), with a realistic share of
commitments that pause or stop.

The history decides who applied, when, who was approved and who was let a home; this module
reads that (the commitments' audit events and the lettings in the commitment tier) and writes
the records the welfare organisation would have kept, with the dates they would have had. They
are written as rows, not through the services: the services check against today's date, and
these records lie in the past. Deterministic: the same seed gives the same records.

Three cases go through the services of today, so that the demo shows them as they happen:

- the latest letting through the commitment tier (and any whose tenancy has not started yet):
  its agreement waits for the home, and the daily duty (``start_due_follow_ups``, the letting's
  own rule) starts its follow-up at the tenancy's start;
- an approved volunteer who was let a home by another route: the policy
  (``[track] housed_by_other_route``) is applied to the commitment;
- an approved volunteer with an agreement and no home yet: the agreement waits."""

from __future__ import annotations

import hashlib
import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from voorrang.allocation.models import LET_ALLOCATION_STATES, Allocation
from voorrang.allocation.services.housed import policy_of_letting
from voorrang.audit.models import AuditEvent
from voorrang.commitments import services
from voorrang.commitments.consent import CONSENT_STATEMENTS
from voorrang.commitments.dates import add_months
from voorrang.commitments.models import (
    ActivityLog,
    Application,
    Assessment,
    AssessmentScore,
    CheckIn,
    Commitment,
    CommitmentAgreement,
    CommitmentStatus,
    CoordinatorMembership,
    Decision,
    DecisionKind,
    Intake,
    Objection,
    ObjectionDocument,
    StatusPeriod,
    SupportTask,
)
from voorrang.commitments.states import (
    CHECK_IN_MONTHS,
    ApplicationStatus,
    EndReason,
    FollowUpStatus,
    SupportTaskStatus,
)
from voorrang.demo.simulation import local_moment
from voorrang.demo.stock import L_FLAT
from voorrang.housing.models import Building

ORGANISATION = "Stichting Buurtkracht Vollenhove"
WELFARE_ACCOUNT = "staff-welfare"
# The second coordinator: decides on the objections to the first one's declines.
SECOND_WELFARE_ACCOUNT = "staff-welfare-2"
OBJECTION_GROUNDS = (
    "Ik werk sinds kort minder uren en heb nu wel tijd voor de bewoners. Het nieuwe rooster "
    "van mijn werk stuur ik mee."
)
OBJECTION_DECISION = (
    "Het rooster laat ook nu geen vaste middag in de week vrij. De afwijzing blijft; u kunt "
    "zich opnieuw aanmelden als dat verandert."
)
DEMO_PDF = b"%PDF-1.4\n% demo rooster\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PLACES = ("Buurthuis De Clomp, Laan van Vollenhove", "Ontmoetingsruimte L-flat, begane grond")
MOTIVATIONS = (
    "Ik wil graag koffieochtenden organiseren, zodat buren elkaar beter leren kennen.",
    "Ik tuinier graag en wil met de groengroep het plein rond de flat opknappen.",
    "Ik ben leraar geweest en wil kinderen in de flat helpen met huiswerk.",
    "Ik ben handig en help buren graag met kleine klusjes in huis.",
    "Ik spreek Arabisch en Nederlands en wil nieuwe bewoners helpen met de taal.",
    "Ik wil aanspreekpunt zijn in mijn portiek en letten op oudere buren.",
    "Ik wil iets terugdoen voor de buurt waar ik ben opgegroeid.",
)
SKILLS = (
    "Organiseren, koken",
    "Tuinieren",
    "Lesgeven, geduld",
    "Klussen, fietsen repareren",
    "Talen: Arabisch, Turks, Nederlands",
    "Luisteren, mensen verbinden",
)
EXPERIENCES = (
    "Vrijwilliger bij de voedselbank (3 jaar).",
    "Mantelzorger voor mijn moeder.",
    "Trainer bij de voetbalclub.",
    "Geen eerdere ervaring, wel veel zin.",
    "Taalmaatje bij het taalcafé in de bibliotheek.",
)
INTAKE_NOTES = (
    "Open gesprek. Duidelijk gemotiveerd, heeft concrete ideeën. Let op: werkt in ploegendienst.",
    "Gemotiveerd, maar het aantal uren lijkt wat hoog naast werk en gezin. Besproken.",
    "Past goed bij wat de flat nodig heeft. Kent al een paar bewoners.",
    "Twijfel over continuïteit: verhuist mogelijk binnen twee jaar voor werk.",
    "Enthousiast, heeft ervaring met vrijwilligerswerk. Wil graag met de groengroep starten.",
)
SCORE_REASONS = {
    5: "Sterk onderbouwd in het gesprek.",
    4: "Goed, met concrete voorbeelden.",
    3: "Voldoende, nog wat vaag.",
    2: "Zwak: weinig concreet.",
    1: "Onvoldoende in het gesprek naar voren gekomen.",
}
LOG_TEXTS = (
    "Koffie en thee klaargezet, 12 bewoners.",
    "Plantenbakken bij de ingang bijgevuld.",
    "Twee kinderen geholpen met rekenen.",
    "Lamp in het trappenhuis gemeld en kapotte deurdranger.",
    "Met mijn taalmaatje naar de huisarts geweest.",
    "Nieuwe bewoners op de derde verdieping welkom geheten.",
    "",
)
CHECK_IN_NOTES = (
    "Gaat goed, ik ken nu veel meer buren.",
    "Druk met werk, maar de koffieochtend loopt.",
    "Het is soms lastig om mensen mee te krijgen.",
    "",
    "",
)
SUPPORT_NOTES = (
    "Gebeld. Het gaat weer beter; we spreken over een maand weer af.",
    "Langs geweest. Samen gekeken naar minder uren tot de zomer.",
    "Doorverwezen naar het sociaal wijkteam voor hulp met de administratie.",
)
# A request for support answered this long ago is handled by now in the demo; a later one is
# still open on the coordinator's start page.
SUPPORT_HANDLED_AFTER = timedelta(days=21)
PAUSE_REASONS = ("Ziekte in de familie.", "Tijdelijk drukker werk.", "Verbouwing in huis.")
# Per month after the move: the chance that an active commitment pauses, and that it ends.
MONTHLY_PAUSE = 0.012
MONTHLY_STOP = 0.011
STOP_REASONS = (
    (EndReason.STOPPED, 0.4),
    (EndReason.MOVED, 0.25),
    (EndReason.HEALTH, 0.2),
    (EndReason.NOT_FULFILLED, 0.15),
)


def _moment(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _events() -> dict[int, list[tuple[str, datetime, dict[str, Any] | None]]]:
    """The history's events of each commitment, oldest first."""
    events: dict[int, list[tuple[str, datetime, dict[str, Any] | None]]] = defaultdict(list)
    for object_id, action, at, after in (
        AuditEvent.objects.filter(object_type="commitments.commitment")
        .order_by("at", "pk")
        .values_list("object_id", "action", "at", "after")
    ):
        events[int(object_id)].append((action, at, after))
    return events


def generate_targeted_track(
    *, seed: int, until: datetime, clock: Any | None = None
) -> dict[str, int]:
    """Write the targeted track's records for the demo's commitments; returns counts."""
    rnd = random.Random(f"targeted-track|{seed}")  # noqa: S311 - reproducible on purpose
    today = timezone.localdate(until)
    building = Building.objects.filter(name=L_FLAT).first()
    if building is None:
        return {}
    organisation = services.create_organisation(
        actor=None, name=ORGANISATION, buildings=[building], email="info@buurtkracht.example.org"
    )
    coordinator = get_user_model().objects.filter(username=WELFARE_ACCOUNT).first()
    if coordinator is not None:
        CoordinatorMembership.objects.create(organisation=organisation, user=coordinator)
    criteria = list(organisation.criteria.all())
    needs = list(building.needs.all())
    lettings = {
        seeker_id: start
        for seeker_id, start in Allocation.objects.filter(
            unit__building=building, tier="commitment", state__in=LET_ALLOCATION_STATES
        ).values_list("seeker_id", "contract_start")
    }
    started = sorted((start, seeker) for seeker, start in lettings.items() if start <= today)
    # These wait for their home and start through the letting's rule below.
    by_the_letting = {seeker for seeker, start in lettings.items() if start > today}
    if started:
        by_the_letting.add(started[-1][1])
    events = _events()
    counts: dict[str, int] = defaultdict(int)
    logs: list[ActivityLog] = []
    for commitment in Commitment.objects.filter(building=building).order_by("pk"):
        history = events.get(commitment.pk, [])
        applied = next((at for action, at, _ in history if action == "commitment.applied"), None)
        if applied is None:
            continue
        writer = _Writer(rnd, today, organisation, coordinator, criteria, needs, counts, logs)
        writer.write(
            commitment,
            applied,
            history,
            lettings.get(commitment.seeker_id),
            wait=commitment.seeker_id in by_the_letting,
        )
    ActivityLog.objects.bulk_create(logs)
    counts["activity_logs"] = len(logs)
    counts["follow_ups_started_by_the_letting"] = services.start_due_follow_ups(today=today)
    if clock is not None and not _housed_otherwise(set(lettings)):
        _let_a_volunteer_regularly(building, set(lettings), until, seed, clock)
    _housed_by_other_route(set(lettings))
    counts["housed_by_other_route"] = Application.objects.exclude(housed_elsewhere="").count()
    counts["waiting_for_a_home"] = _waiting_for_a_home(coordinator, needs, today)
    second = get_user_model().objects.filter(username=SECOND_WELFARE_ACCOUNT).first()
    if second is not None:
        CoordinatorMembership.objects.create(organisation=organisation, user=second)
        counts["objections"] = _objection_examples(organisation, second, until)
    _coordinators_day(rnd, today, coordinator, counts)
    if not Application.objects.filter(status=ApplicationStatus.SUBMITTED).exists():
        _new_application(building, until)
    return dict(counts)


def _new_application(building: Building, until: datetime) -> None:
    """An application that came in this morning and nobody has handled yet, made through the
    service as a seeker's own would be (it tells the coordinators by email)."""
    from voorrang.seekers.models import Seeker

    seeker = (
        Seeker.objects.filter(status="active")
        .exclude(commitments__building=building)
        .order_by("registration_number")
        .first()
    )
    if seeker is None:
        return
    services.submit_application(
        actor=None,
        seeker=seeker,
        building=building,
        motivation=MOTIVATIONS[0],
        skills=SKILLS[0],
        experience=EXPERIENCES[0],
        hours_per_month=8,
        available_from=timezone.localdate(until),
        consents=CONSENT_STATEMENTS,
        now=until - timedelta(hours=6),
    )


def _coordinators_day(
    rnd: random.Random, today: date, coordinator: Any, counts: dict[str, int]
) -> None:
    """What a coordinator meets on their start page: a new application, an overdue check-in,
    requests for support (open and handled). The history usually makes each; when the demo is
    small and it did not, the nearest record is made into one."""
    running = CheckIn.objects.exclude(agreement__status=FollowUpStatus.ENDED)
    if not running.filter(answered_at__isnull=True, due_on__lt=today).exists():
        latest = running.filter(due_on__lt=today).order_by("-due_on", "pk").first()
        if latest is not None:
            CheckIn.objects.filter(pk=latest.pk).update(
                answered_at=None,
                answered_by="",
                settled=None,
                contact=None,
                going="",
                hours_last_month=None,
                wants_support=None,
                note="",
            )
    answered = list(
        CheckIn.objects.filter(answered_at__isnull=False)
        .select_related("agreement")
        .order_by("answered_at", "pk")
    )
    asking = [c for c in answered if c.wants_support]
    open_ones = [
        c for c in asking
        if c.answered_at > _moment(today, 0) - SUPPORT_HANDLED_AFTER
        and c.agreement.status != FollowUpStatus.ENDED
    ]  # fmt: skip
    if not open_ones:
        latest = next(
            (c for c in reversed(answered) if c.agreement.status != FollowUpStatus.ENDED), None
        )
        if latest is not None:
            latest.wants_support = True
            latest.save(update_fields=["wants_support"])
            if latest not in asking:
                asking.append(latest)
            open_ones = [latest]
    if len(asking) == len(open_ones):
        earliest = next((c for c in answered if c not in open_ones), None)
        if earliest is not None:
            earliest.wants_support = True
            earliest.save(update_fields=["wants_support"])
            asking.append(earliest)
    tasks = []
    for check_in in sorted(asking, key=lambda c: (c.answered_at, c.pk)):
        task = SupportTask(
            agreement=check_in.agreement,
            check_in=check_in,
            created_at=check_in.answered_at,
            assigned_to=check_in.agreement.coordinator,
        )
        if check_in not in open_ones:
            task.status = SupportTaskStatus.CLOSED
            task.closed_at = check_in.answered_at + timedelta(days=rnd.randint(2, 9))
            task.closed_by = coordinator
            task.closing_note = rnd.choice(SUPPORT_NOTES)
        tasks.append(task)
    SupportTask.objects.bulk_create(tasks)
    counts["support_open"] = sum(1 for t in tasks if t.status == SupportTaskStatus.OPEN)
    counts["support_handled"] = sum(1 for t in tasks if t.status == SupportTaskStatus.CLOSED)


def _objection_examples(organisation: Any, second: Any, until: datetime) -> int:
    """The two latest declines each get an objection, lodged with a document a few days after
    the decline: the latest still waits for a coordinator who did not decline it (the second
    coordinator), the other was rejected by the second coordinator with reasons."""
    from django.core.files.base import ContentFile

    declined = list(
        Application.objects.filter(organisation=organisation, status=ApplicationStatus.DECLINED)
        .order_by("-closed_at", "-pk")
        .prefetch_related("decisions")[:2]
    )
    for number, application in enumerate(declined):
        decline = application.decisions.filter(outcome=ApplicationStatus.DECLINED).first()
        if decline is None:
            continue
        lodged_at = min(decline.decided_at + timedelta(days=4), until)
        objection = Objection.objects.create(
            application=application,
            decision=decline,
            declined_by_id=decline.decided_by_id,
            grounds=OBJECTION_GROUNDS,
            lodged_at=lodged_at,
        )
        document = ObjectionDocument(
            objection=objection,
            content_type="application/pdf",
            size=len(DEMO_PDF),
            uploaded_at=lodged_at,
        )
        document.file.save("rooster.pdf", ContentFile(DEMO_PDF), save=False)
        document.save()
        if number == 1:
            objection.status = "rejected"
            objection.decided_by = second
            objection.decided_at = min(lodged_at + timedelta(days=9), until)
            objection.decision_reasons = OBJECTION_DECISION
            objection.save()
    return len(declined)


class _NotThisOne(Exception):
    """The volunteer was not ranked first for the home: roll back and try the next."""


def _housed_otherwise(let_through_commitment: set[int]) -> bool:
    return (
        Application.objects.filter(status=ApplicationStatus.APPROVED)
        .exclude(seeker_id__in=let_through_commitment)
        .filter(seeker__allocations__state__in=LET_ALLOCATION_STATES)
        .exists()
    )


def _let_a_volunteer_regularly(
    l_flat: Building, let_through_commitment: set[int], until: datetime, seed: int, clock: Any
) -> Any:
    """When the history let no approved volunteer a home by another route, one is let a home
    outside the L-flat in the usual order now, through the allocation's services (so that the
    letting's hook applies the policy to the commitment): published on the history clock's
    day, closed, ranked and let on the next (which must not be after ``until``)."""
    from voorrang.allocation import services as allocation
    from voorrang.allocation.models import Vacancy
    from voorrang.demo.accounts import letting_staff
    from voorrang.demo.listings import write_listing
    from voorrang.errors import DomainError
    from voorrang.housing.models import Unit

    staff = letting_staff()[0]
    unit = (
        Unit.objects.exclude(building=l_flat).filter(vacancies__isnull=True).order_by("pk").first()
    )
    candidates = (
        Application.objects.filter(status=ApplicationStatus.APPROVED, agreement__isnull=True)
        .exclude(seeker_id__in=let_through_commitment)
        .order_by("approved_on", "pk")
    )
    if unit is None:
        return None
    for application in candidates[:5]:
        today = timezone.localdate()
        next_morning = local_moment(today + timedelta(days=1), 9)
        if next_morning > until:
            return None
        try:
            with transaction.atomic():
                reference = f"DEMO-REGULIER-{application.pk}"
                vacancy = Vacancy.objects.create(
                    reference=reference, unit=unit, rent=unit.rent, closes_on=today
                )
                vacancy = write_listing(actor=staff, vacancy=vacancy, seed=seed)
                vacancy = allocation.publish_vacancy(
                    actor=staff,
                    vacancy=vacancy,
                    published_on=today,
                    seed=hashlib.sha256(f"{seed}|{reference}".encode()).hexdigest()[:32],
                )
                allocation.respond(
                    actor=staff, vacancy=vacancy, seeker=application.seeker, responded_on=today
                )
                clock.set(next_morning)
                allocation.close_vacancy(actor=staff, vacancy=vacancy, today=next_morning.date())
                allocation.rank_vacancy(actor=staff, vacancy=vacancy)
                offer = allocation.offer_next(actor=staff, vacancy=vacancy)
                if offer is None or offer.seeker_id != application.seeker_id:
                    raise _NotThisOne
                accepted = allocation.accept_offer(actor=staff, offer=offer)
                day = next_morning.date()
                allocation.record_checks(
                    actor=staff, allocation=accepted, passed=True, checked_on=day
                )
                return allocation.sign_contract(
                    actor=staff,
                    allocation=accepted,
                    starts_on=day + timedelta(days=14),
                    rent=vacancy.rent,
                    signed_on=day,
                )
        except (DomainError, _NotThisOne):
            continue  # not eligible for this home: the next volunteer
    return None


def _housed_by_other_route(let_through_commitment: set[int]) -> int:
    """Approved volunteers whom the history let a home by another route: the policy of that
    letting applies to their commitment, as the letting's hook does today."""
    applied = 0
    for application in (
        Application.objects.filter(status=ApplicationStatus.APPROVED)
        .exclude(seeker_id__in=let_through_commitment)
        .order_by("pk")
    ):
        allocation = (
            Allocation.objects.filter(
                seeker_id=application.seeker_id, state__in=LET_ALLOCATION_STATES
            )
            .select_related("vacancy", "unit")
            .order_by("contract_start", "pk")
            .first()
        )
        if allocation is None:
            continue
        services.apply_housed_by_other_route(
            actor=None,
            application=application,
            allocation=allocation,
            choice=policy_of_letting(allocation).housed_by_other_route,
        )
        applied += 1
    return applied


def _waiting_for_a_home(coordinator: Any, needs: list[Any], today: date) -> int:
    """The latest approved volunteers without a home sign their agreement: it waits."""
    today = min(today, timezone.localdate())  # the history's clock may stop short of today
    waiting = 0
    for application in (
        Application.objects.filter(
            status=ApplicationStatus.APPROVED, agreement__isnull=True, approved_until__gte=today
        )
        .exclude(seeker__allocations__state__in=LET_ALLOCATION_STATES)
        .order_by("-approved_on", "-pk")[:2]
    ):
        services.make_agreement(
            actor=coordinator,
            application=application,
            activities=needs[:2],
            hours_per_month=min(application.hours_per_month, 12),
            coordinator=coordinator,
            starts_on=today,
            signed_on=today,
        )
        waiting += 1
    return waiting


class _Writer:
    def __init__(
        self,
        rnd: random.Random,
        today: date,
        organisation: Any,
        coordinator: Any,
        criteria: list[Any],
        needs: list[Any],
        counts: dict[str, int],
        logs: list[ActivityLog],
    ) -> None:
        self.rnd = rnd
        self.today = today
        self.organisation = organisation
        self.coordinator = coordinator
        self.criteria = criteria
        self.needs = needs
        self.counts = counts
        self.logs = logs

    def write(
        self,
        commitment: Commitment,
        applied: datetime,
        history: list[tuple[str, datetime, dict[str, Any] | None]],
        let_on: date | None,
        *,
        wait: bool = False,
    ) -> None:
        rnd = self.rnd
        decision = next(
            ((action, at, after) for action, at, after in history
             if action in ("commitment.approved", "commitment.declined")),
            None,
        )  # fmt: skip
        application = Application.objects.create(
            seeker_id=commitment.seeker_id,
            building_id=commitment.building_id,
            organisation=self.organisation,
            commitment=commitment,
            status=ApplicationStatus.SUBMITTED,
            motivation=rnd.choice(MOTIVATIONS),
            skills=rnd.choice(SKILLS),
            experience=rnd.choice(EXPERIENCES),
            hours_per_month=rnd.choice((4, 6, 8, 8, 10, 12, 16)),
            available_from=timezone.localdate(applied) + timedelta(days=rnd.randint(0, 60)),
            consents=sorted(CONSENT_STATEMENTS),
            consented_at=applied,
            submitted_at=applied,
            coordinator=self.coordinator,
        )
        self.counts["applications"] += 1
        applied_on = timezone.localdate(applied)
        if decision is None:
            self.pending(application, applied_on)
            return
        action, decided_at, after = decision
        decided_on = timezone.localdate(decided_at)
        span = max((decided_on - applied_on).days, 4)
        intake_on = applied_on + timedelta(days=max(2, span - rnd.randint(2, min(10, span))))
        intake_on = min(intake_on, decided_on)
        Intake.objects.create(
            application=application,
            starts_at=_moment(intake_on, rnd.choice((10, 11, 14, 15))),
            place=rnd.choice(PLACES),
            coordinator=self.coordinator,
            invitation_sent_at=_moment(applied_on + timedelta(days=1), 9),
            held_on=intake_on,
            notes=rnd.choice(INTAKE_NOTES),
        )
        approve = action == "commitment.approved"
        assessment = Assessment.objects.create(
            application=application, assessed_by=self.coordinator, assessed_at=decided_at
        )
        scores = []
        for criterion in self.criteria:
            score = rnd.choice((3, 4, 4, 5, 5)) if approve else rnd.choice((1, 2, 2, 3))
            scores.append(
                AssessmentScore(
                    assessment=assessment,
                    criterion=criterion,
                    score=score,
                    reason=SCORE_REASONS[score],
                    pass_mark=criterion.pass_mark,
                )
            )
        AssessmentScore.objects.bulk_create(scores)
        valid_until = date.fromisoformat(after["valid_until"]) if approve else None
        Decision.objects.create(
            application=application,
            outcome=ApplicationStatus.APPROVED if approve else ApplicationStatus.DECLINED,
            reasons="Past bij wat de flat nodig heeft."
            if approve
            else "Het aanbod is op dit moment niet haalbaar naast werk en gezin.",
            valid_until=valid_until,
            decided_by=self.coordinator,
            decided_at=decided_at,
        )
        if not approve:
            application.status = ApplicationStatus.DECLINED
            application.closed_at = decided_at
            application.save()
            self.counts["declined"] += 1
            return
        application.status = ApplicationStatus.APPROVED
        application.approved_on = decided_on
        application.approved_until = valid_until
        for action, at, after in history:
            if action == "commitment.renewed":
                new_until = date.fromisoformat(after["valid_until"])
                Decision.objects.create(
                    application=application,
                    kind=DecisionKind.RENEWAL,
                    outcome=ApplicationStatus.APPROVED,
                    reasons="Nog steeds gemotiveerd; verlengd.",
                    valid_until=new_until,
                    decided_by=self.coordinator,
                    decided_at=at,
                )
                application.approved_until = new_until
                self.counts["renewals"] += 1
            elif action == "commitment.ended" and let_on is None:
                # The approval lapsed without renewal and without a home: the track closed.
                application.status = ApplicationStatus.WITHDRAWN
                application.closed_at = at
        application.save()
        self.counts["approved"] += 1
        if let_on is not None and wait:
            self.waiting(application, decided_on, let_on)
        elif let_on is not None:
            self.follow(application, commitment, decided_on, let_on)

    def waiting(self, application: Application, decided_on: date, let_on: date) -> None:
        """The agreement, signed before the home was let: it waits for the tenancy's start."""
        rnd = self.rnd
        signed_on = max(decided_on, let_on - timedelta(days=rnd.randint(20, 40)))
        agreement = CommitmentAgreement.objects.create(
            application=application,
            hours_per_month=max(4, application.hours_per_month - rnd.choice((0, 0, 2, 4))),
            duration_months=24,
            coordinator=self.coordinator,
            starts_on=signed_on,
            signed_on=signed_on,
            status=FollowUpStatus.WAITING,
        )
        agreement.activities.set(rnd.sample(self.needs, k=rnd.choice((1, 2))))
        StatusPeriod.objects.create(
            agreement=agreement, status=FollowUpStatus.WAITING, starts_on=signed_on
        )
        self.counts["agreements"] += 1

    def pending(self, application: Application, applied_on: date) -> None:
        """Applied recently: an intake planned (in the coming days) for most, others waiting."""
        if (self.today - applied_on).days < 3 or self.rnd.random() < 0.35:
            return
        day = self.today + timedelta(days=self.rnd.randint(2, 12))
        if day.weekday() >= 5:
            day += timedelta(days=7 - day.weekday())
        Intake.objects.create(
            application=application,
            starts_at=_moment(day, self.rnd.choice((10, 14))),
            place=self.rnd.choice(PLACES),
            coordinator=self.coordinator,
            invitation_sent_at=_moment(applied_on + timedelta(days=2), 9),
        )
        application.status = ApplicationStatus.INTAKE_SCHEDULED
        application.save(update_fields=["status"])
        self.counts["intakes_scheduled"] += 1

    def follow(
        self, application: Application, commitment: Commitment, decided_on: date, let_on: date
    ) -> None:
        """The agreement, signed shortly before the home was let, and the follow-up since the
        tenancy's start (``let_on`` here: the contract's start)."""
        rnd = self.rnd
        signed_on = max(decided_on, let_on - timedelta(days=rnd.randint(3, 12)))
        agreement = CommitmentAgreement.objects.create(
            application=application,
            hours_per_month=max(4, application.hours_per_month - rnd.choice((0, 0, 2, 4))),
            duration_months=24,
            coordinator=self.coordinator,
            starts_on=let_on,
            signed_on=signed_on,
            moved_in_on=let_on,
        )
        chosen = rnd.sample(self.needs, k=rnd.choice((1, 1, 2, 2, 3)))
        agreement.activities.set(chosen)
        self.counts["agreements"] += 1
        # Walk month by month: pauses, resumptions and ends, with the activity logged.
        status, since = FollowUpStatus.ACTIVE, let_on
        periods = [
            StatusPeriod(
                agreement=agreement,
                status=FollowUpStatus.WAITING,
                starts_on=signed_on,
                ends_on=let_on,
            ),
            StatusPeriod(agreement=agreement, status=status, starts_on=let_on, reason="let"),
        ]
        reliability = rnd.uniform(0.55, 1.1)
        month = 0
        end_reason = ""
        while True:
            start = add_months(let_on, month)
            end_of_month = add_months(let_on, month + 1)
            if start > self.today or month >= agreement.duration_months:
                break
            if status == FollowUpStatus.ACTIVE:
                self.log_month(agreement, chosen, start, min(end_of_month, self.today), reliability)
                draw = rnd.random()
                if draw < MONTHLY_STOP:
                    status = FollowUpStatus.ENDED
                    reasons, weights = zip(*STOP_REASONS, strict=True)
                    end_reason = rnd.choices(reasons, weights=weights)[0]
                elif draw < MONTHLY_STOP + MONTHLY_PAUSE:
                    status = FollowUpStatus.PAUSED
                    agreement.pause_reason = rnd.choice(PAUSE_REASONS)
            elif status == FollowUpStatus.PAUSED and rnd.random() < 0.3:
                status = FollowUpStatus.ACTIVE
            if status != periods[-1].status:
                change = min(end_of_month, self.today)
                periods[-1].ends_on = change
                periods.append(
                    StatusPeriod(
                        agreement=agreement, status=status, starts_on=change, reason=end_reason
                    )
                )
                since = change
                if status == FollowUpStatus.ENDED:
                    break
            month += 1
        if status == FollowUpStatus.ACTIVE and month >= agreement.duration_months:
            end_day = add_months(let_on, agreement.duration_months)
            if end_day <= self.today:
                status, since, end_reason = FollowUpStatus.ENDED, end_day, EndReason.COMPLETED
                periods[-1].ends_on = end_day
                periods.append(
                    StatusPeriod(
                        agreement=agreement, status=status, starts_on=end_day, reason=end_reason
                    )
                )
        StatusPeriod.objects.bulk_create(periods)
        agreement.status = status
        if status == FollowUpStatus.PAUSED:
            agreement.paused_on = since
        if status == FollowUpStatus.ENDED:
            agreement.end_reason = end_reason
            agreement.ended_on = since
            application.closed_at = _moment(since, 12)
            application.save(update_fields=["closed_at"])
            commitment.status = CommitmentStatus.ENDED
            commitment.save(update_fields=["status", "updated_at"])
            self.counts[f"ended_{end_reason}"] += 1
        else:
            self.counts[f"follow_up_{status}"] += 1
        agreement.save()
        self.check_ins(agreement, periods, reliability)

    def log_month(
        self, agreement: Any, chosen: list[Any], start: date, end: date, reliability: float
    ) -> None:
        days = (end - start).days
        if days <= 0:
            return
        target = agreement.hours_per_month * reliability * days / 30.4
        sessions = max(1, round(target / 2.5))
        for _ in range(sessions):
            if self.rnd.random() > min(reliability, 0.95):
                continue
            need = self.rnd.choice(chosen)
            self.logs.append(
                ActivityLog(
                    agreement=agreement,
                    need=need,
                    done_on=start + timedelta(days=self.rnd.randrange(days)),
                    hours=Decimal(self.rnd.choice(("1.5", "2", "2", "2.5", "3", "4"))),
                    description=self.rnd.choice(LOG_TEXTS),
                    logged_by="seeker" if self.rnd.random() < 0.8 else "coordinator",
                    author=None,
                )
            )

    def check_ins(self, agreement: Any, periods: list[StatusPeriod], reliability: float) -> None:
        ended_on = agreement.ended_on
        rows = []
        for month in CHECK_IN_MONTHS:
            due = add_months(agreement.moved_in_on, month)
            check_in = CheckIn(agreement=agreement, month=month, due_on=due)
            if due <= self.today + timedelta(days=7):
                check_in.reminder_sent_at = _moment(due - timedelta(days=7), 8)
            answered = due <= self.today and (ended_on is None or due <= ended_on)
            if answered and self.rnd.random() < 0.85:
                by = "seeker" if self.rnd.random() < 0.7 else "coordinator"
                # Within twelve days of its date, and never after the demo's present moment.
                check_in.answered_at = min(
                    _moment(due + timedelta(days=self.rnd.randint(0, 12)), 19),
                    _moment(self.today, 0),
                    timezone.now(),
                )
                check_in.answered_by = by
                check_in.settled = min(5, max(1, round(self.rnd.gauss(3.9, 0.8))))
                check_in.contact = min(5, max(1, round(self.rnd.gauss(3.4 + month / 24, 0.9))))
                check_in.going = (
                    "yes" if reliability > 0.85 else "partly" if reliability > 0.7 else "no"
                )
                check_in.hours_last_month = max(
                    0, round(agreement.hours_per_month * reliability + self.rnd.gauss(0, 2))
                )
                check_in.wants_support = self.rnd.random() < 0.2
                check_in.note = self.rnd.choice(CHECK_IN_NOTES)
            rows.append(check_in)
        CheckIn.objects.bulk_create(rows)
        self.counts["check_ins_answered"] += sum(1 for c in rows if c.answered_at)
