"""The input of the rules engine for one vacancy, built from the stored records.

Read with flat ``values()`` queries, one per kind of record, joined in Python: for a vacancy
with thousands of responses this is several times faster than model instances and prefetching."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import QuerySet

from voorrang.allocation.commitment_terms import commitment_terms
from voorrang.allocation.models import Response, Vacancy
from voorrang.rules import Policy, policy_document
from voorrang.seekers.models import HouseholdMember, Seeker, UrgencyDeclaration
from voorrang.seekers.selectors import counting_urgencies


def active_responses(vacancy: Vacancy) -> QuerySet[Response]:
    """The responses that take part: every response not withdrawn."""
    return vacancy.responses.filter(withdrawn_at__isnull=True)


def candidate_documents(
    vacancy: Vacancy, responses: Iterable[Response] | None = None
) -> list[dict[str, Any]]:
    """The candidates of the rules engine's input, in order of registration number, with what
    the rules need of each seeker; by default every response not withdrawn, or the given
    (possibly unsaved) responses. Five queries in all."""
    if responses is None:
        responded_on = dict(active_responses(vacancy).values_list("seeker_id", "responded_on"))
        responding = Seeker.objects.filter(
            responses__vacancy=vacancy, responses__withdrawn_at__isnull=True
        )
    else:
        responded_on = {r.seeker_id: r.responded_on for r in responses}
        responding = Seeker.objects.filter(pk__in=list(responded_on))
    seekers = list(
        responding.order_by("registration_number").values(
            "pk", "registration_number", "registered_on", "income", "local_tie"
        )
    )
    members: dict[int, list[tuple[bool, date]]] = {}
    for seeker_id, is_main, birth_date in HouseholdMember.objects.filter(
        seeker__in=responding
    ).values_list("seeker_id", "is_main_applicant", "birth_date"):
        members.setdefault(seeker_id, []).append((is_main, birth_date))
    urgencies: dict[int, list[tuple[date, date]]] = {}
    for seeker_id, period in counting_urgencies(
        UrgencyDeclaration.objects.filter(seeker__in=responding)
    ):
        urgencies.setdefault(seeker_id, []).append(period)
    commitments = commitment_terms().for_building(responding, vacancy.unit.building_id)
    building = vacancy.unit.building.name
    return [
        candidate_document(
            seeker,
            responded_on[seeker["pk"]],
            members.get(seeker["pk"], []),
            urgencies.get(seeker["pk"], []),
            commitments.get(seeker["pk"]),
            building,
            vacancy.closes_on,
        )
        for seeker in seekers
    ]


def candidate_document(
    seeker: dict[str, Any],
    responded_on: date,
    members: list[tuple[bool, date]],
    urgencies: list[tuple[date, date]],
    commitment: tuple[str, date | None] | None,
    building: str,
    closes_on: date,
) -> dict[str, Any]:
    """One candidate as the rules engine reads it. ``members`` are (is main applicant, birth
    date); ``urgencies`` (valid from, valid until), latest first; ``commitment`` (status,
    valid until) for this vacancy's building."""
    if not members:
        raise ValueError(f"seeker {seeker['registration_number']} has no household members")
    main = next((birth for is_main, birth in members if is_main), members[0][1])
    doc: dict[str, Any] = {
        "id": seeker["registration_number"],
        "registered_on": seeker["registered_on"].isoformat(),
        "birth_date": main.isoformat(),
        "household_size": len(members),
        "income": str(seeker["income"]),
        "responded_on": responded_on.isoformat(),
    }
    if urgencies:
        # The declaration that covers the closing date, else the latest one.
        valid_from, valid_until = next(
            ((f, u) for f, u in urgencies if f <= closes_on <= u), urgencies[0]
        )
        doc["urgency"] = {
            "valid_from": valid_from.isoformat(),
            "valid_until": valid_until.isoformat(),
        }
    if commitment is not None:
        status, valid_until = commitment
        doc["commitment"] = {"status": status, "building": building}
        if valid_until is not None:
            doc["commitment"]["valid_until"] = valid_until.isoformat()
    if seeker["local_tie"]:
        doc["local_tie"] = True
    return doc


def scenario_document(
    vacancy: Vacancy, policy: Policy, responses: Iterable[Response] | None = None
) -> dict[str, Any]:
    """The scenario exactly as ``voorrang rank`` reads it. The policy is written out in full,
    so that a replay years later uses the figures of the day, whatever the policy file says then."""
    return {
        **vacancy_document(vacancy, policy_document(policy)),
        "candidates": candidate_documents(vacancy, responses),
    }


def vacancy_document(vacancy: Vacancy, policy: dict[str, Any]) -> dict[str, Any]:
    """The scenario without its candidates: the written-out policy and the vacancy."""
    unit = vacancy.unit
    return {
        "policy": policy,
        "vacancy": {
            "id": vacancy.reference,
            "building": unit.building.name,
            "unit": {
                "rooms": unit.rooms,
                "rent": str(vacancy.rent),
                "min_household": unit.min_household,
                "max_household": unit.max_household,
            },
            "labels": vacancy.rule_labels,
            "ordering": vacancy.ordering,
            "closes_on": vacancy.closes_on.isoformat(),
            "seed": vacancy.seed,
        },
    }
