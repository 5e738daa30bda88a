"""VERA's bodies as rows of an import: an Eenheid (WRV), a Relatie with its Inschrijving (WRV)
and a Reactie (Woonruimteverdeling) become the same columns a CSV has, so that one check and
one write serve every door. No Django.

The mapping, field by field, is in docs/api.md (Imports)."""

from __future__ import annotations

from typing import Any

# Where each column of a kind comes from in VERA's body: a problem with a column is reported
# by this name on the VERA interface.
UNIT_FIELDS = {
    "source_id": "idExtern",
    "building": "clusters[].naam",
    "street": "adres.straatnaam",
    "number": "adres.huisnummer",
    "addition": "adres.huisnummerToevoeging",
    "postcode": "adres.postcode",
    "town": "adres.woonplaats.naam",
    "bag_id": "idGegevensbeheerder",
    "rooms": "kamersAantal",
    "floor": "etage",
    "surface_m2": "oppervlakten[].waarde",
    "rent": "prijscomponenten[].bedrag",
    "energy_label": "energieprestatie.label.code",
    "accessibility_label": "toegankelijkheidslabel.code",
}
SEEKER_FIELDS = {
    "source_id": "inschrijving.idExtern",
    "registration_number": "inschrijving.id",
    "registered_on": "inschrijving.begindatum",
    "first_name": "relatie.voornaam",
    "last_name": "relatie.achternaam",
    "birth_date": "relatie.geboortedatum",
    "income": "relatie.inkomens[].brutoJaarinkomen",
    "street": "relatie.adressen[].straatnaam",
    "number": "relatie.adressen[].huisnummer",
    "postcode": "relatie.adressen[].postcode",
    "town": "relatie.adressen[].woonplaats.naam",
}
RESPONSE_FIELDS = {
    "seeker": "relaties[]",
    "vacancy": "publicatie.id",
    "responded_on": "datum",
}
FIELDS = {"units": UNIT_FIELDS, "seekers": SEEKER_FIELDS, "responses": RESPONSE_FIELDS}

# VERA's reference data (Aedes, vera-referentiedata): OPPERVLAKTESOORT GBO is the usable floor
# area (gebruiksoppervlakte, NEN 2580); PRIJSCOMPONENTDETAILSOORT KAL the bare rent (kale
# huur, of PRIJSCOMPONENTSOORT netto huur). TOEGANKELIJKHEIDSLABEL's codes are not at hand:
# the label's code is read as Voorrang's own (none, zero_step, walker, wheelchair).
SURFACE_USABLE = "GBO"
RENT_NET = "KAL"


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _get(body: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(body, dict):
            return None
        body = body.get(key)
    return body


def _first(items: Any, wanted: str | None = None, *where: str) -> Any:
    """The first item of a list (with ``wanted`` as its code at ``where``, if any)."""
    if not isinstance(items, list):
        return None
    for item in items:
        if wanted is None or _get(item, *where) == wanted:
            return item
    return None


def _put(row: dict[str, str | None], column: str, value: Any) -> None:
    text = _text(value)
    if text is not None:
        row[column] = text


def eenheid_row(body: dict[str, Any]) -> dict[str, str | None]:
    """A VERA Eenheid as a row of the units import (only what the body holds)."""
    row: dict[str, str | None] = {}
    _put(row, "source_id", body.get("idExtern"))
    cluster = _first(body.get("clusters"))
    _put(row, "building", _get(cluster, "naam"))
    address = body.get("adres") or {}
    _put(row, "street", _get(address, "straatnaam"))
    _put(row, "number", _get(address, "huisnummer"))
    addition = "".join(
        str(part)
        for part in (address.get("huisletter"), address.get("huisnummerToevoeging"))
        if part
    )
    if "huisletter" in address or "huisnummerToevoeging" in address:
        row["addition"] = addition
    _put(row, "postcode", _get(address, "postcode"))
    _put(row, "town", _get(address, "woonplaats", "naam"))
    _put(row, "bag_id", body.get("idGegevensbeheerder"))
    _put(row, "rooms", body.get("kamersAantal"))
    _put(row, "floor", body.get("etage"))
    surface = _first(body.get("oppervlakten"), SURFACE_USABLE, "soort", "code")
    if surface is None:
        surface = _first(body.get("oppervlakten"))
    _put(row, "surface_m2", _get(surface, "waarde"))
    rent = _first(body.get("prijscomponenten"), RENT_NET, "detailSoort", "code")
    if rent is None:
        rent = _first(body.get("prijscomponenten"))
    _put(row, "rent", _get(rent, "bedrag"))
    _put(row, "energy_label", _get(body, "energieprestatie", "label", "code"))
    _put(row, "accessibility_label", _get(body, "toegankelijkheidslabel", "code"))
    return row


def relatie_row(body: dict[str, Any]) -> dict[str, str | None]:
    """``{"relatie": Relatie, "inschrijving": Inschrijving}`` as a row of the seekers import."""
    row: dict[str, str | None] = {}
    relatie = body.get("relatie") or {}
    registration = body.get("inschrijving") or {}
    _put(row, "source_id", registration.get("idExtern"))
    _put(row, "registration_number", registration.get("id"))
    _put(row, "registered_on", registration.get("begindatum"))
    _put(row, "first_name", relatie.get("voornaam"))
    last = " ".join(
        str(part) for part in (relatie.get("tussenvoegsels"), relatie.get("achternaam")) if part
    )
    if last:
        row["last_name"] = last
    _put(row, "birth_date", relatie.get("geboortedatum"))
    _put(row, "income", _get(_first(relatie.get("inkomens")), "brutoJaarinkomen"))
    address = _first(relatie.get("adressen")) or {}
    _put(row, "street", address.get("straatnaam"))
    _put(row, "number", address.get("huisnummer"))
    _put(row, "postcode", address.get("postcode"))
    _put(row, "town", _get(address, "woonplaats", "naam"))
    return row


def _last_part(uri: Any) -> str | None:
    if not isinstance(uri, str) or not uri.strip("/"):
        return None
    return uri.rstrip("/").rsplit("/", 1)[-1]


def reactie_row(body: dict[str, Any]) -> dict[str, str | None]:
    """A VERA Reactie as a row of the responses import: the seeker is the last part of the
    first of its ``relaties`` (or of its ``overeenkomst``, the Inschrijving), by source id or
    registration number; the vacancy is the ``publicatie``'s id (its reference)."""
    row: dict[str, str | None] = {}
    relaties = body.get("relaties")
    seeker = _last_part(relaties[0]) if isinstance(relaties, list) and relaties else None
    _put(row, "seeker", seeker or _last_part(body.get("overeenkomst")))
    _put(row, "vacancy", _get(body, "publicatie", "id"))
    _put(row, "responded_on", body.get("datum"))
    row["channel"] = "online"
    return row


ROWS = {"units": eenheid_row, "seekers": relatie_row, "responses": reactie_row}
