"""/api/vera/aanbiedingen: the offers in VERA's Aanbieding, with their state and the reason
of a refusal."""

from __future__ import annotations

import json

import pytest
from rest_framework.test import APIClient

from tests.api.specifications import schema_errors
from tests.api.vera.letting import RESEARCH_KEY, client_with, letting
from voorrang.roles import Role

pytestmark = pytest.mark.django_db

SCHEMA = "Aanbiedingen-Aanbiedingbericht"


def test_offers_carry_their_state_and_a_refusal_its_reason() -> None:
    world = letting()
    http = client_with("WRV.Aanbiedingen.Read")

    answer = http.get("/api/vera/aanbiedingen", {"publicatie": world.lottery.reference})

    body = answer.json()
    assert schema_errors("WRV.yaml", SCHEMA, body, many=True) == []
    by_id = {a["id"]: a for a in body}
    refused = by_id[str(world.refused.pk)]
    assert refused["status"] == {"code": "GEW", "naam": "Geweigerd"}
    assert refused["detailStatus"] == {"code": "HUU", "naam": "Huurprijs te hoog"}
    assert refused["relatie"]["id"] == world.refused.seeker.registration_number
    assert refused["publicatie"]["id"] == world.lottery.reference
    open_offer = by_id[str(world.open_offer.pk)]
    assert open_offer["status"]["code"] == "AAN"
    assert "detailStatus" not in open_offer
    assert answer["X-Parameters-Aantal"] == "2"


def test_the_status_filter_takes_vera_codes_and_names_a_bad_one() -> None:
    world = letting()
    http = client_with("WRV.Aanbiedingen.Read")

    refused = http.get("/api/vera/aanbiedingen", {"status": "GEW"}).json()
    bad = http.get("/api/vera/aanbiedingen", {"status": "refused"})

    assert [a["id"] for a in refused] == [str(world.refused.pk)]
    assert bad.status_code == 400
    assert bad.json()["omschrijving"].startswith("status: ")


def test_an_offer_by_id_and_pseudonyms_for_the_institute(settings) -> None:
    settings.VOORRANG_RESEARCH_KEY = RESEARCH_KEY
    world = letting()
    staff = client_with("WRV.Aanbiedingen.Read")
    institute = client_with("WRV.All.Read", role=Role.RESEARCHER.value, name="institute")

    body = staff.get(f"/api/vera/aanbiedingen/{world.open_offer.pk}").json()
    hidden = institute.get(f"/api/vera/aanbiedingen/{world.open_offer.pk}").json()

    assert schema_errors("WRV.yaml", SCHEMA, body) == []
    assert schema_errors("WRV.yaml", SCHEMA, hidden) == []
    assert body["relatie"]["id"] == world.open_offer.seeker.registration_number
    assert world.open_offer.seeker.registration_number not in json.dumps(hidden)
    assert staff.get("/api/vera/aanbiedingen/0").status_code == 404


def test_a_researcher_without_the_key_set_gets_a_clear_503_not_names(settings) -> None:
    settings.VOORRANG_RESEARCH_KEY = ""
    letting()
    institute = client_with("WRV.All.Read", role=Role.RESEARCHER.value, name="institute")

    answer = institute.get("/api/vera/aanbiedingen")

    assert answer.status_code == 503
    assert set(answer.json()) == {"code", "omschrijving"}


def test_no_key_is_401_and_a_key_without_the_scope_is_403() -> None:
    assert APIClient().get("/api/vera/aanbiedingen").status_code == 401
    assert client_with("WRV.Kandidaten.Read").get("/api/vera/aanbiedingen").status_code == 403


def test_a_list_of_25_offers_takes_a_fixed_number_of_queries(
    django_assert_max_num_queries,
) -> None:
    from tests.allocation.flow import published, ranked
    from tests.factories import SeekerFactory, StaffFactory
    from voorrang.allocation import services

    staff = StaffFactory()
    vacancy = ranked(staff, published(staff), [SeekerFactory() for _n in range(25)])
    for _n in range(25):
        offer = services.offer_next(actor=staff, vacancy=vacancy)
        services.refuse_offer(actor=staff, offer=offer, reason="size", offer_to_next=False)
    http = client_with("WRV.Aanbiedingen.Read")

    with django_assert_max_num_queries(6):
        answer = http.get("/api/vera/aanbiedingen", HTTP_X_PARAMETERS_AANTALPERPAGINA="25")

    body = answer.json()
    assert len(body) == 25
    assert schema_errors("WRV.yaml", SCHEMA, body, many=True) == []
    assert {a["detailStatus"]["code"] for a in body} == {"WBN"}
