"""The letting events of the demo's history, each run at its moment by the history's
scheduler (``voorrang.demo.history``): registrations, the targeted track's applications and
decisions, urgency declarations, vacancies published, responses, closing, ranking, offers,
refusals, acceptances. Each goes through the real services, with the explicit dates they take
(``published_on``, ``today``, ``now``, ``deadline``), and schedules what follows from it."""

from __future__ import annotations

import hashlib
import itertools
import random
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone

from voorrang.allocation import services
from voorrang.allocation.models import (
    Allocation,
    Channel,
    Offer,
    RefusalReason,
    Response,
    Vacancy,
    ViewingOutcome,
)
from voorrang.allocation.policies import policy_name_for
from voorrang.allocation.states import PENDING_OFFER_STATES, VacancyState
from voorrang.audit.services import record
from voorrang.commitments.models import Commitment, CommitmentStatus
from voorrang.demo.appeal import MOST_APPEAL, Appeal
from voorrang.demo.listings import write_listing
from voorrang.demo.names import (
    CHECK_FAILURES,
    REFUSAL_TEXTS,
    URGENCY_GROUNDS,
    URGENCY_ISSUERS,
    URGENCY_KINDS,
    WITHDRAWAL_REASONS,
)
from voorrang.demo.population import SeekerPlan, insert_seekers, registration_number
from voorrang.demo.responses import NewResponse, insert_responses
from voorrang.demo.simulation import SimulatedClock, local_moment, weekday_on_or_after
from voorrang.demo.stock import L_FLAT
from voorrang.errors import DomainError
from voorrang.housing.models import Building, Unit
from voorrang.objections import selectors as objection_selectors
from voorrang.objections import services as objection_services
from voorrang.objections.models import Objection
from voorrang.rules import Policy, load_policy
from voorrang.seekers import services as seeker_services
from voorrang.seekers.models import Seeker, UrgencyDeclaration
from voorrang.seekers.services import register_seeker

OPEN_DAYS = 7  # a vacancy is published for a week and closes on the seventh day after
# Share of a vacancy's responses that arrive on each day it is open: most come early.
RESPONSE_DAYS = (0.30, 0.18, 0.12, 0.10, 0.09, 0.08, 0.07, 0.06)
# Rent at letting as a share of today's rent, by year (the yearly rent increases).
RENT_INDEX = {2021: 0.83, 2022: 0.845, 2023: 0.87, 2024: 0.92, 2025: 0.96}
REFUSALS = (
    (RefusalReason.LOCATION, 0.14),
    (RefusalReason.SIZE, 0.20),
    (RefusalReason.RENT, 0.14),
    (RefusalReason.FLOOR, 0.14),
    (RefusalReason.CIRCUMSTANCES, 0.12),
    (RefusalReason.FOUND_ELSEWHERE, 0.14),
    (RefusalReason.OTHER, 0.12),
)
# The last vacancies to close are left for staff, one at each step: closed in the last day and
# waiting to be ranked; offered two or three days ago, the viewing planned, and waiting for the
# candidate's answer; ranked in the days before and waiting for an offer. Days since closing,
# by step:
HOLDS = {"closed": range(2), "offering": range(2, 4), "ranked": range(4, 9)}
# The later steps are left for staff once each, at the first vacancy that reaches them this
# close to the present: an acceptance whose checks are still
# to do, a signed contract whose keys are still to hand over. A small demo may have fewer.
LATE_HOLDS = {"accepted": timedelta(days=30), "signed": timedelta(days=30)}
LEEWAY = timedelta(hours=1)
# The share of accepted candidates whose income or documents do not pass the checks.
CHECK_FAILS = 0.04


# What the demo's objections say, and the reasons of their decisions.
OBJECTION_REASONS = {
    "lodged": "I have been registered since 2009; I think my place in the order is wrong.",
    "upheld": "Our income fell this year; the pay slips are enclosed with this letter.",
    "rejected": "I have lived in Zeist for years and should have had the local priority.",
}
OBJECTION_DECISIONS = {
    "upheld": (
        "The pay slips show an income under the limit. The home was let already and that "
        "letting stands; the income is corrected, so it counts for the next home."
    ),
    "rejected": (
        "The household has lived in Zeist since March; the local tie asks for two years. "
        "The order was right."
    ),
}


def vacancy_seed(demo_seed: int, reference: str) -> str:
    """A lottery seed derived from the demo's seed, so that the same demo gives the same draw."""
    return hashlib.sha256(f"voorrang-demo|{demo_seed}|{reference}".encode()).hexdigest()[:32]


@dataclass
class UnitState:
    unit: Unit
    building: str
    open_vacancy: bool = False
    let_on: date | None = None


@dataclass
class VacancyRun:
    """A vacancy as the history follows it."""

    vacancy: Vacancy
    building: str
    policy: Policy
    unit_state: UnitState
    queue: list[int]  # seeker indices, in the order they are tried as responders
    priority: set[int]  # committed seekers for a targeted vacancy: they make room to respond
    quotas: dict[date, int]
    pointer: int = 0
    responders: list[int] = field(default_factory=list)
    open_for_responses: bool = True
    offer_attempts: int = 0
    hold: str = ""  # the step at which the history leaves this vacancy to staff


class LettingEvents(ABC):
    """The history's state and what happens in it; ``History`` plans the events and runs them
    in time order."""

    def __init__(
        self,
        *,
        seed: int,
        scale: float,
        rnd: random.Random,
        clock: SimulatedClock,
        until: datetime,
        plans: list[SeekerPlan],
        duplicates: int,
        buildings: dict[str, Building],
        staff: list[Any],
    ) -> None:
        self.seed = seed
        self.scale = scale
        self.rnd = rnd
        self.clock = clock
        self.until = until
        self.today = timezone.localdate(until)
        self.plans = plans
        self.by_pk: dict[int, int] = {}
        self.duplicates = duplicates
        self.buildings = buildings
        self.lflat_pk = buildings[L_FLAT].pk
        self.staff = staff
        self.limit = settings.VOORRANG_MAX_OPEN_RESPONSES
        self.units: dict[str, list[UnitState]] = {
            name: [UnitState(u, name) for u in building.units.order_by("pk")]
            for name, building in buildings.items()
        }
        self.open_runs: list[VacancyRun] = []
        self.active: list[int] = []
        self.active_cumulative: list[float] = []
        self.active_dirty = True
        self.commitments: dict[int, Commitment] = {}  # seeker index -> commitment
        self.held: set[str] = set()
        self.policies: dict[str, Policy] = {}
        # Fewer seekers respond to fewer homes, but not in proportion: rankings stay long.
        self.response_scale = scale**0.5

    # --- The event queue --------------------------------------------------------------------

    @abstractmethod
    def at(self, moment: datetime, handler: Callable[..., None], *args: Any) -> None:
        """Schedule ``handler`` to run at ``moment``: the scheduler (demo.history) says how."""

    def actor(self) -> Any:
        return self.rnd.choice(self.staff)

    def policy(self, day: date) -> Policy:
        name = policy_name_for(day)
        if name not in self.policies:
            self.policies[name] = load_policy(name)
        return self.policies[name]

    # --- Seekers ----------------------------------------------------------------------------

    def register(self, plans: list[SeekerPlan]) -> None:
        insert_seekers(plans)
        for plan in plans:
            self.by_pk[plan.pk] = plan.index
        self.active_dirty = True

    def register_duplicate(self, i: int) -> None:
        """Someone registers a second time under a new email address: the service flags it."""
        active = self.active_seekers()[0]
        original = self.plans[active[self.rnd.randrange(len(active))]]
        seeker = Seeker.objects.get(pk=original.pk)
        members = [
            {"first_name": m.first_name, "last_name": m.last_name, "birth_date": m.birth_date}
            for m in seeker.members.all()
        ]
        register_seeker(
            actor=self.actor(),
            registration_number=registration_number(len(self.plans) + i),
            registered_on=timezone.localdate(),
            members=members,
            income=seeker.income,
            email=f"new.{i + 1}.{seeker.email}",
            street=seeker.street,
            number=seeker.number,
            postcode=seeker.postcode,
            town=seeker.town,
            local_tie=seeker.local_tie,
        )

    def declare_urgency(self, plan: SeekerPlan) -> None:
        if plan.pk is not None:
            self.propose_urgency(plan.pk, plan.urgent_from, plan.urgent_until)

    def propose_urgency(
        self, seeker_pk: int, valid_from: date, valid_until: date, outcome: str = "confirmed"
    ) -> None:
        """A staff member records the declaration; a colleague confirms it an hour later
        (``outcome`` "proposed" leaves it waiting). Through the services, on the simulated
        clock."""
        seeker = Seeker.objects.get(pk=seeker_pk)
        if seeker.status != "active":
            return
        grounds = self.rnd.choice(URGENCY_GROUNDS)
        proposer = self.actor()
        declaration = seeker_services.propose_urgency(
            actor=proposer,
            seeker=seeker,
            kind=URGENCY_KINDS[grounds],
            valid_from=valid_from,
            valid_until=valid_until,
            issued_by=self.rnd.choice(URGENCY_ISSUERS),
            note=grounds,
        )
        if outcome != "proposed":
            self.at(
                timezone.now() + timedelta(hours=1),
                self.confirm_urgency,
                declaration.pk,
                proposer.pk,
            )

    def confirm_urgency(self, declaration_pk: int, proposer_pk: int) -> None:
        declaration = UrgencyDeclaration.objects.get(pk=declaration_pk)
        colleagues = [s for s in self.staff if s.pk != proposer_pk]
        seeker_services.confirm_urgency(actor=self.rnd.choice(colleagues), declaration=declaration)

    def urgency_example(self, outcome: str, end_on: date | None = None) -> None:
        """One declaration of a household without one, so that the demo shows each state:
        ``outcome`` "proposed" waits for a second staff member, "confirmed" is confirmed (and
        ended early on ``end_on`` when given)."""
        today = timezone.localdate()
        without = list(
            Seeker.objects.filter(status="active", registered_on__lt=today - timedelta(days=90))
            .exclude(urgencies__isnull=False)
            .order_by("registration_number")
            .values_list("pk", flat=True)[:200]
        )
        if not without:
            return
        seeker_pk = self.rnd.choice(without)
        self.propose_urgency(seeker_pk, today, today + timedelta(days=365), outcome)
        if end_on is not None:
            self.at(local_moment(end_on, 10), self.end_urgency_early, seeker_pk)

    def end_urgency_early(self, seeker_pk: int) -> None:
        declaration = UrgencyDeclaration.objects.filter(
            seeker_id=seeker_pk, status="confirmed"
        ).first()
        if declaration is not None:
            seeker_services.end_urgency(
                actor=self.actor(),
                declaration=declaration,
                reason="The household found a home outside the region.",
            )

    # --- Objections -------------------------------------------------------------------------

    def objection_example(self, outcome: str) -> None:
        """One objection against the decision on a home let within the term, so that the demo
        shows each state: ``outcome`` "lodged" waits for a decision; "upheld" (received by
        post) and "rejected" are decided three days later by a staff member who did not rank
        the vacancy nor register the objection."""
        since = timezone.now() - timedelta(weeks=settings.VOORRANG_OBJECTION_WEEKS, days=-1)
        # Let homes first; a home still on offer (its contract not signed yet) will do too.
        vacancies = Vacancy.objects.filter(
            rankings__is_current=True, rankings__created_at__gte=since
        )
        for vacancy in [
            *vacancies.filter(state=VacancyState.LET).order_by("reference"),
            *vacancies.filter(state=VacancyState.OFFERING).order_by("reference"),
        ]:
            ranking = vacancy.rankings.get(is_current=True)
            candidates = [
                *ranking.exclusions.values_list("seeker_id", flat=True),
                *ranking.entries.values_list("seeker_id", flat=True),
            ]
            for seeker in Seeker.objects.filter(pk__in=candidates).order_by("pk"):
                if not objection_selectors.may_object(seeker, vacancy):
                    continue
                by_post = outcome == "upheld"
                objection = objection_services.lodge_objection(
                    # A letter is registered by whoever opens the post: here the one who ranked.
                    actor=ranking.created_by if by_post else None,
                    vacancy=vacancy,
                    seeker=seeker,
                    reasons=OBJECTION_REASONS[outcome],
                    by_post=by_post,
                )
                if outcome != "lodged":
                    moment = timezone.now() + timedelta(days=3)
                    self.at(moment, self.decide_objection, objection.pk, outcome)
                return

    def decide_objection(self, objection_pk: int, outcome: str) -> None:
        objection = Objection.objects.select_related("vacancy").get(pk=objection_pk)
        ranking = objection.vacancy.rankings.get(is_current=True)
        involved = {ranking.created_by_id, objection.registered_by_id}
        deciders = [member for member in self.staff if member.pk not in involved]
        objection_services.decide_objection(
            actor=self.rnd.choice(deciders),
            objection=objection,
            outcome=outcome,
            reasons=OBJECTION_DECISIONS[outcome],
        )

    def active_seekers(self) -> tuple[list[int], list[float]]:
        """The active registrations, with the running total of their eagerness to respond."""
        if self.active_dirty:
            self.active = [p.index for p in self.plans if p.active and p.pk is not None]
            self.active_cumulative = list(
                itertools.accumulate(self.plans[i].activity for i in self.active)
            )
            self.active_dirty = False
        return self.active, self.active_cumulative

    # --- The targeted track -----------------------------------------------------------------

    def apply_commitment(self) -> None:
        """A seeker applies for the targeted track of the L-flat; the intake decides later."""
        day = timezone.localdate()
        policy = self.policy(day)
        active = self.active_seekers()[0]
        for _ in range(200):
            i = active[self.rnd.randrange(len(active))]
            plan = self.plans[i]
            if (
                i not in self.commitments
                and plan.size <= 4
                and plan.income <= policy.daeb_limit(plan.size)
                and plan.urgent_from is None
                and (plan.local_tie or self.rnd.random() < 0.3)
            ):
                break
        else:
            return
        commitment = Commitment.objects.create(
            seeker_id=self.plans[i].pk,
            building=self.buildings[L_FLAT],
            status=CommitmentStatus.PENDING,
        )
        self.commitments[i] = commitment
        record(
            actor=None,
            action="commitment.applied",
            obj=commitment,
            after={"status": commitment.status, "building": L_FLAT},
        )
        decided = weekday_on_or_after(day + timedelta(days=self.rnd.randint(21, 56)))
        self.at(local_moment(decided, 14), self.decide_commitment, i)

    def decide_commitment(self, i: int) -> None:
        commitment = self.commitments[i]
        day = timezone.localdate()
        approve = self.rnd.random() < 0.86
        before = {"status": commitment.status}
        if approve:
            commitment.status = CommitmentStatus.APPROVED
            commitment.valid_until = day + timedelta(days=365)
            self.plans[i].committed_until = commitment.valid_until
            self.at(
                local_moment(commitment.valid_until + timedelta(days=1), 9), self.end_commitment, i
            )
        else:
            commitment.status = CommitmentStatus.DECLINED
        commitment.save()
        record(
            actor=None,
            action=f"commitment.{commitment.status}",
            obj=commitment,
            before=before,
            after={
                "status": commitment.status,
                "valid_until": commitment.valid_until and commitment.valid_until.isoformat(),
            },
        )

    def end_commitment(self, i: int) -> None:
        """At the end of its year a commitment is renewed or ends; a tenant's stays."""
        plan = self.plans[i]
        commitment = self.commitments[i]
        if not plan.active:
            return
        before = {"status": commitment.status, "valid_until": commitment.valid_until.isoformat()}
        if self.rnd.random() < 0.4:
            commitment.valid_until += timedelta(days=365)
            plan.committed_until = commitment.valid_until
            action = "commitment.renewed"
            self.at(
                local_moment(commitment.valid_until + timedelta(days=1), 9), self.end_commitment, i
            )
        else:
            commitment.status = CommitmentStatus.ENDED
            plan.committed_until = None
            action = "commitment.ended"
        commitment.save()
        record(
            actor=None,
            action=action,
            obj=commitment,
            before=before,
            after={"status": commitment.status, "valid_until": commitment.valid_until.isoformat()},
        )

    # --- Vacancies --------------------------------------------------------------------------

    def pick_unit(self, building: str, day: date) -> UnitState | None:
        free = [u for u in self.units[building] if not u.open_vacancy]
        settled = [u for u in free if u.let_on is None or (day - u.let_on).days > 365]
        choices = settled or free
        return choices[self.rnd.randrange(len(choices))] if choices else None

    def publish(self, building: str, recent: bool = False) -> None:
        rnd = self.rnd
        day = timezone.localdate()
        state = self.pick_unit(building, day)
        if state is None:
            return
        unit = state.unit
        labels: list[str] = []
        if building != L_FLAT:
            if unit.rooms == 1 and rnd.random() < 0.3:
                labels.append("young")
            elif unit.ground_floor and rnd.random() < 0.5:
                labels.append("senior")
            if rnd.random() < 0.15:
                labels.append("local")
        lottery = rnd.random() < (0.05 if building == L_FLAT else 0.2)
        rent = (unit.rent * Decimal(str(RENT_INDEX.get(day.year, 1.0)))).quantize(Decimal("0.01"))
        actor = self.actor()
        vacancy = services.create_vacancy(
            actor=actor,
            unit=unit,
            closes_on=day + timedelta(days=OPEN_DAYS),
            ordering="lottery" if lottery else "registration",
            labels=labels,
            rent=rent,
        )
        vacancy = write_listing(actor=actor, vacancy=vacancy, seed=self.seed)
        vacancy = services.publish_vacancy(
            actor=actor,
            vacancy=vacancy,
            published_on=day,
            seed=vacancy_seed(self.seed, vacancy.reference),
        )
        state.open_vacancy = True
        run = self.start_run(vacancy, building, state)
        self.open_runs.append(run)
        # Now and then a regular vacancy is taken back; a targeted one is not, so that the
        # experiment's main figure (targeted lettings) is not blurred by chance, nor one of
        # the last, which are left as work for staff.
        if rnd.random() < 0.015 and not vacancy.targeted and not recent:
            withdraw_day = day + timedelta(days=rnd.randint(1, OPEN_DAYS - 1))
            self.at(local_moment(withdraw_day, 11), self.withdraw, run)
        else:
            self.at(local_moment(vacancy.closes_on + timedelta(days=1), 8, 30), self.close, run)

    def draw_responders(self, vacancy: Vacancy, policy: Policy, count: int) -> list[int]:
        """Seekers who will respond, by eagerness times appeal: drawn by eagerness, then kept
        with a chance proportional to the appeal (the same odds as drawing by their product,
        for a fraction of the work)."""
        rnd = self.rnd
        active, cumulative = self.active_seekers()
        if not active:
            return []
        plans = self.plans
        appeal = Appeal(vacancy, policy, lflat=vacancy.unit.building_id == self.lflat_pk)
        found: list[int] = []
        seen: set[int] = set()
        for _ in range(40):
            for i in rnd.choices(active, cum_weights=cumulative, k=4 * count):
                if i in seen:
                    continue
                if rnd.random() * MOST_APPEAL < appeal(plans[i]):
                    seen.add(i)
                    found.append(i)
                    if len(found) == count:
                        return found
        return found

    def start_run(self, vacancy: Vacancy, building: str, state: UnitState) -> VacancyRun:
        rnd = self.rnd
        policy = self.policy(vacancy.closes_on)
        target = round((50 + 250 * rnd.betavariate(1.2, 4.3)) * self.response_scale)
        target = max(target, 6)
        priority: list[int] = []
        if vacancy.targeted:
            unit = vacancy.unit
            for i in self.active_seekers()[0]:
                plan = self.plans[i]
                if (
                    plan.committed_until is not None
                    and plan.committed_until >= vacancy.closes_on
                    and unit.min_household <= plan.size <= unit.max_household
                    and rnd.random() < 0.9
                ):
                    priority.append(i)
        drawn = self.draw_responders(vacancy, policy, round(1.5 * target))
        queue = list(dict.fromkeys(priority + drawn))
        days = [vacancy.published_on + timedelta(days=d) for d in range(OPEN_DAYS + 1)]
        quotas: dict[date, int] = {}
        given = 0
        share = 0.0
        for day, weight in zip(days, RESPONSE_DAYS, strict=True):
            share += weight
            quotas[day] = round(target * share) - given
            given += quotas[day]
        quotas[days[0]] = max(quotas[days[0]], len(priority))
        return VacancyRun(
            vacancy=vacancy,
            building=building,
            policy=policy,
            unit_state=state,
            queue=queue,
            priority=set(priority),
            quotas=quotas,
        )

    # --- Responses --------------------------------------------------------------------------

    def respond_today(self, day: date) -> None:
        new: list[tuple[VacancyRun, SeekerPlan, NewResponse]] = []
        for run in self.open_runs:
            vacancy = run.vacancy
            if not run.open_for_responses or day > vacancy.closes_on:
                continue
            wanted = run.quotas.get(day, 0)
            if wanted > len(run.queue) - run.pointer:
                more = self.draw_responders(vacancy, run.policy, 2 * wanted)
                known = set(run.queue)
                run.queue.extend(i for i in more if i not in known)
            while wanted > 0 and run.pointer < len(run.queue):
                i = run.queue[run.pointer]
                run.pointer += 1
                plan = self.plans[i]
                if not plan.active or plan.pk is None or vacancy.pk in plan.responded:
                    continue
                if len(plan.open_responses) >= self.limit and not (
                    i in run.priority and self.make_room(plan)
                ):
                    continue
                paper = self.rnd.random() < 0.02
                response = NewResponse(
                    vacancy_id=vacancy.pk,
                    vacancy_reference=vacancy.reference,
                    seeker_id=plan.pk,
                    registration_number=plan.registration_number,
                    responded_on=day,
                    channel=Channel.PAPER if paper else Channel.ONLINE,
                    entered_by=self.actor() if paper else None,
                )
                # Counted now, so that the limit holds within the day's batch too.
                plan.responded.add(vacancy.pk)
                plan.open_responses[vacancy.pk] = 0
                run.responders.append(i)
                new.append((run, plan, response))
                wanted -= 1
        ids = insert_responses([n for _, _, n in new])
        for (run, plan, _), pk in zip(new, ids, strict=True):
            plan.open_responses[run.vacancy.pk] = pk

    def make_room(self, plan: SeekerPlan) -> bool:
        """A committed seeker withdraws an older response to respond to a targeted vacancy."""
        vacancy_id, response_id = next(iter(plan.open_responses.items()))
        if response_id == 0:
            return False
        try:
            services.withdraw_response(actor=None, response=Response(pk=response_id))
        except DomainError:
            return False
        del plan.open_responses[vacancy_id]
        return True

    # --- Closing, ranking, offers -----------------------------------------------------------

    def end_responses(self, run: VacancyRun) -> None:
        run.open_for_responses = False
        self.open_runs.remove(run)
        for i in run.responders:
            self.plans[i].open_responses.pop(run.vacancy.pk, None)

    def close(self, run: VacancyRun) -> None:
        day = timezone.localdate()
        services.close_vacancy(actor=self.actor(), vacancy=run.vacancy, today=day)
        self.end_responses(run)
        age = (self.today - day).days
        for step, ages in HOLDS.items():
            if age in ages and step not in self.held:
                run.hold = step
                self.held.add(step)
        if run.hold == "closed":
            return
        self.at(local_moment(day, 10), self.rank, run)

    def rank(self, run: VacancyRun) -> None:
        services.rank_vacancy(actor=self.actor(), vacancy=run.vacancy)
        if run.hold == "ranked":
            return
        self.offer(run)

    def offer(self, run: VacancyRun) -> None:
        now = self.clock.now()
        offer = services.offer_next(
            actor=self.actor(), vacancy=run.vacancy, deadline=services.offer_deadline(now)
        )
        self.follow(run, offer)

    def follow(self, run: VacancyRun, offer: Offer | None) -> None:
        """Decide what the candidate will do, or try again when nobody was free."""
        rnd = self.rnd
        now = self.clock.now()
        if offer is None:
            run.offer_attempts += 1
            if run.offer_attempts > 4:
                self.withdraw(run, "No candidate is left who can accept; advertised again.")
                return
            day = timezone.localdate() + timedelta(days=1)
            self.at(local_moment(day, 10), self.offer, run)
            return
        if run.hold == "offering":
            # The viewing is planned for the day before the deadline; no answer yet.
            self.at(now + LEEWAY, self.plan_viewing, run, offer, offer.deadline - timedelta(days=1))
            return
        if rnd.random() < 0.06:
            # No answer, no viewing: the offer expires.
            self.at(offer.deadline + timedelta(minutes=10), self.expire, run, offer)
            return
        # The viewing within a day or two, the answer after it: all before the deadline.
        viewing_at = min(now + timedelta(hours=rnd.uniform(18, 36)), offer.deadline - LEEWAY * 3)
        self.at(now + timedelta(hours=rnd.uniform(1, 4)), self.plan_viewing, run, offer, viewing_at)

    def late_hold(self, run: VacancyRun, step: str) -> bool:
        """Whether the history leaves this vacancy to staff at ``step`` (see LATE_HOLDS)."""
        if run.hold or step in self.held or self.until - self.clock.now() > LATE_HOLDS[step]:
            return False
        run.hold = step
        self.held.add(step)
        return True

    def plan_viewing(self, run: VacancyRun, offer: Offer, viewing_at: datetime) -> None:
        rnd = self.rnd
        offer = services.plan_viewing(
            actor=self.actor(), offer=offer, viewing_at=viewing_at, now=self.clock.now()
        )
        if run.hold == "offering":
            return  # the viewing is planned; the candidate answers after it
        came = rnd.random() < 0.92
        self.at(viewing_at + timedelta(hours=1), self.record_viewing, offer, came)
        accept = {"commitment": 0.88, "urgency": 0.8}.get(offer.entry.tier, 0.55) if came else 0
        answer_at = min(viewing_at + timedelta(hours=rnd.uniform(2, 20)), offer.deadline - LEEWAY)
        if rnd.random() < accept:
            self.at(answer_at, self.accept, run, offer)
        else:
            self.at(answer_at, self.refuse, run, offer)

    def record_viewing(self, offer: Offer, came: bool) -> None:
        services.record_viewing(
            actor=self.actor(),
            offer=offer,
            outcome=ViewingOutcome.ATTENDED if came else ViewingOutcome.MISSED,
        )

    def accept(self, run: VacancyRun, offer: Offer) -> None:
        allocation = services.accept_offer(actor=self.actor(), offer=offer, now=self.clock.now())
        plan = self.plans[self.by_pk[offer.seeker_id]]
        plan.active = False
        plan.open_responses.clear()
        self.active_dirty = True
        if self.late_hold(run, "accepted"):
            return  # the checks of income and documents are left to staff
        self.at(
            self.clock.now() + timedelta(days=self.rnd.uniform(1, 3)), self.check, run, allocation
        )

    def check(self, run: VacancyRun, allocation: Allocation) -> None:
        passed = self.rnd.random() >= CHECK_FAILS
        following = services.record_checks(
            actor=self.actor(),
            allocation=allocation,
            passed=passed,
            note="" if passed else self.rnd.choice(CHECK_FAILURES),
            checked_on=timezone.localdate(),
        )
        if not passed:
            self.follow(run, following)
            return
        self.at(
            self.clock.now() + timedelta(days=self.rnd.uniform(2, 6)), self.sign, run, allocation
        )

    def sign(self, run: VacancyRun, allocation: Allocation) -> None:
        today = timezone.localdate()
        starts_on = today + timedelta(days=self.rnd.randint(7, 21))
        services.sign_contract(
            actor=self.actor(),
            allocation=allocation,
            starts_on=starts_on,
            rent=run.vacancy.rent,
            signed_on=today,
        )
        run.unit_state.open_vacancy = False
        run.unit_state.let_on = today
        if self.late_hold(run, "signed"):
            return  # the key handover is left to staff
        self.at(local_moment(starts_on, 10), self.hand_over_keys, allocation)

    def hand_over_keys(self, allocation: Allocation) -> None:
        services.hand_over_keys(
            actor=self.actor(), allocation=allocation, handed_on=timezone.localdate()
        )

    def refuse(self, run: VacancyRun, offer: Offer) -> None:
        reasons, weights = zip(*REFUSALS, strict=True)
        reason = self.rnd.choices(reasons, weights=weights)[0]
        text = self.rnd.choice(REFUSAL_TEXTS) if reason == RefusalReason.OTHER else ""
        following = services.refuse_offer(actor=self.actor(), offer=offer, reason=reason, text=text)
        self.follow(run, following)

    def expire(self, run: VacancyRun, offer: Offer) -> None:
        if not services.expire_offer(actor=None, offer=offer, now=self.clock.now()):
            return
        following = (
            run.vacancy.offers.filter(state__in=PENDING_OFFER_STATES)
            .select_related("entry")
            .first()
        )
        self.follow(run, following)

    def withdraw(self, run: VacancyRun, reason: str | None = None) -> None:
        vacancy = Vacancy.objects.get(pk=run.vacancy.pk)
        if vacancy.state in (VacancyState.LET, VacancyState.WITHDRAWN):
            return
        services.withdraw_vacancy(
            actor=self.actor(),
            vacancy=vacancy,
            reason=reason or self.rnd.choice(WITHDRAWAL_REASONS),
        )
        if run.open_for_responses:
            self.end_responses(run)
        run.unit_state.open_vacancy = False
