"""VERA's writes: an ERP posts eenheden, a platform posts reacties. One body is an import of
one row: the same checks, the same services, audited under the client's account."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.api.clients import api_client
from tests.api.specifications import schema_errors
from tests.factories import BuildingFactory, SeekerFactory, VacancyFactory
from voorrang.allocation.models import Response
from voorrang.allocation.states import VacancyState
from voorrang.audit.models import AuditEvent
from voorrang.housing.models import Unit

pytestmark = pytest.mark.django_db

WRV = "WRV.yaml"
WOON = "Woonruimteverdeling.yaml"


def eenheid(**changes):
    body = {
        "idExtern": "ERP-100",
        "idGegevensbeheerder": "0355010000000100",
        "soort": {"code": "WON", "naam": "Woonruimte"},
        "clusters": [{"naam": "L-flat"}],
        "adres": {
            "straatnaam": "Laan van Vollenhove",
            "huisnummer": "100",
            "postcode": "3706AA",
            "woonplaats": {"naam": "Zeist"},
        },
        "kamersAantal": 3,
        "etage": 2,
        "oppervlakten": [{"soort": {"code": "GBO", "naam": "Gebruiksoppervlakte"}, "waarde": 70}],
        "prijscomponenten": [
            {"detailSoort": {"code": "KAL", "naam": "Kale huur"}, "bedrag": 640.0}
        ],
    }
    body.update(changes)
    return body


def eenheid_errors(schema: str, body: dict) -> list[str]:
    """VERA's ``adres`` of an Eenheid is ``oneOf`` three schemas that every address matches
    (none has a required property), so no address passes ``oneOf``: the address is checked
    against the one it is, Eenheden-Eenheidadres, and the rest against the Eenheid."""
    rest = {key: value for key, value in body.items() if key != "adres"}
    errors = schema_errors(WRV, schema, rest)
    if "adres" in body:
        errors += schema_errors(WRV, "Eenheden-Eenheidadres", body["adres"])
    return errors


def client_with(*scopes: str):
    client, key = api_client("erp", *scopes)
    http = APIClient()
    http.credentials(HTTP_X_API_KEY=key)
    return client, http


def test_the_request_bodies_of_these_tests_are_vera_bodies() -> None:
    assert eenheid_errors("Eenheden-Eenheidbericht", eenheid()) == []
    reactie = {"publicatie": {"id": "V-1"}, "relaties": ["https://platform.example/relaties/P-1"]}
    assert schema_errors(WOON, "Reactiebericht", reactie) == []


def test_an_erp_posts_an_eenheid_and_gets_201_with_its_location() -> None:
    BuildingFactory()
    client, http = client_with("WRV.Eenheden.ReadWrite")
    answer = http.post("/api/vera/eenheden", eenheid(), format="json")
    assert answer.status_code == 201, answer.content
    unit = Unit.objects.get(source_id="ERP-100")
    assert answer["Location"].endswith(f"/api/vera/eenheden/{unit.pk}")
    assert eenheid_errors("Eenheden-Eenheid", answer.json()) == []
    assert (unit.rooms, unit.surface_m2, unit.bag_id) == (3, 70, "0355010000000100")
    events = AuditEvent.objects.filter(action__in=["unit.imported", "import.done"])
    assert {e.actor.username for e in events} == {client.user.username}


def test_posting_the_same_eenheid_again_is_idempotent_and_changes_what_differs() -> None:
    BuildingFactory()
    _client, http = client_with("WRV.Eenheden.ReadWrite")
    assert http.post("/api/vera/eenheden", eenheid(), format="json").status_code == 201
    again = http.post("/api/vera/eenheden", eenheid(kamersAantal=4), format="json")
    assert again.status_code == 200
    assert Unit.objects.count() == 1 and Unit.objects.get().rooms == 4


def test_put_and_patch_change_the_eenheid_by_id() -> None:
    BuildingFactory()
    _client, http = client_with("WRV.Eenheden.ReadWrite")
    pk = http.post("/api/vera/eenheden", eenheid(), format="json").json()["id"]
    patched = http.patch(f"/api/vera/eenheden/{pk}", {"etage": 5}, format="json")
    assert patched.status_code == 200 and patched.json()["etage"] == 5
    assert eenheid_errors("Eenheden-Eenheid", patched.json()) == []
    put = http.put(f"/api/vera/eenheden/{pk}", eenheid(kamersAantal=1), format="json")
    assert put.status_code == 200 and Unit.objects.get().rooms == 1
    assert http.patch("/api/vera/eenheden/999999", {"etage": 1}, format="json").status_code == 404


def test_a_bad_eenheid_is_a_400_foutbericht_naming_the_field_and_writes_nothing() -> None:
    BuildingFactory()
    _client, http = client_with("WRV.Eenheden.ReadWrite")
    body = eenheid(idGegevensbeheerder="123")
    body["adres"]["postcode"] = "1234"
    answer = http.post("/api/vera/eenheden", body, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert answer.status_code == 400
    error = answer.json()
    assert schema_errors(WRV, "Foutbericht", error) == []
    assert "adres.postcode: '1234' is not a Dutch postcode" in error["omschrijving"]
    assert "idGegevensbeheerder: '123' is not a BAG id (16 digits)" in error["omschrijving"]
    assert Unit.objects.count() == 0
    no_id = http.post("/api/vera/eenheden", eenheid(idExtern=""), format="json")
    assert no_id.status_code == 400 and "idExtern" in no_id.json()["omschrijving"]
    assert http.post("/api/vera/eenheden", [1, 2], format="json").status_code == 400


def test_writing_eenheden_needs_the_readwrite_scope() -> None:
    _client, http = client_with("WRV.Eenheden.Read")
    assert http.post("/api/vera/eenheden", eenheid(), format="json").status_code == 403
    assert APIClient().post("/api/vera/eenheden", eenheid(), format="json").status_code == 401


def test_a_platform_posts_a_reactie_through_the_response_rules() -> None:
    seeker = SeekerFactory(source_id="P-1")
    vacancy = VacancyFactory(state=VacancyState.PUBLISHED)
    client, http = client_with("Woonruimteverdeling.Reacties.ReadWrite")
    body = {"publicatie": {"id": vacancy.reference}, "relaties": ["https://p.example/relaties/P-1"]}
    answer = http.post("/api/vera/reacties", body, format="json")
    assert answer.status_code == 201, answer.content
    assert schema_errors(WOON, "Reactiebericht", answer.json()) == []
    response = Response.objects.get(seeker=seeker, vacancy=vacancy)
    assert answer["Location"].endswith(f"/api/vera/reacties/{response.pk}")
    event = AuditEvent.objects.get(action="response.created")
    assert event.actor == client.user
    # The same reactie again: nothing new.
    assert http.post("/api/vera/reacties", body, format="json").status_code == 200
    assert Response.objects.count() == 1


def test_a_reactie_the_rules_refuse_is_a_400_naming_the_field() -> None:
    SeekerFactory(source_id="P-1")
    vacancy = VacancyFactory(state=VacancyState.WITHDRAWN)
    _client, http = client_with("Woonruimteverdeling.Reacties.ReadWrite")
    body = {"publicatie": {"id": vacancy.reference}, "relaties": ["https://p.example/relaties/P-1"]}
    answer = http.post("/api/vera/reacties", body, format="json")
    assert answer.status_code == 400
    assert schema_errors(WRV, "Foutbericht", answer.json()) == []
    unknown = http.post(
        "/api/vera/reacties",
        {"publicatie": {"id": "V-NOPE"}, "relaties": ["https://p.example/relaties/P-1"]},
        format="json",
    )
    assert unknown.status_code == 400 and "publicatie.id" in unknown.json()["omschrijving"]
    assert http.post("/api/vera/reacties", {}, format="json").status_code == 400
    assert Response.objects.count() == 0


def test_posting_reacties_needs_the_readwrite_scope() -> None:
    _client, http = client_with("Woonruimteverdeling.Reacties.Read")
    assert http.post("/api/vera/reacties", {}, format="json").status_code == 403
    assert APIClient().post("/api/vera/reacties", {}, format="json").status_code == 401
