"""/api/vera/eenheden (read): the units in VERA's Eenheid, with the BAG verblijfsobject and
the source system's id."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from tests.api.vera.letting import client_with
from tests.api.vera.shapes import vera_errors
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

SHAPES = {"adres": "Eenheden-Eenheidadres"}


def errors(body, many=False):
    return vera_errors("WRV.yaml", "Eenheden-Eenheidbericht", body, many=many, shapes=SHAPES)


def test_a_unit_is_a_vera_eenheid_with_its_address_bag_id_rooms_surface_rent_and_building() -> None:
    unit = UnitFactory(
        source_id="ERP-7",
        bag_id="0310010000000007",
        addition="B",
        rent=Decimal("612.50"),
        service_costs=Decimal("40.00"),
    )
    http = client_with("WRV.Eenheden.Read")

    body = http.get(f"/api/vera/eenheden/{unit.pk}").json()

    assert errors(body) == []
    assert body["idExtern"] == "ERP-7"
    assert body["idGegevensbeheerder"] == "0310010000000007"
    assert body["adres"]["postcode"] == "3706 AA"
    assert body["adres"]["huisnummerToevoeging"] == "B"
    assert body["kamersAantal"] == 3
    assert body["oppervlakten"] == [
        {"soort": {"code": "WOW", "naam": "De woon of werk oppervlakte"}, "waarde": 72}
    ]
    assert body["brutohuur"] == 652.5
    assert body["prijscomponenten"][0]["bedrag"] == 612.5
    assert body["panden"][0]["code"] == "L-flat"
    assert body["clusters"][0]["naam"] == unit.building.complex.name


def test_the_list_pages_and_filters_on_the_source_id(django_assert_max_num_queries) -> None:
    for n in range(25):
        UnitFactory(source_id=f"ERP-{n}")
    http = client_with("WRV.All.Read")

    with django_assert_max_num_queries(5):
        answer = http.get("/api/vera/eenheden", HTTP_X_PARAMETERS_AANTALPERPAGINA="25")
    found = http.get("/api/vera/eenheden", {"idExtern": "ERP-3"}).json()

    assert errors(answer.json(), many=True) == []
    assert answer["X-Parameters-Aantal"] == "25"
    assert [e["idExtern"] for e in found] == ["ERP-3"]


def test_no_key_401_wrong_scope_403_unknown_404() -> None:
    assert APIClient().get("/api/vera/eenheden").status_code == 401
    assert client_with("WRV.Publicaties.Read").get("/api/vera/eenheden").status_code == 403
    http = client_with("WRV.Eenheden.Read", name="erp-2")
    for identifier in ("999", "abc"):
        answer = http.get(f"/api/vera/eenheden/{identifier}")
        assert answer.status_code == 404
        assert set(answer.json()) == {"code", "omschrijving"}
