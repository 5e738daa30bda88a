"""``/api/vera/reacties``: the seekers' responses, as VERA's Reactie (Woonruimteverdeling.yaml
``Reactiebericht``); ``?publicatie=REF`` for one vacancy.

``id`` is Voorrang's number of the response, ``datum`` the day it was given, ``relaties`` the
seeker (a URI to the relatie; for the evaluation institute a URN with the pseudonym), and
``positie`` the place in the vacancy's current ranking. VERA publishes no codes for the state
of a reactie (REACTIESTATUS is not in Aedes' reference data), so the state is given in words
(``statusToelichting``: ``Actief`` or ``Ingetrokken``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from voorrang.allocation.models import RankingEntry, Response
from voorrang.api.vera import codes
from voorrang.api.vera.people import SeekerNaming
from voorrang.api.vera.publicaties import publicatie_sleutels
from voorrang.api.vera.reading import VeraReadViewSet


@dataclass(frozen=True)
class Responses:
    naming: SeekerNaming
    base: str
    positions: dict[tuple[int, int], int]


def positions_of(responses: list[Response]) -> dict[tuple[int, int], int]:
    if not responses:
        return {}
    entries = RankingEntry.objects.filter(
        ranking__is_current=True,
        ranking__vacancy_id__in={r.vacancy_id for r in responses},
        seeker_id__in={r.seeker_id for r in responses},
    ).values_list("ranking__vacancy_id", "seeker_id", "position")
    return {(vacancy, seeker): position for vacancy, seeker, position in entries}


def reactie(response: Response, context: Responses) -> dict[str, Any]:
    name = context.naming.of(response.seeker)
    relatie = (
        f"urn:voorrang:pseudoniem:{name}"
        if context.naming.pseudonymous
        else f"{context.base}/api/vera/relaties/{name}"
    )
    return codes.without_empty(
        {
            "id": str(response.pk),
            "code": str(response.pk),
            "datum": codes.moment(response.responded_on),
            "publicatie": publicatie_sleutels(response.vacancy),
            "relaties": [relatie],
            "positie": context.positions.get((response.vacancy_id, response.seeker_id)),
            "statusToelichting": "Ingetrokken" if response.withdrawn_at else "Actief",
            "extra-attributen": [{"naam": "kanaal", "waarde": response.channel}],
        }
    )


class ReactieViewSet(VeraReadViewSet):
    scope_family = "Woonruimteverdeling"
    scope_resource = "Reacties"

    def _responses(self):
        return Response.objects.select_related("vacancy", "seeker").order_by("-responded_on", "-id")

    def check_reader(self, request) -> None:
        SeekerNaming(request.user)

    def records(self, request):
        responses = self._responses()
        if reference := request.query_params.get("publicatie"):
            responses = responses.filter(vacancy__reference=reference)
        return responses

    def find(self, identifier: str):
        if not identifier.isdigit():
            return None
        return self._responses().filter(pk=int(identifier)).first()

    def context(self, request, records: list[Response]) -> Responses:
        return Responses(
            naming=SeekerNaming(request.user),
            base=request.build_absolute_uri("/").rstrip("/"),
            positions=positions_of(records),
        )

    def body(self, record: Response, context: Responses) -> dict[str, Any]:
        return reactie(record, context)
