"""``/api/vera/kandidaten``: the candidates of a vacancy, as VERA's Kandidaat (WRV.yaml
``Kandidaten-Kandidaatbericht``): the vacancy's current stored ranking, position by position,
with the reason of each position (``?publicatie=REF`` for one vacancy).

``id`` is ``REFERENCE.RANKING.POSITION`` (the vacancy, the number of its ranking, the
position); ``relatie`` the seeker, as a natuurlijk persoon (VERA's ``oneOf`` of a person and a
household accepts any object under both, so it cannot tell them apart; the body is the
person's shape). VERA's Kandidaat has no publicatie and no reason: they travel in
``extra-attributen``, with the tier, the lottery number and the registration date."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import formats, translation
from django.utils.translation import gettext as _

from voorrang.allocation.models import Offer, RankingEntry
from voorrang.allocation.selectors.wording import tier_label
from voorrang.allocation.states import OfferState
from voorrang.api.vera import codes
from voorrang.api.vera.eenheden import eenheid_sleutels
from voorrang.api.vera.people import SeekerNaming
from voorrang.api.vera.reading import VeraReadViewSet


@dataclass(frozen=True)
class Candidates:
    naming: SeekerNaming
    offers: dict[tuple[int, int], Offer]


def offers_of(entries: list[RankingEntry]) -> dict[tuple[int, int], Offer]:
    if not entries:
        return {}
    offers = Offer.objects.filter(
        vacancy_id__in={e.ranking.vacancy_id for e in entries},
        seeker_id__in={e.seeker_id for e in entries},
    ).only("id", "vacancy_id", "seeker_id", "state")
    return {(o.vacancy_id, o.seeker_id): o for o in offers}


def kandidaat_id(entry: RankingEntry) -> str:
    return f"{entry.ranking.vacancy.reference}.{entry.ranking.sequence}.{entry.position}"


def reason(entry: RankingEntry, *, pseudonymous: bool) -> str:
    """Why the candidate holds this position, in the words of the staff page."""
    with translation.override("nl"):
        tier = str(tier_label(entry.tier))
        if entry.lottery:
            return _("%(tier)s; lottery number %(number)s") % {
                "tier": tier,
                "number": entry.lottery,
            }
        if pseudonymous:
            return tier
        return _("%(tier)s; registered on %(date)s") % {
            "tier": tier,
            "date": formats.date_format(entry.registered_on, "j F Y"),
        }


def status_of(offer: Offer | None) -> tuple[dict[str, str], dict[str, str] | None]:
    if offer is None:
        return codes.KANDIDAAT_GESELECTEERD, None
    if offer.state == OfferState.ACCEPTED:
        return codes.KANDIDAAT_TOEGEWEZEN, None
    if offer.state == OfferState.REFUSED:
        return codes.KANDIDAAT_GEWEIGERD, None
    if offer.state == OfferState.VIEWING_PLANNED:
        return codes.KANDIDAAT_AANGEBODEN, codes.DETAIL_BEZICHTIGING
    if offer.state == OfferState.OPEN:
        return codes.KANDIDAAT_AANGEBODEN, None
    # An offer that expired or was withdrawn: the candidate stays on the list.
    return codes.KANDIDAAT_GESELECTEERD, None


def kandidaat(entry: RankingEntry, naming: SeekerNaming, offer: Offer | None) -> dict[str, Any]:
    vacancy = entry.ranking.vacancy
    status, detail = status_of(offer)
    extra = [
        {"naam": "publicatie", "waarde": vacancy.reference},
        {"naam": "voorrang", "waarde": entry.tier},
        {"naam": "reden", "waarde": reason(entry, pseudonymous=naming.pseudonymous)},
    ]
    if entry.lottery:
        extra.append({"naam": "lotnummer", "waarde": entry.lottery})
    if not naming.pseudonymous:
        extra.append({"naam": "inschrijfdatum", "waarde": entry.registered_on.isoformat()})
    return codes.without_empty(
        {
            "id": kandidaat_id(entry),
            "code": kandidaat_id(entry),
            "status": status,
            "detailStatus": detail,
            "positie": entry.position,
            "relatie": {"id": naming.of(entry.seeker), "soort": codes.NATUURLIJK_PERSOON},
            "eenheid": eenheid_sleutels(vacancy.unit),
            "extra-attributen": extra,
        }
    )


def current_entries():
    return RankingEntry.objects.filter(ranking__is_current=True).select_related(
        "ranking__vacancy__unit", "seeker"
    )


def vacancy_candidates(reference: str):
    """The candidate list of one vacancy, in order (the export reads it too)."""
    return current_entries().filter(ranking__vacancy__reference=reference).order_by("position")


class KandidaatViewSet(VeraReadViewSet):
    scope_family = "WRV"
    scope_resource = "Kandidaten"

    def check_reader(self, request) -> None:
        SeekerNaming(request.user)

    def records(self, request):
        if reference := request.query_params.get("publicatie"):
            return vacancy_candidates(reference)
        return current_entries().order_by("-ranking__vacancy__closes_on", "ranking_id", "position")

    def find(self, identifier: str):
        parts = identifier.rsplit(".", 2)
        if len(parts) != 3 or not parts[1].isdigit() or not parts[2].isdigit():
            return None
        reference, sequence, position = parts
        return (
            RankingEntry.objects.select_related("ranking__vacancy__unit", "seeker")
            .filter(
                ranking__vacancy__reference=reference,
                ranking__sequence=int(sequence),
                position=int(position),
            )
            .first()
        )

    def context(self, request, records: list[RankingEntry]) -> Candidates:
        return Candidates(naming=SeekerNaming(request.user), offers=offers_of(records))

    def body(self, record: RankingEntry, context: Candidates) -> dict[str, Any]:
        offer = context.offers.get((record.ranking.vacancy_id, record.seeker_id))
        return kandidaat(record, context.naming, offer)
