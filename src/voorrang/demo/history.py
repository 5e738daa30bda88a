"""Five years of letting in the synthetic Vollenhove, written through the real services.

The history is a queue of events in time order: registrations, intakes of the targeted track,
urgency declarations, vacancies published, responses, closing, ranking, offers, refusals,
acceptances (the events themselves are in ``voorrang.demo.letting``). Each event runs while the
simulated clock shows its moment. Events after the present are not run: what is open now stays
open, and staff have work."""

from __future__ import annotations

import heapq
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from voorrang.allocation.models import Vacancy
from voorrang.allocation.states import VacancyState
from voorrang.audit.services import record
from voorrang.demo.income_checks import IncomeCheckEvents
from voorrang.demo.letting import LettingEvents
from voorrang.demo.population import SeekerPlan, insert_seekers
from voorrang.demo.simulation import local_moment, weekday_on_or_after
from voorrang.demo.stock import BUILDINGS, L_FLAT
from voorrang.seekers.models import HouseholdMember, Seeker, SeekerStatus

# The targeted track's first intakes; the first vacancy of the experiment.
HISTORY_START = date(2021, 9, 1)
FIRST_VACANCY = date(2021, 12, 1)
# More vacancies are published in the last weeks, so that each step has one; the last two are
# still open for responses.
RECENT_PUBLICATIONS = (14, 10, 9, 5, 2)  # days before the present


class History(IncomeCheckEvents, LettingEvents):
    """The scheduler: plans the history's first events, then runs every event in time order."""

    def __init__(self, **state: Any) -> None:
        super().__init__(**state)
        self.events: list[tuple[datetime, int, Callable[..., None], tuple[Any, ...]]] = []
        self.sequence = 0

    def at(self, moment: datetime, handler: Callable[..., None], *args: Any) -> None:
        if moment <= self.until:
            self.sequence += 1
            heapq.heappush(self.events, (moment, self.sequence, handler, args))

    def run(self) -> None:
        self.setup()
        while self.events:
            moment, _, handler, args = heapq.heappop(self.events)
            self.clock.set(moment)
            handler(*args)

    # --- Set-up -----------------------------------------------------------------------------

    def setup(self) -> None:
        # Registrations from before the history are imported at its start.
        first_day = [p for p in self.plans if p.registered_on <= HISTORY_START]
        insert_seekers(first_day)
        for plan in first_day:
            self.by_pk[plan.pk] = plan.index
        later: dict[date, list[SeekerPlan]] = {}
        for plan in self.plans:
            if plan.registered_on > HISTORY_START:
                later.setdefault(plan.registered_on, []).append(plan)
        for day, plans in later.items():
            self.at(local_moment(day, 8, 30), self.register, plans)
        day = HISTORY_START
        while day <= self.today:
            self.at(local_moment(day, 20), self.respond_today, day)
            day += timedelta(days=1)
        self.plan_urgencies()
        self.plan_commitments()
        self.plan_vacancies()
        self.plan_duplicates()
        self.plan_income_checks()

    def plan_vacancies(self) -> None:
        for plan in BUILDINGS:
            units = self.units[plan.name]
            per_year = len(units) * plan.turnover
            interval = 365.25 / per_year
            k = 0
            while True:
                offset = (k + 0.5 + self.rnd.uniform(-0.4, 0.4)) * interval
                day = weekday_on_or_after(FIRST_VACANCY + timedelta(days=round(offset)))
                if day > self.today:
                    break
                self.at(local_moment(day, 9, 30), self.publish, plan.name)
                k += 1
        for days_before in RECENT_PUBLICATIONS:
            day = self.today - timedelta(days=days_before)
            self.at(local_moment(day, 9, 45), self.publish, L_FLAT, True)

    def plan_urgencies(self) -> None:
        """About four households in a hundred get an urgency declaration, for half a year or a
        year, from a day since late 2020 (drawn for six in a hundred, kept when the household
        had registered by then)."""
        first = date(2020, 10, 1)
        span = (self.today - first).days
        for plan in self.plans:
            if self.rnd.random() >= 0.06:
                continue
            valid_from = first + timedelta(days=self.rnd.randrange(span))
            if valid_from < plan.registered_on:
                continue
            valid_until = valid_from + timedelta(days=self.rnd.choice((182, 365)))
            plan.urgent_from, plan.urgent_until = valid_from, valid_until
            self.at(local_moment(max(valid_from, HISTORY_START), 8, 45), self.declare_urgency, plan)
        # One of each state a newcomer should see, whatever the scale: ended early, valid, and
        # waiting for confirmation (one ended by itself is among the declarations above).
        self.at(
            local_moment(self.today - timedelta(days=20), 10, 15),
            self.urgency_example,
            "confirmed",
            self.today - timedelta(days=3),
        )
        self.at(
            local_moment(self.today - timedelta(days=10), 10, 15), self.urgency_example, "confirmed"
        )
        yesterday = local_moment(self.today - timedelta(days=1), 10, 15)
        self.at(yesterday, self.urgency_example, "proposed")
        # And one objection in each state: upheld, rejected, waiting for a decision.
        for days, outcome in ((14, "upheld"), (9, "rejected"), (2, "lodged")):
            moment = local_moment(self.today - timedelta(days=days), 11, 30)
            self.at(moment, self.objection_example, outcome)

    def plan_commitments(self) -> None:
        rate = max(self.scale, 0.15)
        # A first round of intakes before the experiment starts, then a steady stream.
        for _ in range(round(30 * rate)):
            day = HISTORY_START + timedelta(days=self.rnd.randrange(80))
            self.at(local_moment(weekday_on_or_after(day), 13), self.apply_commitment)
        day = FIRST_VACANCY
        while day <= self.today:
            day += timedelta(days=self.rnd.expovariate(4.0 * rate / 30.4) // 1 + 1)
            self.at(local_moment(weekday_on_or_after(day), 13), self.apply_commitment)

    def plan_duplicates(self) -> None:
        for i in range(self.duplicates):
            day = self.today - timedelta(days=20 + 45 * i)
            self.at(local_moment(weekday_on_or_after(day), 11), self.register_duplicate, i)


def link_seeker_account(user: Any, plans: list[SeekerPlan]) -> Seeker | None:
    """Give the demo's seeker account a registration with something to see: an active
    household with responses, one of them to a vacancy that is still open if possible."""
    open_vacancies = set(
        Vacancy.objects.filter(state=VacancyState.PUBLISHED).values_list("pk", flat=True)
    )
    active = [p for p in plans if p.active and p.pk is not None and p.responded]
    if not active:
        return None
    best = max(
        active, key=lambda p: (bool(p.responded & open_vacancies), len(p.responded), -p.index)
    )
    return link_account(user, Seeker.objects.get(pk=best.pk))


def link_account(user: Any, seeker: Seeker) -> Seeker:
    seeker.user = user
    seeker.save(update_fields=["user"])
    main = HouseholdMember.objects.filter(seeker=seeker, is_main_applicant=True).first()
    if main is not None:
        user.first_name, user.last_name = main.first_name, main.last_name
        user.save(update_fields=["first_name", "last_name"])
    record(
        actor=None,
        action="seeker.account_linked",
        obj=seeker,
        after={"account": user.username},
    )
    return seeker


def link_housed_account(user: Any) -> Seeker | None:
    """Give a demo account the registration of the household let a home most recently: its
    pages show the registration that ended with the letting, and no respond button."""
    seeker = (
        Seeker.objects.filter(status=SeekerStatus.HOUSED, user__isnull=True)
        .order_by("-ended_on", "registration_number")
        .first()
    )
    return None if seeker is None else link_account(user, seeker)


def link_busy_account(user: Any, plans: list[SeekerPlan]) -> Seeker | None:
    """Give a demo account the registration that responded most (and is not linked yet): its
    responses page has pages, filters and every outcome."""
    linked = set(Seeker.objects.filter(user__isnull=False).values_list("pk", flat=True))
    candidates = [p for p in plans if p.pk is not None and p.responded and p.pk not in linked]
    if not candidates:
        return None
    best = max(candidates, key=lambda p: (len(p.responded), -p.index))
    return link_account(user, Seeker.objects.get(pk=best.pk))
