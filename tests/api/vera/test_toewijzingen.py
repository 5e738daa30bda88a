"""``/api/vera/toewijzingen``: the lettings as VERA's Toewijzing, exactly VERA's bodies, with
VERA's paging; the commitment's priority as a voorrangsregeling of kind GRO."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.api.clients import api_client
from tests.api.vera.contract import lettings, vera_errors
from voorrang.roles import Role

pytestmark = pytest.mark.django_db

SPEC = "WRV.yaml"
SCHEMA = "Toewijzingen-Toewijzingbericht"


@pytest.fixture
def key():
    return api_client("erp", "WRV.Toewijzingen.Read")[1]


def test_a_letting_through_the_commitment_carries_the_priority_gro_the_usual_one_none(key):
    targeted, usual = lettings(2, tier_commitment=1)
    assert targeted.tier == "commitment" and usual.tier != "commitment"
    http = APIClient()
    answer = http.get("/api/vera/toewijzingen", HTTP_X_API_KEY=key)
    assert answer.status_code == 200
    body = answer.json()
    assert vera_errors(SPEC, SCHEMA, body, many=True) == []
    by_code = {item["code"]: item for item in body}
    first = by_code[targeted.vacancy.reference]
    assert first["voorrangsregelingen"][0]["soort"] == {"code": "GRO", "naam": "Groep"}
    assert first["kandidaat"]["relatie"]["id"] == targeted.seeker.registration_number
    assert first["kandidaat"]["status"]["code"] == "TOE"
    assert (first["kandidaat"]["aantalVolwassenen"], first["kandidaat"]["aantalKinderen"]) == (1, 0)
    assert first["eenheid"]["id"] == str(targeted.unit_id)
    assert first["extra-attributen"] == [
        {"naam": "publicatie", "waarde": targeted.vacancy.reference}
    ]
    assert by_code[usual.vacancy.reference]["voorrangsregelingen"] == []
    item = http.get(f"/api/vera/toewijzingen/{first['id']}", HTTP_X_API_KEY=key)
    assert item.status_code == 200
    assert item.json() == first
    assert vera_errors(SPEC, SCHEMA, item.json()) == []


def test_paging_as_vera_says_and_a_bounded_number_of_queries(key, django_assert_max_num_queries):
    lettings(26)
    http = APIClient()
    with django_assert_max_num_queries(12):
        answer = http.get(
            "/api/vera/toewijzingen", HTTP_X_API_KEY=key, HTTP_X_PARAMETERS_AANTALPERPAGINA="25"
        )
    assert len(answer.json()) == 25
    assert answer["X-Parameters-Aantal"] == "26"
    assert answer["X-Parameters-AantalPerPagina"] == "25"
    assert answer["X-Parameters-Pagina"] == "1"
    cursor = answer["X-Parameters-Cursor"]
    second = http.get(
        f"/api/vera/toewijzingen?cursor={cursor}",
        HTTP_X_API_KEY=key,
        HTTP_X_PARAMETERS_AANTALPERPAGINA="25",
    )
    assert len(second.json()) == 1 and "X-Parameters-Cursor" not in second
    assert {i["id"] for i in answer.json()}.isdisjoint(i["id"] for i in second.json())


def test_filters_and_bad_input_name_the_field(key):
    one, _other = lettings(2)
    http = APIClient()
    answer = http.get(f"/api/vera/toewijzingen?code={one.vacancy.reference}", HTTP_X_API_KEY=key)
    assert [i["code"] for i in answer.json()] == [one.vacancy.reference]
    answer = http.get(f"/api/vera/toewijzingen?eenheid.id={one.unit_id}", HTTP_X_API_KEY=key)
    assert [i["eenheid"]["id"] for i in answer.json()] == [str(one.unit_id)]
    bad = http.get("/api/vera/toewijzingen?eenheid.id=abc", HTTP_X_API_KEY=key)
    assert bad.status_code == 400
    assert vera_errors(SPEC, "Foutbericht", bad.json()) == []
    assert bad.json()["omschrijving"].startswith("eenheid.id: ")
    bad = http.get("/api/vera/toewijzingen?pagina=0", HTTP_X_API_KEY=key)
    assert bad.status_code == 400 and "pagina" in bad.json()["omschrijving"]
    missing = http.get("/api/vera/toewijzingen/V-NONE-1", HTTP_X_API_KEY=key)
    assert missing.status_code == 404
    assert vera_errors(SPEC, "Foutbericht", missing.json()) == []


def test_no_key_401_another_scope_403_another_role_403():
    http = APIClient()
    assert http.get("/api/vera/toewijzingen").status_code == 401
    _c, other = api_client("platform", "WRV.Publicaties.Read")
    assert http.get("/api/vera/toewijzingen", HTTP_X_API_KEY=other).status_code == 403
    _c, policy = api_client("gemeente", "WRV.All.Read", role=Role.POLICY.value)
    answer = http.get("/api/vera/toewijzingen", HTTP_X_API_KEY=policy)
    assert answer.status_code == 403
    assert set(answer.json()) == {"code", "omschrijving"}
