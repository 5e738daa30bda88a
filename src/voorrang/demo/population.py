"""The home seekers of the synthetic Vollenhove: who they are, and how they are registered.

Six thousand registrations through ``register_seeker`` one by one would spend most of the
demo's time looking for duplicates among invented people, so they are written in bulk, with
the same rows and the same audit event (``seeker.registered``, the same snapshot) the service
writes. The few deliberate duplicates go through the service, so that its flags appear."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from voorrang.audit.models import AuditEvent
from voorrang.demo.names import (
    FIRST_NAMES,
    LAST_NAMES,
    POSTCODE_LETTERS,
    STREET_KINDS,
    STREET_STEMS,
    TOWNS,
)
from voorrang.seekers.models import CheckStatus, HouseholdMember, IncomeEvidence, Seeker
from voorrang.seekers.services import _snapshot

HOUSEHOLD_SIZES = (1, 2, 3, 4, 5)
HOUSEHOLD_WEIGHTS = (0.47, 0.25, 0.12, 0.10, 0.06)
LOCAL_TOWN = "Zeist"


@dataclass
class Member:
    first_name: str
    last_name: str
    birth_date: date


@dataclass
class SeekerPlan:
    """One invented household, and what the simulation keeps track of while it runs."""

    index: int
    registration_number: str
    registered_on: date
    members: list[Member]
    income: Decimal
    local_tie: bool
    email: str
    street: str
    number: str
    postcode: str
    town: str
    evidence_kind: str
    evidence_date: date
    # How eager the household is to respond: most respond now and then, some often.
    activity: float
    pk: int | None = None
    active: bool = True
    # The responses that count against the limit of open responses: vacancy id -> response id.
    open_responses: dict[int, int] = field(default_factory=dict)
    responded: set[int] = field(default_factory=set)  # vacancy ids
    urgent_from: date | None = None
    urgent_until: date | None = None
    committed_until: date | None = None
    size: int = field(init=False)
    birth_date: date = field(init=False)
    birth_year: int = field(init=False)

    def __post_init__(self) -> None:
        self.size = len(self.members)
        self.birth_date = self.members[0].birth_date
        self.birth_year = self.birth_date.year


def registration_number(index: int) -> str:
    """``W`` and six digits, in order of registration, as the online registration numbers."""
    return f"W{100001 + index:06d}"


def _ascii(text: str) -> str:
    normal = unicodedata.normalize("NFKD", text)
    return "".join(c for c in normal if c.isascii() and (c.isalnum() or c in "-")).lower()


def _birthday(rnd: random.Random, before: date, years_low: float, years_high: float) -> date:
    return before - timedelta(days=round(rnd.uniform(years_low, years_high) * 365.25))


def registration_dates(count: int, today: date, rnd: random.Random) -> list[date]:
    """Registration dates of the whole population, oldest first.

    Most households register in their late teens or twenties and respond only years later, so
    the population holds registrations of up to twenty years; the newer ones are more
    numerous (people who found a home end their registration and leave the list)."""
    dates: list[date] = []
    for _ in range(count):
        years = min(rnd.expovariate(1 / 6.0), 20.0)
        dates.append(today - timedelta(days=round(years * 365.25)))
    return sorted(dates)


def activity_for(rnd: random.Random) -> float:
    """How often a household responds. A third are asleep: registered just in case."""
    if rnd.random() < 0.33:
        return 0.05
    return rnd.lognormvariate(0, 0.7)


class Population:
    """Draws households one by one; every draw depends only on the random generator."""

    def __init__(self, rnd: random.Random, today: date) -> None:
        self.rnd = rnd
        self.today = today
        self.addresses: set[tuple[str, str]] = set()

    def household(self, registered_on: date) -> list[Member]:
        rnd = self.rnd
        size = rnd.choices(HOUSEHOLD_SIZES, weights=HOUSEHOLD_WEIGHTS)[0]
        last_name = rnd.choice(LAST_NAMES)
        # Age at registration: mostly young adults, some later in life.
        age = rnd.choices(((18, 30), (30, 50), (50, 78)), weights=(0.62, 0.28, 0.10))[0]
        main = Member(rnd.choice(FIRST_NAMES), last_name, _birthday(rnd, registered_on, *age))
        members = [main]
        if size >= 2 and rnd.random() < 0.75:
            partner_name = last_name if rnd.random() < 0.4 else rnd.choice(LAST_NAMES)
            birth = main.birth_date + timedelta(days=rnd.randint(-6 * 365, 6 * 365))
            members.append(Member(rnd.choice(FIRST_NAMES), partner_name, birth))
        while len(members) < size:
            # Children, born when the main applicant was 20 to 42, and not after today.
            birth = main.birth_date + timedelta(days=round(rnd.uniform(20, 42) * 365.25))
            birth = min(birth, self.today - timedelta(days=rnd.randint(30, 400)))
            members.append(Member(rnd.choice(FIRST_NAMES), last_name, birth))
        return members

    def income(self, members: list[Member]) -> Decimal:
        rnd = self.rnd
        size = len(members)
        pensioner = (self.today - members[0].birth_date).days > 67 * 365.25
        median = 26_500 if size == 1 else 35_000 + 2_500 * (size - 2)
        if pensioner:
            median *= 0.85
        value = rnd.lognormvariate(0, 0.33) * median
        return Decimal(round(min(max(value, 11_500), 95_000), -2)).quantize(Decimal("0.01"))

    def address(self, local: bool) -> tuple[str, str, str, str]:
        rnd = self.rnd
        if local:
            town, prefixes = TOWNS[0]
        else:
            town, prefixes = rnd.choice(TOWNS[1:])
        while True:
            street = rnd.choice(STREET_STEMS) + rnd.choice(STREET_KINDS)
            number = str(rnd.randint(1, 180))
            postcode = f"{rnd.choice(prefixes)} {rnd.choice(POSTCODE_LETTERS)}"
            if (postcode, number) not in self.addresses:
                self.addresses.add((postcode, number))
                return street, number, postcode, town

    def seeker(self, index: int, registered_on: date) -> SeekerPlan:
        rnd = self.rnd
        members = self.household(registered_on)
        lives_here = rnd.random() < 0.42
        # A local tie: living in Zeist, or working there.
        local_tie = lives_here or rnd.random() < 0.14
        street, number, postcode, town = self.address(lives_here)
        main = members[0]
        pensioner = (self.today - main.birth_date).days > 67 * 365.25
        kind = (
            IncomeEvidence.PENSION
            if pensioner
            else rnd.choices(
                (IncomeEvidence.TAX_STATEMENT, IncomeEvidence.PAYSLIP, IncomeEvidence.BENEFIT),
                weights=(0.6, 0.28, 0.12),
            )[0]
        )
        evidence_date = max(registered_on, self.today - timedelta(days=rnd.randint(20, 500)))
        return SeekerPlan(
            index=index,
            registration_number=registration_number(index),
            registered_on=registered_on,
            members=members,
            income=self.income(members),
            local_tie=local_tie,
            email=f"{_ascii(main.first_name)}.{_ascii(main.last_name)}.{index + 1}@example.org",
            street=street,
            number=number,
            postcode=postcode,
            town=town,
            evidence_kind=str(kind),
            evidence_date=evidence_date,
            activity=activity_for(rnd),
        )


def insert_seekers(plans: list[SeekerPlan], actor: Any = None) -> None:
    """Write the households and their ``seeker.registered`` events, as ``register_seeker``
    does, in bulk. Sets ``pk`` on each plan."""
    seekers = [
        Seeker(
            registration_number=p.registration_number,
            registered_on=p.registered_on,
            income=p.income,
            email=p.email,
            street=p.street,
            number=p.number,
            postcode=p.postcode,
            town=p.town,
            local_tie=p.local_tie,
            income_evidence_kind=p.evidence_kind,
            income_evidence_date=p.evidence_date,
            # Checked at the intake, before the history (demo.income_checks).
            income_check=CheckStatus.CHECKED,
            household_check=CheckStatus.CHECKED,
        )
        for p in plans
    ]
    Seeker.objects.bulk_create(seekers, batch_size=500)
    members = []
    for plan, seeker in zip(plans, seekers, strict=True):
        plan.pk = seeker.pk
        members.extend(
            HouseholdMember(
                seeker=seeker,
                first_name=m.first_name,
                last_name=m.last_name,
                birth_date=m.birth_date,
                is_main_applicant=i == 0,
            )
            for i, m in enumerate(plan.members)
        )
    HouseholdMember.objects.bulk_create(members, batch_size=1000)
    AuditEvent.objects.bulk_create(
        (
            AuditEvent(
                actor=actor if getattr(actor, "is_authenticated", False) else None,
                action="seeker.registered",
                object_type=Seeker._meta.label_lower,
                object_id=str(seeker.pk),
                after=_snapshot(seeker),
            )
            for seeker in seekers
        ),
        batch_size=1000,
    )
