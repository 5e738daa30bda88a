"""The demo's stories of change from the L-flat (their texts in ``story_texts``), written
through the real services, each on the day it would have happened (the simulated clock), so
that the audit trail reads as a history. Deterministic: the same demo gives the same stories.
The tellers who are targeted newcomers are the households the demo let a home in the L-flat
through the targeted track, when there are any."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model

from voorrang.allocation.models import Allocation
from voorrang.demo.names import FIRST_NAMES, LAST_NAMES
from voorrang.demo.simulation import local_moment, simulated_clock
from voorrang.demo.stock import L_FLAT
from voorrang.demo.story_texts import (
    CHOICES,
    DOMAINS,
    FEEDBACK,
    ROUND_DAY,
    ROUND_NAME,
    ROUND_OTHER_MEMBERS,
    STORIES,
    THEMES,
    DemoStory,
    P,
    T,
)
from voorrang.housing.models import Building, Unit
from voorrang.seekers.models import Seeker
from voorrang.stories import services
from voorrang.stories.models import Domain, ReportingPeriod, Story, Theme


def _user(username: str) -> Any:
    return get_user_model().objects.get(username=username)


class StoriesDemo:
    """Plans every event on its day, then runs them in order under the simulated clock."""

    def __init__(self, *, seed: int, today: date) -> None:
        # Reproducible on purpose: invented names for the stories as told, nothing secret.
        self.rnd = random.Random(f"stories-{seed}")  # noqa: S311
        self.today = today
        self.events: list[tuple[date, int, Callable[[], None]]] = []
        self.stories: dict[str, Story] = {}
        self.domains: dict[str, Domain] = {}
        self.themes: dict[str, Theme] = {}
        self.round: Any = None
        self.welfare = _user("staff-welfare")
        self.coordinator = self.welfare.first_name or "de opbouwwerker"
        lflat = Building.objects.filter(name=L_FLAT).first()
        self.lflat_units = list(Unit.objects.filter(building=lflat).order_by("number", "addition"))
        self.newcomers = list(
            Allocation.objects.filter(unit__building=lflat, tier="commitment", let_on__isnull=False)
            .select_related("seeker", "unit")
            .order_by("let_on", "pk")
        )

    def at(self, day: date, handler: Callable[[], None]) -> None:
        if day <= self.today:
            self.events.append((day, len(self.events), handler))

    def run(self) -> None:
        self.events.sort(key=lambda event: (event[0], event[1]))
        if not self.events:
            return
        with simulated_clock(local_moment(self.events[0][0], 9)) as clock:
            for day, order, handler in self.events:
                clock.set(max(clock.now(), local_moment(day, 9, order % 60)))
                handler()

    # --- The plan ------------------------------------------------------------------------

    def plan(self) -> None:
        first_year = date(2022, 1, 1)
        self.at(first_year, self.set_up)
        for item in STORIES:
            self.plan_story(item)
        self.plan_round()
        for key, day, channel, note in FEEDBACK:
            self.at(day, lambda key=key, day=day, c=channel, n=note: self.feedback(key, day, c, n))

    def set_up(self) -> None:
        actor = _user("researcher")
        for position, (name, description) in enumerate(DOMAINS):
            self.domains[name] = services.create_domain(
                actor=actor, name=name, description=description, position=position
            )
        for year in range(2022, self.today.year + 1):
            services.create_period(
                actor=actor,
                name=str(year),
                starts_on=date(year, 1, 1),
                ends_on=date(year, 12, 31),
            )
        for name, description in THEMES:
            self.themes[name] = services.create_theme(
                actor=actor, name=name, description=description
            )

    def _invented_name(self) -> str:
        return f"{self.rnd.choice(FIRST_NAMES)} {self.rnd.choice(LAST_NAMES)}"

    def _teller(self, item: DemoStory) -> tuple[str, Seeker | None, str]:
        """The teller's name, registration and address for the story as told."""
        if item.role == P:
            return item.professional or self._invented_name(), None, ""
        if item.role == T and self.newcomers:
            allocation = self.newcomers[self.rnd.randrange(len(self.newcomers))]
            main = allocation.seeker.main_applicant
            name = str(main) if main else self._invented_name()
            return name, allocation.seeker, str(allocation.unit).split(",")[0]
        unit = (
            self.lflat_units[self.rnd.randrange(len(self.lflat_units))]
            if self.lflat_units
            else None
        )
        address = f"{unit.street} {unit.number}" if unit else "de vierde galerij"
        return self._invented_name(), None, address

    def plan_story(self, item: DemoStory) -> None:
        name, seeker, address = self._teller(item)
        values = {
            "name": name.split()[0],
            "neighbour": self._invented_name(),
            "staff": self.coordinator,
            "address": address,
        }
        self.at(item.told_on, lambda: self.collect(item, name, seeker, values))
        if item.redacted is not None:
            self.at(item.told_on + timedelta(days=6), lambda: self.redact(item, values))
        if "withdrawn_on" in item.extra:
            self.at(item.extra["withdrawn_on"], lambda: self.withdraw(item))

    def collect(self, item: DemoStory, name: str, seeker: Seeker | None, values: dict) -> None:
        self.stories[item.key] = services.collect_story(
            actor=_user(item.collector),
            domain=self.domains[item.domain],
            told_on=item.told_on,
            teller_role=item.role,
            prompt=item.prompt,
            direction=item.direction,
            text=item.told.format(**values),
            significance=item.significance,
            consent=item.consent,
            consent_how="written" if item.consent != "analysis" else "verbal",
            teller_name=name,
            teller_contact="via de opbouwwerker" if item.role != P else "",
            seeker=seeker,
            building=Building.objects.filter(name=L_FLAT).first(),
            themes=[self.themes[theme] for theme in item.themes],
        )

    def redact(self, item: DemoStory, values: dict) -> None:
        assert item.redacted is not None
        services.redact_story(
            actor=_user(item.collector),
            story=self.stories[item.key],
            redacted_text=item.redacted.format(**values),
            redacted_significance=item.redacted_significance,
            quotation=item.quotation if item.consent != "analysis" else "",
        )

    def withdraw(self, item: DemoStory) -> None:
        services.withdraw_consent(
            actor=self.welfare,
            story=self.stories[item.key],
            withdrawn_on=item.extra["withdrawn_on"],
            how="verbal",
            note="De verteller wil niet meer dat het verhaal gebruikt wordt.",
        )

    def plan_round(self) -> None:
        self.at(date(2023, 10, 16), self.create_round)
        self.at(date(2023, 11, 1), self.fill_round)
        self.at(date(2023, 11, 14), self.open_round)
        self.at(ROUND_DAY, self.choose)

    def create_round(self) -> None:
        members = [
            _user(name) for name in ("staff-welfare", "policy", "staff-allocation", "researcher")
        ]
        self.round = services.create_round(
            actor=self.welfare,
            name=ROUND_NAME,
            period=ReportingPeriod.objects.get(name="2023"),
            held_on=ROUND_DAY,
            domains=list(self.domains.values()),
            members=members,
            other_members=ROUND_OTHER_MEMBERS,
        )

    def fill_round(self) -> None:
        for item in STORIES:
            story = self.stories.get(item.key)
            if (
                story is not None
                and item.told_on <= ROUND_DAY
                and item.consent in ("panel", "publication")
                and item.redacted is not None
            ):
                services.add_story_to_round(
                    actor=self.welfare, selection_round=self.round, story=story
                )

    def open_round(self) -> None:
        services.open_round(actor=self.welfare, selection_round=self.round)

    def choose(self) -> None:
        for domain_name, (key, reasons) in CHOICES.items():
            services.record_selection(
                actor=self.welfare,
                selection_round=self.round,
                domain=self.domains[domain_name],
                story=self.stories[key],
                reasons=reasons,
            )
        services.close_round(actor=self.welfare, selection_round=self.round)

    def feedback(self, key: str, day: date, channel: str, note: str) -> None:
        story = self.stories.get(key)
        if story is not None:
            services.record_feedback(
                actor=self.welfare, story=story, given_on=day, channel=channel, note=note
            )


def generate_stories(*, seed: int, today: date) -> int:
    """Write the demo's stories, periods up to ``today``'s year and the 2023 selection round;
    events after ``today`` are left out. Returns the number of stories written."""
    demo = StoriesDemo(seed=seed, today=today)
    demo.plan()
    demo.run()
    return len(demo.stories)
