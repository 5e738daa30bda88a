"""A region's ten years of letting, written straight into PostgreSQL with COPY: the data of the
region benchmark (benchmarks/bench_region.py).

At scale 1: 200,000 active seekers (and the 50,000 housed by the region's lettings), 30,000
homes in 500 buildings, 5,000 vacancies a year for ten years with 60 to 170 responses each
(about 115), each let one stored with its ranking (positions and exclusions), its offers (a
refusal or two before the acceptance), its allocation and its published result; the last two
weeks' vacancies still open for responses or offered. The rows are written as the services
would leave them, but without their audit events (which no page of the benchmark lists).

Every row's primary key is chosen here (so that offers can name their ranking entries without
reading them back); the identity sequences are moved past them at the end."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
from django.db import connection, models
from django.utils import timezone

from voorrang.allocation.models import (
    Allocation,
    Offer,
    PublishedResult,
    Ranking,
    RankingEntry,
    RankingExclusion,
    Response,
    Vacancy,
)
from voorrang.housing.models import Building, Complex, Unit
from voorrang.seekers.models import HouseholdMember, Seeker, UrgencyDeclaration

SEEKERS = 200_000
LETTINGS_PER_YEAR = 5_000
YEARS = 10
UNITS = 30_000
UNITS_PER_BUILDING = 60
# The vacancies of the last two weeks are still open for responses; those that closed in the
# last OFFERING_DAYS have an open offer; older ones are let.
OFFERING_DAYS = 10

FIRST_NAMES = ["Anna", "Daan", "Fatima", "Jan", "Lotte", "Mohammed", "Noor", "Sem", "Yara", "Bram"]
LAST_NAMES = ["de Vries", "Jansen", "Bakker", "Yilmaz", "El Amrani", "Visser", "Smit", "Meijer"]
STREETS = ["Laan van Vollenhove", "Montaubanstraat", "Utrechtseweg", "Slotlaan", "Jagerlaan"]


def _text(value: Any) -> str:
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


class Table:
    """One model's rows, written to a text file in COPY's format and loaded in one COPY. A
    column the caller leaves out gets the field's default (as Django would have set it)."""

    def __init__(self, model: type[models.Model], folder: Path) -> None:
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.columns = [f.column for f in self.fields]
        now = timezone.now()
        self.defaults: dict[str, Any] = {}
        for f in self.fields:
            if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False):
                self.defaults[f.attname] = now
            elif f.has_default():
                self.defaults[f.attname] = f.get_default()
            elif f.null:
                self.defaults[f.attname] = None
            else:
                self.defaults[f.attname] = ""
        self.json = {f.attname for f in self.fields if isinstance(f, models.JSONField)}
        self.path = folder / f"{model._meta.db_table}.tsv"
        self.file = self.path.open("w", encoding="utf-8")
        self.next_id = 1 + (model.objects.aggregate(m=models.Max("pk"))["m"] or 0)
        self.count = 0

    def add(self, **values: Any) -> int:
        """Write one row; returns its primary key."""
        pk = values.pop("id", None) or self.next_id
        self.next_id = max(self.next_id, pk + 1)
        row = []
        for f in self.fields:
            if f.primary_key:
                row.append(str(pk))
                continue
            value = values.get(f.attname, self.defaults[f.attname])
            if f.attname in self.json:
                value = json.dumps(value, separators=(",", ":")).replace("\\", "\\\\")
            row.append(_text(value))
        self.file.write("\t".join(row) + "\n")
        self.count += 1
        return pk

    def load(self) -> None:
        self.file.close()
        table = self.model._meta.db_table
        with connection.cursor() as cursor:
            raw = cursor.cursor
            with self.path.open("rb") as source:
                columns = ", ".join(f'"{c}"' for c in self.columns)
                with raw.copy(f'COPY "{table}" ({columns}) FROM STDIN') as copy:
                    while block := source.read(1 << 20):
                        copy.write(block)
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                f'(SELECT coalesce(max(id), 1) FROM "{table}"))'
            )
        self.path.unlink()


def build(scale: float = 1.0, *, seed: int = 2026, say: Callable[[str], None] = print) -> dict:
    """Write the region; returns the counts of what was written."""
    rnd = random.Random(seed)
    rng = np.random.default_rng(seed)
    today = timezone.localdate()
    start = today - dt.timedelta(days=365 * YEARS)
    now = timezone.now()
    n_seekers = max(1_000, int(SEEKERS * scale))
    n_vacancies = max(50, int(LETTINGS_PER_YEAR * YEARS * scale))
    n_units = max(100, int(UNITS * scale))
    n_buildings = max(4, n_units // UNITS_PER_BUILDING)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="voorrang-region-") as folder_name:
        folder = Path(folder_name)
        tables = {
            m: Table(m, folder)
            for m in (
                Complex,
                Building,
                Unit,
                Seeker,
                HouseholdMember,
                UrgencyDeclaration,
                Vacancy,
                Response,
                Ranking,
                RankingEntry,
                RankingExclusion,
                Offer,
                Allocation,
                PublishedResult,
            )
        }

        # The stock: complexes of five buildings, every tenth building designated.
        complexes = [
            tables[Complex].add(name=f"Regio complex {c:04d}", town="Zeist")
            for c in range(max(1, n_buildings // 5))
        ]
        units: list[tuple[int, int, Decimal, int]] = []  # (unit, building, rent, max household)
        designated: set[int] = set()
        for b in range(n_buildings):
            street = STREETS[b % len(STREETS)]
            building = tables[Building].add(
                complex_id=complexes[b % len(complexes)],
                name=f"Regio blok {b:04d}",
                street=street,
                town="Zeist",
                neighbourhood=f"Wijk {b % 12 + 1}",
                designated=b % 10 == 0,
            )
            if b % 10 == 0:
                designated.add(building)
            postcode = f"{1000 + b % 9000:04d} Z{chr(65 + b // 9000)}"
            for n in range(UNITS_PER_BUILDING):
                rooms = rnd.choice((1, 2, 2, 3, 3, 3, 4, 5))
                rent = Decimal(rnd.randrange(45_000, 88_000)) / 100
                max_household = min(6, rooms + 1)
                unit = tables[Unit].add(
                    building_id=building,
                    street=street,
                    number=n + 1,
                    postcode=postcode,
                    town="Zeist",
                    rooms=rooms,
                    floor=n // 6,
                    lift=n >= 12,
                    surface_m2=30 + rooms * 17,
                    rent=rent,
                    max_household=max_household,
                    ground_floor=n < 6,
                )
                units.append((unit, building, rent, max_household))

        # The active seekers: registration dates over the last 25 years.
        registered = start - dt.timedelta(days=15 * 365)
        reg_days = rng.integers(0, (today - registered).days, size=n_seekers)
        seeker_ids = np.empty(n_seekers, dtype=np.int64)
        seeker_numbers: list[str] = []
        household_sizes = rng.choice([1, 1, 1, 2, 2, 3, 4, 5], size=n_seekers)

        def add_seeker(number: str, registered_on: dt.date, size: int, status: str) -> int:
            pk = tables[Seeker].add(
                registration_number=number,
                registered_on=registered_on,
                status=status,
                email=f"{number.lower()}@example.org" if rnd.random() < 0.9 else "",
                income=Decimal(rnd.randrange(14_000, 60_000)),
                local_tie=rnd.random() < 0.4,
                postcode=f"37{rnd.randrange(10, 99)} {rnd.choice('ABCDEFGH')}{rnd.choice('ABCDE')}",
                town="Zeist",
            )
            for m in range(size):
                tables[HouseholdMember].add(
                    seeker_id=pk,
                    first_name=rnd.choice(FIRST_NAMES),
                    last_name=rnd.choice(LAST_NAMES),
                    birth_date=dt.date(1940, 1, 1) + dt.timedelta(days=rnd.randrange(24_000)),
                    is_main_applicant=m == 0,
                )
            if rnd.random() < 0.03:
                tables[UrgencyDeclaration].add(
                    seeker_id=pk,
                    valid_from=today - dt.timedelta(days=rnd.randrange(300)),
                    valid_until=today + dt.timedelta(days=rnd.randrange(30, 300)),
                    grounds="medisch",
                )
            return pk

        for i in range(n_seekers):
            number = f"RG{i:08d}"
            seeker_numbers.append(number)
            seeker_ids[i] = add_seeker(
                number,
                registered + dt.timedelta(days=int(reg_days[i])),
                int(household_sizes[i]),
                "active",
            )
        say(f"  stock and {n_seekers:,} seekers written ({time.perf_counter() - started:.0f} s)")

        # The vacancies, evenly over ten years, each of a random home.
        housed = 0
        open_offers: set[int] = set()
        quota_n: dict[int, int] = {}
        span = (today - start).days
        for v in range(n_vacancies):
            published_on = start + dt.timedelta(days=v * span // n_vacancies)
            closes_on = published_on + dt.timedelta(days=14)
            unit, building, rent, max_household = units[rnd.randrange(len(units))]
            lottery = rnd.random() < 0.1
            targeted = building in designated and rnd.random() < 0.3
            year = published_on.year
            if building in designated:
                quota_n[year] = quota_n.get(year, 0) + 1
            if closes_on >= today:
                state = "published"
            elif closes_on >= today - dt.timedelta(days=OFFERING_DAYS):
                state = "offering"
            else:
                state = "let"
            vacancy_seed = hashlib.sha256(f"{seed}-{v}".encode()).hexdigest()[:32]
            policy_id = f"zeist-{min(max(year, 2021), 2026)}"
            vacancy = tables[Vacancy].add(
                reference=f"RG-{year}-{v:06d}",
                unit_id=unit,
                state=state,
                targeted=targeted,
                ordering="lottery" if lottery else "registration",
                rent=rent,
                published_on=published_on,
                closes_on=closes_on,
                policy_id=policy_id,
                quota_n=quota_n.get(year) if building in designated else None,
                seed=vacancy_seed,
                seed_hash=hashlib.sha256(vacancy_seed.encode()).hexdigest(),
                created_at=dt.datetime.combine(published_on, dt.time(9), dt.UTC),
            )
            k = int(rng.integers(60, 171))
            days_open = (min(closes_on, today) - published_on).days
            if state == "published":
                k = k * max(1, days_open) // 14
            picks = rng.choice(n_seekers, size=k, replace=False)
            for i in picks:
                tables[Response].add(
                    vacancy_id=vacancy,
                    seeker_id=int(seeker_ids[i]),
                    responded_on=published_on + dt.timedelta(days=rnd.randrange(days_open + 1)),
                    channel="paper" if rnd.random() < 0.03 else "online",
                )
            if state == "published":
                continue

            # The ranking: the too-large households excluded, the others by registration date
            # (or lottery number).
            excluded = [i for i in picks if household_sizes[i] > max_household]
            eligible = [i for i in picks if household_sizes[i] <= max_household]
            lotteries = (
                {int(seeker_ids[i]): str(rnd.getrandbits(63)) for i in eligible} if lottery else {}
            )
            if lottery:
                eligible.sort(key=lambda i: int(lotteries[int(seeker_ids[i])]))
            else:
                eligible.sort(key=lambda i: int(reg_days[i]))
            candidates = [
                (int(seeker_ids[i]), registered + dt.timedelta(days=int(reg_days[i])))
                for i in eligible
            ]
            refusals = rnd.choice((0, 0, 0, 1, 1, 2))
            winner = None
            if state == "let":
                # The new tenant is a seeker of their own (housed since), at the position
                # after the refusals.
                refusals = min(refusals, len(candidates))
                before = candidates[refusals] if refusals < len(candidates) else candidates[-1]
                winner = add_seeker(f"RH{housed:08d}", before[1], 1, "housed")
                candidates.insert(refusals, (winner, before[1]))
                if lottery:
                    lotteries[winner] = str(max(0, int(lotteries.get(before[0], "1")) - 1))
                housed += 1
            made = dt.datetime.combine(closes_on, dt.time(10), dt.UTC)
            ranking = tables[Ranking].add(
                vacancy_id=vacancy,
                policy_id=policy_id,
                seed=vacancy_seed,
                input_digest=hashlib.sha256(f"digest-{v}".encode()).hexdigest(),
                scenario={
                    "policy": {"name": policy_id},
                    "vacancy": {"id": f"RG-{year}-{v:06d}"},
                    "candidates": [{"id": seeker_numbers[i]} for i in picks],
                },
                created_at=made,
            )
            entries = []
            for position, (pk, registered_on) in enumerate(candidates, start=1):
                number = lotteries[pk] if lottery else ""
                entries.append(
                    tables[RankingEntry].add(
                        ranking_id=ranking,
                        position=position,
                        seeker_id=pk,
                        tier="regular",
                        registered_on=registered_on,
                        lottery=number,
                    )
                )
            for i in excluded:
                tables[RankingExclusion].add(
                    ranking_id=ranking, seeker_id=int(seeker_ids[i]), reasons=["HOUSEHOLD_SIZE"]
                )

            # The offers: refusals, then the acceptance (let) or an open offer (offering).
            offered = 0
            for position, entry in enumerate(entries, start=1):
                seeker = candidates[position - 1][0]
                made_at = made + dt.timedelta(days=2 * offered)
                last = offered >= refusals
                if last and state == "offering" and seeker in open_offers:
                    last = False  # one open offer per seeker: offer to the next one
                if not last:
                    tables[Offer].add(
                        vacancy_id=vacancy,
                        entry_id=entry,
                        seeker_id=seeker,
                        state="refused",
                        deadline=made_at + dt.timedelta(days=7),
                        made_at=made_at,
                        decided_at=made_at + dt.timedelta(days=1),
                        refusal_reason=rnd.choice(("location", "size", "rent", "no_reply")),
                    )
                    offered += 1
                    continue
                if state == "offering":
                    open_offers.add(seeker)
                    tables[Offer].add(
                        vacancy_id=vacancy,
                        entry_id=entry,
                        seeker_id=seeker,
                        state="open",
                        deadline=now + dt.timedelta(days=5),
                        made_at=made_at,
                    )
                    break
                offer = tables[Offer].add(
                    vacancy_id=vacancy,
                    entry_id=entry,
                    seeker_id=seeker,
                    state="accepted",
                    deadline=made_at + dt.timedelta(days=7),
                    made_at=made_at,
                    decided_at=made_at + dt.timedelta(days=1),
                )
                let_on = closes_on + dt.timedelta(days=30)
                tables[Allocation].add(
                    vacancy_id=vacancy,
                    offer_id=offer,
                    unit_id=unit,
                    seeker_id=seeker,
                    let_on=let_on,
                    tier="regular",
                    position=position,
                )
                registered_on = candidates[position - 1][1]
                months = (
                    (let_on.year - registered_on.year) * 12 + let_on.month - registered_on.month
                )
                tables[PublishedResult].add(
                    vacancy_id=vacancy,
                    responses=len(picks) + 1,
                    eligible=len(entries),
                    position=position,
                    tier="regular",
                    ordering="lottery" if lottery else "registration",
                    registration_years=max(0, months) // 12,
                    registration_months=max(0, months) % 12,
                    seed=vacancy_seed,
                    seed_hash=hashlib.sha256(vacancy_seed.encode()).hexdigest(),
                    published_at=dt.datetime.combine(let_on, dt.time(12), dt.UTC),
                )
                break
            if v % 5_000 == 4_999:
                say(f"  {v + 1:,} vacancies written ({time.perf_counter() - started:.0f} s)")

        for table in tables.values():
            t0 = time.perf_counter()
            table.load()
            say(
                f"  COPY {table.model._meta.db_table}: {table.count:,} rows "
                f"({time.perf_counter() - t0:.0f} s)"
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {t.model._meta.label: t.count for t in tables.values()}
