"""``/api/vera/aanbiedingen``: the offers, as VERA's Aanbieding (WRV.yaml
``Aanbiedingen-Aanbiedingbericht``): open (``AAN``), accepted (``TOE``), refused (``GEW``, the
reason as ``detailStatus``), expired or withdrawn (``ING``). ``?publicatie=REF`` for one
vacancy, ``?status=CODE`` for one state.

``id`` is Voorrang's number of the offer. VERA's Aanbieding has no dates of its own: when it
was made, its deadline, the viewing and the decision travel in ``extra-attributen``. The
explanation of a refusal in the candidate's own words stays on the staff pages."""

from __future__ import annotations

from typing import Any

from voorrang.allocation.models import Offer
from voorrang.allocation.states import OfferState
from voorrang.api.vera import codes
from voorrang.api.vera.people import SeekerNaming
from voorrang.api.vera.publicaties import publicatie_sleutels
from voorrang.api.vera.reading import VeraReadViewSet, choice


def detail_of(offer: Offer) -> dict[str, str] | None:
    if offer.state == OfferState.REFUSED:
        return codes.AANBIEDINGDETAILSTATUS.get(offer.refusal_reason)
    if offer.state == OfferState.EXPIRED:
        return codes.DETAIL_REACTIETERMIJN
    return None


def aanbieding(offer: Offer, naming: SeekerNaming) -> dict[str, Any]:
    extra = [
        {"naam": "aangebodenOp", "waarde": codes.stamp(offer.made_at)},
        {"naam": "reactietermijn", "waarde": codes.stamp(offer.deadline)},
    ]
    if offer.viewing_at:
        extra.append({"naam": "bezichtiging", "waarde": codes.stamp(offer.viewing_at)})
    if offer.decided_at:
        extra.append({"naam": "besluitOp", "waarde": codes.stamp(offer.decided_at)})
    if offer.refusal_reason:
        extra.append({"naam": "weigerreden", "waarde": offer.refusal_reason})
    return codes.without_empty(
        {
            "id": str(offer.pk),
            "code": str(offer.pk),
            "status": codes.AANBIEDINGSTATUS[offer.state],
            "detailStatus": detail_of(offer),
            "publicatie": publicatie_sleutels(offer.vacancy),
            "relatie": {"id": naming.of(offer.seeker), "soort": codes.NATUURLIJK_PERSOON},
            "extra-attributen": extra,
        }
    )


def _states_by_status() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for state, status in codes.AANBIEDINGSTATUS.items():
        found.setdefault(status["code"], []).append(state)
    return found


class AanbiedingViewSet(VeraReadViewSet):
    scope_family = "WRV"
    scope_resource = "Aanbiedingen"

    def _offers(self):
        return Offer.objects.select_related("vacancy", "seeker").order_by("-made_at", "-id")

    def check_reader(self, request) -> None:
        SeekerNaming(request.user)

    def records(self, request):
        offers = self._offers()
        if reference := request.query_params.get("publicatie"):
            offers = offers.filter(vacancy__reference=reference)
        if states := choice(request, "status", _states_by_status()):
            offers = offers.filter(state__in=states)
        return offers

    def find(self, identifier: str):
        if not identifier.isdigit():
            return None
        return self._offers().filter(pk=int(identifier)).first()

    def context(self, request, records: list[Offer]) -> SeekerNaming:
        return SeekerNaming(request.user)

    def body(self, record: Offer, context: SeekerNaming) -> dict[str, Any]:
        return aanbieding(record, context)
