"""VERA's reference data (Referentiedata ``{code, naam}``) for Voorrang's states and rules
(publicaties, kandidaten, aanbiedingen, eenheden, reacties and voorrangsregelingen first, then
toewijzingen, relaties, overeenkomsten and reclamaties).

Every code here is in Aedes' published list (``Aedes-datastandaarden/vera-referentiedata``,
``Referentiedata.csv``), under the soort named beside it. Where VERA has no list (the state of
a reactie) the resource says it in words instead of inventing a code."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone


def ref(code: str, naam: str) -> dict[str, str]:
    return {"code": code, "naam": naam}


# PUBLICATIEMODEL: a lottery is the Lotingmodel; ordering by registration time is the
# Aanbodmodel (the home is offered to all who fit, the rules decide the order).
PUBLICATIEMODEL = {
    "lottery": ref("LOT", "Lotingmodel"),
    "registration": ref("AAN", "Aanbodmodel"),
}

# PUBLICATIESTATUS by the vacancy's state (a draft is not a publicatie).
PUBLICATIESTATUS = {
    "published": ref("GEP", "Gepubliceerd"),
    "closed": ref("AAN", "In aanbieding"),
    "ranked": ref("AAN", "In aanbieding"),
    "offering": ref("AAN", "In aanbieding"),
    "let": ref("AFG", "Afgerond"),
    "withdrawn": ref("ING", "Ingetrokken"),
}

# PUBLICATIEINTAKEVORM: the welfare organisation's intake (motivation and commitment) decides
# the targeted track.
INTAKE_MOTIVATIE = ref("MOT", "Motivatie")

# VOORRANGSOORT (and EENHEIDCRITERIUMSOORT, which has the same codes) by the tier of the rules
# engine. The commitment is a group priority: it is no urgency, tie or indication.
VOORRANGSOORT = {
    "commitment": ref("GRO", "Groep"),
    "urgency": ref("URG", "Urgentie"),
    "local": ref("BIN", "Binding"),
}
CRITERIUM_SORTERING = ref("SOR", "Sortering")

# KANDIDAATSTATUS
KANDIDAAT_GESELECTEERD = ref("SEL", "Geselecteerd")
KANDIDAAT_AANGEBODEN = ref("AAN", "Aangeboden")
KANDIDAAT_GEWEIGERD = ref("GEW", "Geweigerd")
KANDIDAAT_TOEGEWEZEN = ref("TOE", "Toegewezen")

# AANBIEDINGSTATUS by the offer's state.
AANBIEDINGSTATUS = {
    "open": ref("AAN", "Aangeboden"),
    "viewing": ref("AAN", "Aangeboden"),
    "accepted": ref("TOE", "Toegewezen"),
    "refused": ref("GEW", "Geweigerd"),
    "expired": ref("ING", "Ingetrokken"),
    "withdrawn": ref("ING", "Ingetrokken"),
}
# AANBIEDINGDETAILSTATUS by the reason of a refusal ("other" has no code of its own).
AANBIEDINGDETAILSTATUS = {
    "location": ref("WOB", "Woonomgeving bevalt niet"),
    "size": ref("WBN", "Woning bevalt niet"),
    "rent": ref("HUU", "Huurprijs te hoog"),
    "floor": ref("WBN", "Woning bevalt niet"),
    "circumstances": ref("PER", "Persoonlijke omstandigheden"),
    "found_elsewhere": ref("GEE", "Geen belangstelling meer"),
    "no_reply": ref("REA", "Reactietermijn verlopen"),
}
DETAIL_BEZICHTIGING = ref("BEZ", "Bezichtiging")
DETAIL_REACTIETERMIJN = ref("REA", "Reactietermijn verlopen")

# EENHEIDSOORT, OPPERVLAKTESOORT, PRIJSCOMPONENTSOORT(/DETAILSOORT), CLUSTERSOORT, RELATIESOORT
WOONRUIMTE = ref("WOO", "Woonruimte")
WOON_OF_WERKOPPERVLAKTE = ref("WOW", "De woon of werk oppervlakte")
NETTO_HUUR = ref("NET", "Netto Huur")
KALE_HUUR = ref("KAL", "Kale huur")
SERVICE = ref("SER", "Service")
CLUSTER_MARKT = ref("MAR", "Markt")
NATUURLIJK_PERSOON = ref("NAT", "Natuurlijke persoon")


def stamp(value: dt.datetime | None) -> str | None:
    """A moment as VERA writes it: UTC, to the second, with a Z (VERA's validation regex)."""
    if value is None:
        return None
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def moment(day: dt.date | None, *, end: bool = False) -> str | None:
    """A date as VERA's date-time: the start (or the end) of that day in Voorrang's zone."""
    if day is None:
        return None
    at = dt.time(23, 59, 59) if end else dt.time(0, 0)
    return stamp(timezone.make_aware(dt.datetime.combine(day, at)))


def without_empty(body: dict[str, Any]) -> dict[str, Any]:
    """VERA leaves out what is not known rather than sending null."""
    return {key: value for key, value in body.items() if value not in (None, "", [])}


# VOORRANGSOORT: the tiers of the rules engine that are a priority. The targeted track's
# commitment is a group (GRO: "voorrang voor woningzoekenden die tot een bepaalde groep
# behoren"); the usual order ("regular") is no voorrangsregeling at all.
TIER_PRIORITY: dict[str, tuple[dict[str, Any], str]] = {
    "commitment": (ref("GRO", "Groep"), "Gerichte toewijzing (inzet)"),
    "urgency": (ref("URG", "Urgentie"), "Urgentie"),
    "local": (ref("BIN", "Binding"), "Lokale binding"),
}
# OVEREENKOMSTSOORT
INSCHRIJVING = ref("INS", "Inschrijving")
HUUROVEREENKOMST = ref("HUU", "Huurovereenkomst")
# OVEREENKOMSTSTATUS: a registration runs until the household is housed or it ends.
OVEREENKOMST_STATUS = {
    "active": ref("LOP", "Lopend"),
    "housed": ref("BEE", "Beeindigd"),
    "ended": ref("BEE", "Beeindigd"),
}
# INSCHRIJVINGHERKOMST: typed in by the seeker, by staff, or brought from another system.
HERKOMST_SEEKER = ref("WOO", "Woningzoekende")
HERKOMST_STAFF = ref("MED", "Medewerker")
HERKOMST_MIGRATION = ref("MIG", "Migratie")
# RELATIESOORT, RELATIEDETAILSOORT, RELATIEROLSOORT
RELATIEGROEP = ref("GRO", "Relatiegroep")
HUISHOUDEN = ref("HUI", "Huishouden")
WONINGZOEKENDE = ref("WON", "Woningzoekende")
MEDEBEWONER = ref("MBW", "Medebewoner")
# KANDIDAATSTATUS
TOEGEWEZEN = ref("TOE", "Toegewezen")
# RECLAMATIESOORT, RECLAMATIESTATUS. VERA has no status for a withdrawn objection: it is
# given without a status and with its end date.
BEZWAAR = ref("BEZ", "Bezwaar")
RECLAMATIE_STATUS = {
    "lodged": ref("ING", "Ingediend"),
    "upheld": ref("TOE", "Toegekend"),
    "rejected": ref("AFG", "Afgewezen"),
}
