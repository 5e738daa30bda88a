"""The housing stock of the synthetic Vollenhove: the L-flat and two comparison buildings."""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from voorrang.audit.services import record
from voorrang.demo.listings import unit_labels
from voorrang.demo.names import POSTCODE_LETTERS
from voorrang.housing.models import Building, Complex, Unit

TOWN = "Zeist"
NEIGHBOURHOOD = "Vollenhove"
L_FLAT = "L-flat"
HOMES_PER_POSTCODE = 20


@dataclass(frozen=True)
class BuildingPlan:
    name: str
    street: str
    units: int
    designated: bool
    floors: int  # the highest floor; 0 is the ground floor
    lift: bool
    # Share of homes with 1, 2, 3 and 4 rooms.
    rooms: tuple[float, float, float, float]
    postcode_offset: int  # where the building's postcodes start in POSTCODE_LETTERS
    turnover: float  # share of the homes that becomes vacant in a year


BUILDINGS = (
    BuildingPlan(
        name=L_FLAT,
        street="Laan van Vollenhove",
        units=728,
        designated=True,
        floors=10,
        lift=True,
        rooms=(0.04, 0.31, 0.46, 0.19),
        postcode_offset=0,
        turnover=0.105,
    ),
    # Invented comparison buildings of the same neighbourhood, not designated.
    BuildingPlan(
        name="Berkenhof",
        street="Berkenhofdreef",
        units=184,
        designated=False,
        floors=3,
        lift=False,
        rooms=(0.0, 0.30, 0.50, 0.20),
        postcode_offset=60,
        turnover=0.07,
    ),
    BuildingPlan(
        name="Lindenhof",
        street="Lindenhofsingel",
        units=212,
        designated=False,
        floors=7,
        lift=True,
        rooms=(0.10, 0.45, 0.45, 0.0),
        postcode_offset=90,
        turnover=0.07,
    ),
)

SURFACE = {1: (30, 38), 2: (45, 56), 3: (60, 76), 4: (78, 94)}
HOUSEHOLD = {1: (1, 1), 2: (1, 2), 3: (1, 4), 4: (2, 6)}


def _money(value: float) -> Decimal:
    return Decimal(f"{value:.2f}")


def unit_rows(plan: BuildingPlan, count: int, rnd: random.Random) -> list[dict[str, Any]]:
    """The homes of one building: addresses, size, floor, rent (of today) and households."""
    ground = max(1, round(count * 0.05))  # fewer homes on the ground floor: entrances, storage
    per_floor = max(1, -(-(count - ground) // plan.floors)) if plan.floors else count
    rows: list[dict[str, Any]] = []
    for i in range(count):
        floor = 0 if i < ground else min(plan.floors, 1 + (i - ground) // per_floor)
        rooms = rnd.choices((1, 2, 3, 4), weights=plan.rooms)[0]
        low, high = SURFACE[rooms]
        surface = rnd.randint(low, high)
        rent = 300 + 6.5 * surface + 3 * floor + rnd.uniform(-40, 40)
        min_household, max_household = HOUSEHOLD[rooms]
        letters = POSTCODE_LETTERS[plan.postcode_offset + i // HOMES_PER_POSTCODE]
        rows.append(
            {
                "street": plan.street,
                "number": i + 1,
                "postcode": f"3706 {letters}",
                "town": TOWN,
                "rooms": rooms,
                "floor": floor,
                "lift": plan.lift,
                "surface_m2": surface,
                "rent": _money(rent),
                "service_costs": _money(30 + 0.4 * surface + rnd.uniform(-8, 8)),
                "min_household": min_household,
                "max_household": max_household,
                "ground_floor": floor == 0,
                # A few ground-floor homes were adapted for wheelchair users at the renovation.
                "wheelchair_adapted": floor == 0 and rnd.random() < 0.25,
            }
        )
        rows[-1].update(unit_labels(plan.name, rows[-1]))
    return rows


def build_stock(*, actor: Any, scale: float, rnd: random.Random) -> dict[str, Building]:
    """Create the complex, its buildings and their units; returns the buildings by name."""
    complex_ = Complex.objects.create(name=NEIGHBOURHOOD, town=TOWN)
    buildings: dict[str, Building] = {}
    for plan in BUILDINGS:
        building = Building.objects.create(
            complex=complex_,
            name=plan.name,
            street=plan.street,
            town=TOWN,
            neighbourhood=NEIGHBOURHOOD,
            designated=plan.designated,
        )
        count = max(8, round(plan.units * scale))
        Unit.objects.bulk_create(
            Unit(building=building, **row) for row in unit_rows(plan, count, rnd)
        )
        record(
            actor=actor,
            action="building.created",
            obj=building,
            summary=f"{count} units",
            after={"name": plan.name, "units": count, "designated": plan.designated},
        )
        buildings[plan.name] = building
    return buildings
