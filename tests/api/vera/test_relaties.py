"""``/api/vera/relaties``: the seekers as VERA's Relatie (natural person, household as a group);
for the evaluation institute's client pseudonyms only."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from tests.api.clients import api_client
from tests.api.vera.contract import vera_errors
from tests.factories import SeekerFactory
from voorrang.evaluation.research import pseudonym
from voorrang.roles import Role

pytestmark = pytest.mark.django_db

SPEC = "WRV.yaml"
SCHEMA = "Relaties-Relatiebericht"
KIND = "Relaties-NatuurlijkPersoon"
KEY = "r" * 40


@pytest.fixture
def seeker():
    return SeekerFactory(
        registration_number="W777001",
        source_id="PLATFORM-42",
        email="zeldzaam@example.org",
        phone="0612345678",
        household=[dt.date(1971, 3, 14), dt.date(2012, 6, 1)],
    )


def test_letting_staff_read_the_seeker_with_the_household(seeker) -> None:
    _c, key = api_client("erp", "WRV.Relaties.Read")
    http = APIClient()
    answer = http.get("/api/vera/relaties", HTTP_X_API_KEY=key)
    assert answer.status_code == 200
    assert vera_errors(SPEC, SCHEMA, answer.json(), kind=KIND, many=True) == []
    [body] = answer.json()
    assert body["id"] == "W777001" and body["idExtern"] == "PLATFORM-42"
    assert body["geboortedatum"] == "1971-03-14"
    assert body["rollen"] == [{"soort": {"code": "WON", "naam": "Woningzoekende"}}]
    assert body["groepen"][0]["detailSoort"]["code"] == "HUI"
    assert [r["rollen"] for r in body["relaties"]] == [[{"code": "MBW"}]]
    item = http.get("/api/vera/relaties/W777001", HTTP_X_API_KEY=key)
    assert item.json() == body
    assert vera_errors(SPEC, SCHEMA, item.json(), kind=KIND) == []
    found = http.get("/api/vera/relaties?idExtern=PLATFORM-42", HTTP_X_API_KEY=key).json()
    assert [r["id"] for r in found] == ["W777001"]
    assert http.get("/api/vera/relaties?idExtern=NOPE", HTTP_X_API_KEY=key).json() == []
    assert http.get("/api/vera/relaties/W000000", HTTP_X_API_KEY=key).status_code == 404


def test_the_researcher_gets_the_research_exports_pseudonym_and_nothing_about_the_person(
    seeker, settings
) -> None:
    settings.VOORRANG_RESEARCH_KEY = KEY
    _c, key = api_client("instituut", "WRV.Relaties.Read", role=Role.RESEARCHER.value)
    http = APIClient()
    answer = http.get("/api/vera/relaties", HTTP_X_API_KEY=key)
    assert answer.status_code == 200
    assert vera_errors(SPEC, SCHEMA, answer.json(), kind=KIND, many=True) == []
    alias = pseudonym(KEY.encode(), "seeker", "W777001")
    assert answer.json() == [
        {
            "id": alias,
            "soort": {"code": "NAT", "naam": "Natuurlijke persoon"},
            "rollen": [{"soort": {"code": "WON", "naam": "Woningzoekende"}}],
        }
    ]
    item = http.get(f"/api/vera/relaties/{alias}", HTTP_X_API_KEY=key)
    assert item.status_code == 200 and item.json()["id"] == alias
    # The registration number is no way in for the researcher.
    assert http.get("/api/vera/relaties/W777001", HTTP_X_API_KEY=key).status_code == 404
    raw = http.get("/api/vera/relaties?idExtern=PLATFORM-42", HTTP_X_API_KEY=key).content
    for value in (b"W777001", b"PLATFORM-42", b"zeldzaam", b"0612345678", b"1971", b"Naam"):
        assert value not in raw


def test_without_the_controllers_key_the_researcher_gets_no_pseudonyms(seeker, settings):
    settings.VOORRANG_RESEARCH_KEY = ""
    _c, key = api_client("instituut", "WRV.Relaties.Read", role=Role.RESEARCHER.value)
    answer = APIClient().get("/api/vera/relaties", HTTP_X_API_KEY=key)
    assert answer.status_code == 503
    assert vera_errors(SPEC, "Foutbericht", answer.json()) == []
    assert b"W777001" not in answer.content


def test_paging_no_key_and_the_other_roles(seeker, django_assert_max_num_queries) -> None:
    for _n in range(25):
        SeekerFactory()
    _c, key = api_client("erp", "WRV.All.Read")
    http = APIClient()
    with django_assert_max_num_queries(8):
        answer = http.get(
            "/api/vera/relaties?pagina=1",
            HTTP_X_API_KEY=key,
            HTTP_X_PARAMETERS_AANTALPERPAGINA="25",
        )
    assert len(answer.json()) == 25 and answer["X-Parameters-Aantal"] == "26"
    assert answer["X-Parameters-Pagina"] == "1" and "X-Parameters-Cursor" in answer
    last = http.get(
        "/api/vera/relaties?pagina=2", HTTP_X_API_KEY=key, HTTP_X_PARAMETERS_AANTALPERPAGINA="25"
    )
    assert len(last.json()) == 1 and "X-Parameters-Cursor" not in last
    bad = http.get(
        "/api/vera/relaties", HTTP_X_API_KEY=key, HTTP_X_PARAMETERS_AANTALPERPAGINA="500"
    )
    assert bad.status_code == 400
    assert bad.json()["omschrijving"].startswith("X-Parameters-AantalPerPagina: ")
    assert http.get("/api/vera/relaties").status_code == 401
    _c, other = api_client("platform", "WRV.Publicaties.Read")
    assert http.get("/api/vera/relaties", HTTP_X_API_KEY=other).status_code == 403
    for role in (Role.POLICY, Role.STAFF_WELFARE):
        _c, k = api_client(f"c-{role.value}", "WRV.Relaties.Read", role=role.value)
        assert http.get("/api/vera/relaties", HTTP_X_API_KEY=k).status_code == 403
