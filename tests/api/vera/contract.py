"""Checks shared by the tests of the VERA resources toewijzingen, relaties, overeenkomsten and
reclamaties: the body against VERA's schema, and the lettings to serve."""

from __future__ import annotations

from typing import Any

from tests.api.specifications import schema_errors

# VERA declares some kinds as a ``oneOf`` of schemas without a discriminator or a required
# property (Relatie: natural person, legal person or group; Overeenkomst: Inschrijving or
# Serviceovereenkomst). Any object valid as one is then valid as all, which a strict
# validator reports as "valid under each of". The body is checked against the kind it
# claims (strictly, undeclared properties included) and against the whole message with only
# that report left out.
AMBIGUOUS = "is valid under each of"


def vera_errors(
    spec: str, schema: str, body: Any, *, kind: str | None = None, many: bool = False
) -> list[str]:
    errors = [e for e in schema_errors(spec, schema, body, many=many) if AMBIGUOUS not in e]
    if kind is not None:
        errors += schema_errors(spec, kind, body, many=many)
    return errors


def lettings(count: int, *, tier_commitment: int = 0) -> list[Any]:
    """``count`` homes let through the services (the first ``tier_commitment`` through the
    targeted track's commitment)."""
    from tests.allocation.flow import let, published, ranked
    from tests.factories import (
        BuildingFactory,
        CommitmentFactory,
        SeekerFactory,
        StaffFactory,
        VacancyFactory,
    )
    from voorrang.allocation import services

    staff = StaffFactory()
    done = []
    for index in range(count):
        if index < tier_commitment:
            building = BuildingFactory()
            commitment = CommitmentFactory(building=building)
            vacancy = services.publish_vacancy(
                actor=staff,
                vacancy=VacancyFactory(unit__building=building),
                override_targeted=True,
                override_reason="pilot",
            )
            seekers = [commitment.seeker, SeekerFactory()]
        else:
            vacancy = published(staff)
            seekers = [SeekerFactory(), SeekerFactory()]
        vacancy = ranked(staff, vacancy, seekers)
        offer = services.offer_next(actor=staff, vacancy=vacancy)
        done.append(let(staff, offer))
    return done
