"""A vacancy with many responses, written with bulk inserts: for the query-count test and the
staff page benchmark (benchmarks/bench_staff_page.py)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.utils import timezone

from voorrang.allocation import services
from voorrang.allocation.models import Channel, Response, Vacancy
from voorrang.commitments.models import Commitment
from voorrang.housing.models import Building, Complex, Unit
from voorrang.seekers.models import HouseholdMember, Seeker, UrgencyDeclaration


def published_vacancy(actor: Any, *, reference: str = "V-BULK-0001") -> Vacancy:
    """A vacancy in the designated L-flat, published two weeks ago, closed for responses
    since yesterday."""
    today = timezone.localdate()
    complex_, _ = Complex.objects.get_or_create(name="Vollenhove", defaults={"town": "Zeist"})
    building, _ = Building.objects.get_or_create(
        name="L-flat",
        defaults={
            "complex": complex_,
            "street": "Laan van Vollenhove",
            "town": "Zeist",
            "designated": True,
        },
    )
    unit = Unit.objects.create(
        building=building,
        street="Laan van Vollenhove",
        number=9000 + Vacancy.objects.count(),
        postcode="3706 AA",
        town="Zeist",
        rooms=3,
        floor=5,
        lift=True,
        surface_m2=74,
        rent=Decimal("712.40"),
        max_household=4,
    )
    vacancy = Vacancy.objects.create(
        reference=reference,
        unit=unit,
        rent=unit.rent,
        closes_on=today - dt.timedelta(days=1),
    )
    return services.publish_vacancy(
        actor=actor, vacancy=vacancy, published_on=today - dt.timedelta(days=14)
    )


def seekers(
    count: int, *, seed: int = 2026, prefix: str = "B", email_share: float = 0.9
) -> list[int]:
    """``count`` active seekers with a household each, ``email_share`` of them with an email
    address (so that notifications are real work); returns their primary keys."""
    rnd = random.Random(seed)
    rows = [
        Seeker(
            registration_number=f"{prefix}{i:07d}",
            registered_on=dt.date(1995, 1, 1) + dt.timedelta(days=rnd.randrange(11_000)),
            income=Decimal(rnd.randrange(14_000, 60_000)),
            local_tie=rnd.random() < 0.4,
            email=f"{prefix.lower()}{i}@example.org" if rnd.random() < email_share else "",
        )
        for i in range(count)
    ]
    Seeker.objects.bulk_create(rows, batch_size=5_000)
    pks = list(
        Seeker.objects.filter(registration_number__startswith=prefix)
        .order_by("registration_number")
        .values_list("pk", flat=True)
    )
    members = []
    for pk in pks:
        size = rnd.choice((1, 1, 1, 2, 2, 3, 4, 5))
        for m in range(size):
            members.append(
                HouseholdMember(
                    seeker_id=pk,
                    first_name=f"Naam{pk}-{m}",
                    last_name="Bulk",
                    birth_date=dt.date(1940, 1, 1) + dt.timedelta(days=rnd.randrange(24_000)),
                    is_main_applicant=m == 0,
                )
            )
    HouseholdMember.objects.bulk_create(members, batch_size=5_000)
    return pks


def respond_in_bulk(
    vacancy: Vacancy, seeker_pks: list[int], count: int, *, seed: int = 2026
) -> list[int]:
    """``count`` of the seekers respond (a few on paper); some have an urgency declaration or
    a commitment for the building. Returns the responders' primary keys."""
    rnd = random.Random(seed)
    responders = rnd.sample(seeker_pks, count)
    days = (vacancy.closes_on - vacancy.published_on).days
    Response.objects.bulk_create(
        [
            Response(
                vacancy=vacancy,
                seeker_id=pk,
                responded_on=vacancy.published_on + dt.timedelta(days=rnd.randrange(days + 1)),
                channel=Channel.PAPER if rnd.random() < 0.03 else Channel.ONLINE,
            )
            for pk in responders
        ],
        batch_size=5_000,
    )
    UrgencyDeclaration.objects.bulk_create(
        UrgencyDeclaration(
            seeker_id=pk,
            valid_from=vacancy.closes_on - dt.timedelta(days=100),
            valid_until=vacancy.closes_on + dt.timedelta(days=265),
            status="confirmed",
        )
        for pk in responders
        if rnd.random() < 0.05
    )
    # A seeker has one commitment per building: one made for an earlier vacancy stays.
    Commitment.objects.bulk_create(
        (
            Commitment(
                seeker_id=pk,
                building=vacancy.unit.building,
                status="approved",
                valid_until=vacancy.closes_on + dt.timedelta(days=365),
            )
            for pk in responders
            if rnd.random() < 0.02
        ),
        ignore_conflicts=True,
    )
    return responders
