"""VERA's reference data (Aedes, ``vera-referentiedata``: ``Referentiedata.csv``) for the
resources toewijzingen, relaties, overeenkomsten and reclamaties: each value as VERA's
``{code, naam}``."""

from __future__ import annotations

from typing import Any


def ref(code: str, naam: str) -> dict[str, Any]:
    return {"code": code, "naam": naam}


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
NATUURLIJK_PERSOON = ref("NAT", "Natuurlijke persoon")
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
