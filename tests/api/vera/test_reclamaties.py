"""``/api/vera/reclamaties``: objections against a ranking or an offer as VERA's Reclamatie of
kind Bezwaar, without the objector's words or the decision's reasons; read only."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from tests.allocation.flow import published, ranked
from tests.api.clients import api_client
from tests.api.vera.contract import vera_errors
from tests.factories import SeekerFactory, StaffFactory
from voorrang.allocation import services as allocation
from voorrang.objections import services
from voorrang.roles import Role

pytestmark = pytest.mark.django_db

SPEC = "WRV.yaml"
SCHEMA = "Reclamaties-Reclamatiebericht"


@pytest.fixture
def objections():
    ranker = StaffFactory()
    first, second, third = (SeekerFactory(registered_on=dt.date(2005 + i, 1, 1)) for i in range(3))
    vacancy = ranked(ranker, published(ranker), [first, second, third])
    allocation.offer_next(actor=ranker, vacancy=vacancy)
    vacancy.refresh_from_db()
    pending = services.lodge_objection(
        actor=None, vacancy=vacancy, seeker=second, reasons="Mijn datum klopt niet ZX81."
    )
    decided = services.lodge_objection(
        actor=None, vacancy=vacancy, seeker=third, reasons="Ook ik ZX82."
    )
    services.decide_objection(
        actor=StaffFactory(), objection=decided, outcome="rejected", reasons="Klopt wel ZX83."
    )
    return vacancy, pending, decided


def test_objections_as_bezwaar_without_anyones_words(objections) -> None:
    vacancy, pending, decided = objections
    _c, key = api_client("erp", "WRV.Reclamaties.Read")
    http = APIClient()
    answer = http.get("/api/vera/reclamaties", HTTP_X_API_KEY=key)
    assert answer.status_code == 200
    assert vera_errors(SPEC, SCHEMA, answer.json(), many=True) == []
    assert b"ZX8" not in answer.content
    by_id = {r["id"]: r for r in answer.json()}
    one = by_id[str(pending.pk)]
    assert one["soort"] == {"code": "BEZ", "naam": "Bezwaar"}
    assert one["status"]["code"] == "ING"
    assert one["relatie"]["id"] == pending.seeker.registration_number
    assert {"naam": "publicatie", "waarde": vacancy.reference} in one["extra-attributen"]
    assert by_id[str(decided.pk)]["status"]["code"] == "AFG"
    assert "einddatum" in by_id[str(decided.pk)]
    item = http.get(f"/api/vera/reclamaties/{decided.pk}", HTTP_X_API_KEY=key)
    assert item.json() == by_id[str(decided.pk)]
    assert vera_errors(SPEC, SCHEMA, item.json()) == []
    assert b"ZX8" not in item.content
    lodged = http.get("/api/vera/reclamaties?status.code=ING", HTTP_X_API_KEY=key).json()
    assert [r["id"] for r in lodged] == [str(pending.pk)]
    mine = http.get(
        f"/api/vera/reclamaties?relatie.id={decided.seeker.registration_number}",
        HTTP_X_API_KEY=key,
    ).json()
    assert [r["id"] for r in mine] == [str(decided.pk)]
    assert http.get("/api/vera/reclamaties/abc", HTTP_X_API_KEY=key).status_code == 404


def test_read_only_paging_keys_and_roles(objections) -> None:
    _c, key = api_client("erp", "WRV.Reclamaties.ReadWrite")
    http = APIClient()
    answer = http.get(
        "/api/vera/reclamaties", HTTP_X_API_KEY=key, HTTP_X_PARAMETERS_AANTALPERPAGINA="1"
    )
    assert answer["X-Parameters-Aantal"] == "2" and len(answer.json()) == 1
    assert "X-Parameters-Cursor" in answer
    # VERA's POST is not offered: nothing is lodged.
    posted = http.post(
        "/api/vera/reclamaties", {"soort": {"code": "BEZ"}}, format="json", HTTP_X_API_KEY=key
    )
    assert posted.status_code == 405
    assert set(posted.json()) == {"code", "omschrijving"}
    assert http.get("/api/vera/reclamaties").status_code == 401
    _c, other = api_client("other", "WRV.Relaties.Read")
    assert http.get("/api/vera/reclamaties", HTTP_X_API_KEY=other).status_code == 403
    _c, welfare = api_client("zorg", "WRV.All.Read", role=Role.STAFF_WELFARE.value)
    assert http.get("/api/vera/reclamaties", HTTP_X_API_KEY=welfare).status_code == 403
