"""Reading a ranking scenario (ALLOCATION_RULES.md, section 1) into frozen values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from voorrang.rules.errors import InvalidInput
from voorrang.rules.fields import (
    Shape,
    expect_bool,
    expect_choice,
    expect_date,
    expect_int,
    expect_list,
    expect_money,
    expect_object,
    expect_text,
)
from voorrang.rules.policy import Policy, parse_policy

LABELS = ("targeted", "senior", "young", "local")
ORDERINGS = ("registration", "lottery")
COMMITMENT_STATUSES = ("pending", "approved", "declined", "ended")


@dataclass(frozen=True, slots=True)
class Unit:
    rooms: int
    rent: Decimal
    min_household: int
    max_household: int


@dataclass(frozen=True, slots=True)
class Vacancy:
    id: str
    building: str
    unit: Unit
    labels: frozenset[str]
    ordering: str
    closes_on: date
    seed: str | None = None


@dataclass(frozen=True, slots=True)
class Urgency:
    valid_from: date
    valid_until: date


@dataclass(frozen=True, slots=True)
class Commitment:
    status: str
    building: str
    valid_until: date | None


class Candidate(NamedTuple):
    """One responder. A named tuple rather than a frozen dataclass: it is just as immutable
    and typed, and five times cheaper to build, which counts at 100,000 candidates."""

    id: str
    registered_on: date
    birth_date: date
    household_size: int
    income: Decimal
    responded_on: date
    urgency: Urgency | None = None
    commitment: Commitment | None = None
    local_tie: bool = False


@dataclass(frozen=True, slots=True)
class Scenario:
    policy: Policy
    vacancy: Vacancy
    candidates: tuple[Candidate, ...]


_CANDIDATE_REQUIRED = (
    "id",
    "registered_on",
    "birth_date",
    "household_size",
    "income",
    "responded_on",
)
_CANDIDATE_OPTIONAL = ("urgency", "commitment", "local_tie")
_CANDIDATE = Shape(_CANDIDATE_REQUIRED, _CANDIDATE_OPTIONAL)
_URGENCY = Shape(("valid_from", "valid_until"))
_COMMITMENT = Shape(("status", "building"), ("valid_until",))


def parse_scenario(document: Any) -> Scenario:
    """Check a parsed scenario document field by field and build its values.

    The seed's second condition (ties within a tier) depends on eligibility, so the ranking
    checks it; everything that can be checked on the input alone is checked here."""
    root = expect_object(document, "", Shape(("policy", "vacancy", "candidates")))
    policy = parse_policy(root["policy"])
    vacancy = parse_vacancy(root["vacancy"])
    items = expect_list(root["candidates"], "candidates")
    candidates: list[Candidate] = []
    first_index: dict[str, int] = {}
    for index, item in enumerate(items):
        candidate = parse_candidate(item, f"candidates[{index}]")
        if candidate.id in first_index:
            raise InvalidInput(
                f"candidates[{index}].id",
                f"duplicate candidate id {candidate.id!r} "
                f"(also candidates[{first_index[candidate.id]}])",
            )
        first_index[candidate.id] = index
        candidates.append(candidate)
    return Scenario(policy=policy, vacancy=vacancy, candidates=tuple(candidates))


def parse_vacancy(value: Any, path: str = "vacancy") -> Vacancy:
    obj = expect_object(
        value,
        path,
        Shape(("id", "building", "unit", "labels", "ordering", "closes_on"), ("seed",)),
    )
    unit_path = f"{path}.unit"
    unit_obj = expect_object(
        obj["unit"], unit_path, Shape(("rooms", "rent", "min_household", "max_household"))
    )
    min_household = expect_int(unit_obj["min_household"], unit_path, "min_household", minimum=1)
    max_household = expect_int(unit_obj["max_household"], unit_path, "max_household", minimum=1)
    if max_household < min_household:
        raise InvalidInput(
            f"{path}.unit.max_household",
            f"must be at least min_household ({min_household}), not {max_household}",
        )
    unit = Unit(
        rooms=expect_int(unit_obj["rooms"], unit_path, "rooms", minimum=1),
        rent=expect_money(unit_obj["rent"], unit_path, "rent"),
        min_household=min_household,
        max_household=max_household,
    )
    labels: list[str] = []
    for index, item in enumerate(expect_list(obj["labels"], path, "labels")):
        label = expect_choice(item, f"{path}.labels[{index}]", "", LABELS, "label")
        if label in labels:
            raise InvalidInput(f"{path}.labels[{index}]", f"label {label!r} is listed twice")
        labels.append(label)
    ordering = expect_choice(obj["ordering"], path, "ordering", ORDERINGS, "ordering")
    seed = expect_text(obj["seed"], path, "seed") if "seed" in obj else None
    if ordering == "lottery" and seed is None:
        raise InvalidInput(f"{path}.seed", "is required when ordering is 'lottery'")
    return Vacancy(
        id=expect_text(obj["id"], path, "id"),
        building=expect_text(obj["building"], path, "building"),
        unit=unit,
        labels=frozenset(labels),
        ordering=ordering,
        closes_on=expect_date(obj["closes_on"], path, "closes_on"),
        seed=seed,
    )


def parse_candidate(value: Any, path: str) -> Candidate:
    obj = expect_object(value, path, _CANDIDATE)
    urgency = None
    if "urgency" in obj:
        urgency = parse_urgency(obj["urgency"], f"{path}.urgency")
    commitment = None
    if "commitment" in obj:
        commitment = parse_commitment(obj["commitment"], f"{path}.commitment")
    return Candidate(
        id=expect_text(obj["id"], path, "id"),
        registered_on=expect_date(obj["registered_on"], path, "registered_on"),
        birth_date=expect_date(obj["birth_date"], path, "birth_date"),
        household_size=expect_int(obj["household_size"], path, "household_size", minimum=1),
        income=expect_money(obj["income"], path, "income"),
        responded_on=expect_date(obj["responded_on"], path, "responded_on"),
        urgency=urgency,
        commitment=commitment,
        local_tie=expect_bool(obj["local_tie"], path, "local_tie") if "local_tie" in obj else False,
    )


def parse_urgency(value: Any, path: str) -> Urgency:
    obj = expect_object(value, path, _URGENCY)
    valid_from = expect_date(obj["valid_from"], path, "valid_from")
    valid_until = expect_date(obj["valid_until"], path, "valid_until")
    if valid_until < valid_from:
        raise InvalidInput(f"{path}.valid_until", f"{valid_until.isoformat()} is before valid_from")
    return Urgency(valid_from=valid_from, valid_until=valid_until)


def parse_commitment(value: Any, path: str) -> Commitment:
    obj = expect_object(value, path, _COMMITMENT)
    status = expect_choice(obj["status"], path, "status", COMMITMENT_STATUSES, "status")
    valid_until = None
    if "valid_until" in obj:
        valid_until = expect_date(obj["valid_until"], path, "valid_until")
    elif status == "approved":
        raise InvalidInput(f"{path}.valid_until", "is required for an approved commitment")
    return Commitment(
        status=status,
        building=expect_text(obj["building"], path, "building"),
        valid_until=valid_until,
    )


def candidate_to_document(candidate: Candidate) -> dict[str, Any]:
    """A candidate written back as the scenario's JSON object: the inverse of
    ``parse_candidate``, for callers that build a scenario from values."""
    doc = {
        "id": candidate.id,
        "registered_on": candidate.registered_on.isoformat(),
        "birth_date": candidate.birth_date.isoformat(),
        "household_size": candidate.household_size,
        "income": str(candidate.income),
        "responded_on": candidate.responded_on.isoformat(),
    }
    if candidate.urgency is not None:
        doc["urgency"] = {
            "valid_from": candidate.urgency.valid_from.isoformat(),
            "valid_until": candidate.urgency.valid_until.isoformat(),
        }
    if candidate.commitment is not None:
        doc["commitment"] = {
            "status": candidate.commitment.status,
            "building": candidate.commitment.building,
            "valid_until": candidate.commitment.valid_until.isoformat(),
        }
    if candidate.local_tie:
        doc["local_tie"] = True
    return doc
