"""``/api/vera/overeenkomsten``: each registration as VERA's Overeenkomst of kind Inschrijving,
with its registration date, status and the source system's id."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from tests.api.clients import api_client
from tests.api.vera.contract import vera_errors
from tests.factories import SeekerFactory
from voorrang.roles import Role

pytestmark = pytest.mark.django_db

SPEC = "WRV.yaml"
SCHEMA = "Overeenkomsten-Overeenkomstbericht"
KIND = "Overeenkomsten-Inschrijving"


def test_the_registration_is_an_inschrijving_with_its_date_status_and_source() -> None:
    SeekerFactory(
        registration_number="W500001", registered_on=dt.date(2014, 2, 3), source_id="ERP-9"
    )
    SeekerFactory(registration_number="W500002", status="ended", ended_on=dt.date(2025, 1, 1))
    _c, key = api_client("erp", "WRV.Overeenkomsten.Read")
    http = APIClient()
    answer = http.get("/api/vera/overeenkomsten", HTTP_X_API_KEY=key)
    assert answer.status_code == 200
    assert vera_errors(SPEC, SCHEMA, answer.json(), kind=KIND, many=True) == []
    first, ended = answer.json()
    assert first["soort"] == {"code": "INS", "naam": "Inschrijving"}
    assert (first["id"], first["idExtern"], first["begindatum"]) == (
        "W500001",
        "ERP-9",
        "2014-02-03",
    )
    assert first["status"]["code"] == "LOP"
    assert (ended["status"]["code"], ended["einddatum"]) == ("BEE", "2025-01-01")
    item = http.get("/api/vera/overeenkomsten/W500001", HTTP_X_API_KEY=key)
    assert item.json() == first
    assert vera_errors(SPEC, SCHEMA, item.json(), kind=KIND) == []
    running = http.get("/api/vera/overeenkomsten?status.code=LOP", HTTP_X_API_KEY=key).json()
    assert [o["id"] for o in running] == ["W500001"]
    by_source = http.get("/api/vera/overeenkomsten?idExtern=ERP-9", HTTP_X_API_KEY=key).json()
    assert [o["id"] for o in by_source] == ["W500001"]
    assert http.get("/api/vera/overeenkomsten/W9", HTTP_X_API_KEY=key).status_code == 404


def test_paging_keys_scopes_and_roles(django_assert_max_num_queries) -> None:
    for _n in range(26):
        SeekerFactory()
    _c, key = api_client("erp", "WRV.Overeenkomsten.Read")
    http = APIClient()
    with django_assert_max_num_queries(6):
        answer = http.get(
            "/api/vera/overeenkomsten", HTTP_X_API_KEY=key, HTTP_X_PARAMETERS_AANTALPERPAGINA="25"
        )
    assert len(answer.json()) == 25 and answer["X-Parameters-Aantal"] == "26"
    bad = http.get("/api/vera/overeenkomsten?cursor=bogus!", HTTP_X_API_KEY=key)
    assert bad.status_code == 400 and bad.json()["omschrijving"].startswith("cursor: ")
    assert http.get("/api/vera/overeenkomsten").status_code == 401
    _c, other = api_client("other", "WRV.Relaties.Read")
    assert http.get("/api/vera/overeenkomsten", HTTP_X_API_KEY=other).status_code == 403
    _c, researcher = api_client("inst", "WRV.All.Read", role=Role.RESEARCHER.value)
    assert http.get("/api/vera/overeenkomsten", HTTP_X_API_KEY=researcher).status_code == 403
