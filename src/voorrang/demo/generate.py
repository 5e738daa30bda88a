"""Generate the synthetic Vollenhove: stock, seekers, accounts and the history since 2021."""

from __future__ import annotations

import gc
import random
import statistics
import time as wallclock
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from voorrang.allocation.models import Allocation, Response, Vacancy
from voorrang.demo.account_end import add_account_end_request
from voorrang.demo.accounts import (
    BUSY_SEEKER_ACCOUNT,
    HOUSED_SEEKER_ACCOUNT,
    LEAVING_SEEKER_ACCOUNT,
    SEEKER_ACCOUNT,
    AccountResult,
    ensure_demo_accounts,
)
from voorrang.demo.accounts import letting_staff as letting_staff_accounts
from voorrang.demo.evaluation import add_evaluation
from voorrang.demo.history import (
    HISTORY_START,
    History,
    link_busy_account,
    link_housed_account,
    link_seeker_account,
)
from voorrang.demo.listings import add_listing_photos
from voorrang.demo.population import Population, registration_dates
from voorrang.demo.simulation import local_moment, no_notifications, simulated_clock
from voorrang.demo.stock import L_FLAT, build_stock
from voorrang.demo.stories import generate_stories
from voorrang.demo.surveys import generate_survey_demo
from voorrang.demo.targeted_track import generate_targeted_track
from voorrang.housing.models import Building, Unit
from voorrang.seekers.models import Seeker

DEFAULT_SEED = 2021
SEEKERS = 6000
# The figure the experiment reported: targeted allocations in the L-flat up to Q3 2023.
REPORTED_UNTIL = date(2023, 9, 30)


@dataclass(frozen=True)
class DemoSummary:
    seed: int
    scale: float
    buildings: int
    units: int
    seekers: int
    vacancies: int
    responses: int
    allocations: int
    targeted_until_reported: int  # L-flat allocations in the commitment tier, to 30 Sep 2023
    median_registration_years: float | None  # of the housed, at the closing date
    seconds: float


@dataclass(frozen=True)
class DemoResult:
    summary: DemoSummary
    accounts: list[AccountResult]


def has_data() -> bool:
    """Whether the database holds housing or seekers already (a demo, or real data)."""
    return Building.objects.exists() or Seeker.objects.exists() or Vacancy.objects.exists()


def median_registration_years() -> float | None:
    pairs = Allocation.objects.filter(let_on__isnull=False).values_list(
        "seeker__registered_on", "vacancy__closes_on"
    )
    years = [(closes - registered).days / 365.25 for registered, closes in pairs]
    return statistics.median(years) if years else None


def targeted_lflat_allocations(until: date) -> int:
    return Allocation.objects.filter(
        unit__building__name=L_FLAT, tier="commitment", let_on__lte=until
    ).count()


def summarise(seed: int, scale: float, seconds: float) -> DemoSummary:
    return DemoSummary(
        seed=seed,
        scale=scale,
        buildings=Building.objects.count(),
        units=Unit.objects.count(),
        seekers=Seeker.objects.count(),
        vacancies=Vacancy.objects.count(),
        responses=Response.objects.count(),
        allocations=Allocation.objects.count(),
        targeted_until_reported=targeted_lflat_allocations(REPORTED_UNTIL),
        median_registration_years=median_registration_years(),
        seconds=seconds,
    )


def generate_demo(
    *,
    seed: int = DEFAULT_SEED,
    scale: float = 1.0,
    password: str | None = None,
    until: datetime | None = None,
) -> DemoResult:
    """Fill an empty database with the demo, in one transaction: it is there in full or not
    at all. The same ``seed`` and ``scale`` give the same data. ``scale`` shrinks the stock
    and the population (the tests use a few hundredths); ``until`` is the present (default: now)."""
    if not 0 < scale <= 1:
        raise ValueError("scale must be more than 0 and at most 1")
    # Hundreds of thousands of short-lived ORM objects: at the default threshold the cyclic
    # collector would run thousands of times over them for nothing (a tenth of the time).
    threshold = gc.get_threshold()
    gc.set_threshold(50_000, 20, 100)
    try:
        with no_notifications(), transaction.atomic():
            return _generate(seed=seed, scale=scale, password=password, until=until)
    finally:
        gc.set_threshold(*threshold)


def _generate(
    *, seed: int, scale: float, password: str | None, until: datetime | None
) -> DemoResult:
    if has_data():
        raise RuntimeError("the database holds data already; the demo needs an empty one")
    started = wallclock.perf_counter()
    until = until or timezone.now()
    today = timezone.localdate(until)
    # Reproducible on purpose: the same seed gives the same demo. Nothing secret is drawn here.
    rnd = random.Random(seed)  # noqa: S311
    population = Population(rnd, today)
    duplicates = 3 if scale >= 0.5 else 1
    count = max(40, round(SEEKERS * scale)) - duplicates
    plans = [
        population.seeker(i, day) for i, day in enumerate(registration_dates(count, today, rnd))
    ]
    accounts = ensure_demo_accounts(password=password)
    staff = letting_staff_accounts()
    with simulated_clock(local_moment(HISTORY_START, 7)) as clock:
        buildings = build_stock(actor=staff[0], scale=scale, rnd=rnd)
        History(
            seed=seed,
            scale=scale,
            rnd=rnd,
            clock=clock,
            until=until,
            plans=plans,
            duplicates=duplicates,
            buildings=buildings,
            staff=staff,
        ).run()
        add_listing_photos(actor=staff[0], seed=seed)
        generate_targeted_track(seed=seed, until=until, clock=clock)
        add_evaluation(seed=seed, today=today)
    generate_survey_demo(seed=seed, scale=scale, until=until)
    generate_stories(seed=seed, today=today)
    seeker_user: Any = get_user_model().objects.filter(username=SEEKER_ACCOUNT.username).first()
    if seeker_user is not None and not Seeker.objects.filter(user=seeker_user).exists():
        link_seeker_account(seeker_user, plans)
    housed_user: Any = (
        get_user_model().objects.filter(username=HOUSED_SEEKER_ACCOUNT.username).first()
    )
    if housed_user is not None and not Seeker.objects.filter(user=housed_user).exists():
        link_housed_account(housed_user)
    busy_user: Any = get_user_model().objects.filter(username=BUSY_SEEKER_ACCOUNT.username).first()
    if busy_user is not None and not Seeker.objects.filter(user=busy_user).exists():
        link_busy_account(busy_user, plans)
    leaving_user: Any = (
        get_user_model().objects.filter(username=LEAVING_SEEKER_ACCOUNT.username).first()
    )
    if leaving_user is not None and not Seeker.objects.filter(user=leaving_user).exists():
        # Asked at the demo's present, like the history before it.
        with simulated_clock(until):
            add_account_end_request(leaving_user, today=today)
    return DemoResult(
        summary=summarise(seed, scale, wallclock.perf_counter() - started), accounts=accounts
    )
