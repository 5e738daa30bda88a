"""``/api/vera/eenheden``: the housing stock as VERA's Eenheid (WRV.yaml
``Eenheden-Eenheidbericht``).

``id`` is Voorrang's number of the unit, ``idExtern`` the id in the corporation's own system
(``Unit.source_id``) and ``idGegevensbeheerder`` the id at the keeper of the data, which for a
home is the BAG verblijfsobject. The building is the pand, its complex the cluster."""

from __future__ import annotations

from typing import Any

from voorrang.api.vera import codes
from voorrang.api.vera.reading import VeraReadViewSet
from voorrang.housing.models import Unit


def address_line(unit: Unit) -> str:
    addition = f"-{unit.addition}" if unit.addition else ""
    return f"{unit.street} {unit.number}{addition}"


def eenheid_adres(unit: Unit, *, line: bool = True) -> dict[str, Any]:
    """VERA's Eenheidadres. (Its ``adres`` is a ``oneOf`` of shapes that each accept any
    address, so no address can match exactly one; the body is the Eenheidadres, the shape
    meant for a unit.) ``line``: with the whole address in one line, which the Eenheidadres
    of the resource Eenheden has and that of Publicaties has not."""
    return codes.without_empty(
        {
            "adres": address_line(unit) if line else None,
            "straatnaam": unit.street,
            "huisnummer": str(unit.number),
            "huisnummerToevoeging": unit.addition,
            "postcode": unit.postcode,
            "woonplaats": {"naam": unit.town},
        }
    )


def eenheid_sleutels(unit: Unit) -> dict[str, Any]:
    """The keys by which another resource points to a unit."""
    return codes.without_empty(
        {"id": str(unit.pk), "idExtern": unit.source_id, "idGegevensbeheerder": unit.bag_id}
    )


def eenheid(unit: Unit) -> dict[str, Any]:
    building = unit.building
    return codes.without_empty(
        {
            **eenheid_sleutels(unit),
            "code": str(unit.pk),
            "soort": codes.WOONRUIMTE,
            "naam": str(unit),
            "adres": eenheid_adres(unit),
            "kamersAantal": unit.rooms,
            "etage": unit.floor,
            "oppervlakten": [{"soort": codes.WOON_OF_WERKOPPERVLAKTE, "waarde": unit.surface_m2}],
            "brutohuur": float(unit.rent + unit.service_costs),
            "prijscomponenten": [
                {
                    "soort": codes.NETTO_HUUR,
                    "detailSoort": codes.KALE_HUUR,
                    "bedrag": float(unit.rent),
                },
                {"soort": codes.SERVICE, "bedrag": float(unit.service_costs)},
            ],
            "panden": [{"id": str(building.pk), "code": building.name, "liftAanwezig": unit.lift}],
            "clusters": [
                {
                    "id": str(building.complex.pk),
                    "code": building.complex.name,
                    "soort": codes.CLUSTER_MARKT,
                    "naam": building.complex.name,
                }
            ],
        }
    )


class EenheidViewSet(VeraReadViewSet):
    scope_family = "WRV"
    scope_resource = "Eenheden"

    def _units(self):
        return Unit.objects.select_related("building__complex").order_by("pk")

    def records(self, request):
        units = self._units()
        if source_id := request.query_params.get("idExtern"):
            units = units.filter(source_id=source_id)
        return units

    def find(self, identifier: str):
        if not identifier.isdigit():
            return None
        return self._units().filter(pk=int(identifier)).first()

    def body(self, record: Unit, context: Any) -> dict[str, Any]:
        return eenheid(record)
