"""The input of the rules engine for one vacancy, built from the stored records."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch

from voorrang.allocation.models import Response, Vacancy
from voorrang.commitments.models import Commitment
from voorrang.rules import Policy, policy_document
from voorrang.seekers.models import HouseholdMember, UrgencyDeclaration


def active_responses(vacancy: Vacancy) -> Iterable[Response]:
    """The responses that take part, with what the rules need, in three queries in all."""
    return (
        vacancy.responses.filter(withdrawn_at__isnull=True)
        .select_related("seeker")
        .prefetch_related(
            Prefetch(
                "seeker__members",
                queryset=HouseholdMember.objects.order_by("-is_main_applicant", "birth_date"),
            ),
            Prefetch(
                "seeker__urgencies", queryset=UrgencyDeclaration.objects.order_by("-valid_from")
            ),
            Prefetch(
                "seeker__commitments",
                queryset=Commitment.objects.filter(
                    building_id=vacancy.unit.building_id
                ).select_related("building"),
            ),
        )
        .order_by("seeker__registration_number")
    )


def candidate_document(response: Response, vacancy: Vacancy) -> dict[str, Any]:
    seeker = response.seeker
    members = list(seeker.members.all())
    main = next((m for m in members if m.is_main_applicant), members[0] if members else None)
    if main is None:
        raise ValueError(f"seeker {seeker.registration_number} has no household members")
    doc: dict[str, Any] = {
        "id": seeker.registration_number,
        "registered_on": seeker.registered_on.isoformat(),
        "birth_date": main.birth_date.isoformat(),
        "household_size": len(members),
        "income": str(seeker.income),
        "responded_on": response.responded_on.isoformat(),
    }
    urgencies = list(seeker.urgencies.all())
    if urgencies:
        # The declaration that covers the closing date, else the latest one.
        current = next(
            (u for u in urgencies if u.valid_from <= vacancy.closes_on <= u.valid_until),
            urgencies[0],
        )
        doc["urgency"] = {
            "valid_from": current.valid_from.isoformat(),
            "valid_until": current.valid_until.isoformat(),
        }
    commitment = next(iter(seeker.commitments.all()), None)
    if commitment is not None:
        doc["commitment"] = {"status": commitment.status, "building": commitment.building.name}
        if commitment.valid_until is not None:
            doc["commitment"]["valid_until"] = commitment.valid_until.isoformat()
    if seeker.local_tie:
        doc["local_tie"] = True
    return doc


def scenario_document(
    vacancy: Vacancy, policy: Policy, responses: Iterable[Response]
) -> dict[str, Any]:
    """The scenario exactly as ``voorrang rank`` reads it. The policy is written out in full,
    so that a replay years later uses the figures of the day, whatever the policy file says then."""
    unit = vacancy.unit
    document: dict[str, Any] = {
        "policy": policy_document(policy),
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
        "candidates": [candidate_document(r, vacancy) for r in responses],
    }
    return document
