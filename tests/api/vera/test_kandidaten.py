"""/api/vera/kandidaten: the stored ranking of a vacancy, position by position with the
reason, in VERA's Kandidaat; pseudonyms only for the evaluation institute."""

from __future__ import annotations

import json

import pytest
from django.utils import translation
from rest_framework.test import APIClient

from tests.allocation.flow import published, ranked
from tests.api.vera.letting import RESEARCH_KEY, client_with, letting
from tests.api.vera.shapes import vera_errors
from tests.factories import SeekerFactory, StaffFactory
from voorrang.evaluation.research import pseudonym
from voorrang.roles import Role

pytestmark = pytest.mark.django_db

SHAPES = {"relatie": "Kandidaten-NatuurlijkPersoon"}


def errors(body, many=False):
    return vera_errors("WRV.yaml", "Kandidaten-Kandidaatbericht", body, many=many, shapes=SHAPES)


def extra(body, name):
    return next(a["waarde"] for a in body["extra-attributen"] if a["naam"] == name)


def test_the_candidates_of_a_publicatie_are_its_ranking_in_order_with_state_and_reason() -> None:
    world = letting()
    http = client_with("WRV.Kandidaten.Read")

    answer = http.get("/api/vera/kandidaten", {"publicatie": world.lottery.reference})

    body = answer.json()
    assert errors(body, many=True) == []
    entries = list(world.lottery.rankings.get(is_current=True).entries.order_by("position"))
    assert [k["positie"] for k in body] == [e.position for e in entries]
    assert [k["relatie"]["id"] for k in body] == [e.seeker.registration_number for e in entries]
    assert [k["status"]["code"] for k in body] == ["GEW", "AAN", "SEL"]
    assert answer["X-Parameters-Aantal"] == "3"
    first = body[0]
    assert extra(first, "publicatie") == world.lottery.reference
    assert extra(first, "lotnummer") == entries[0].lottery
    with translation.override("nl"):
        assert extra(first, "reden").startswith("regulier")
    assert "lotnummer" in extra(first, "reden")
    assert first["eenheid"]["idExtern"] == "ERP-1"


def test_a_kandidaat_is_read_by_its_id() -> None:
    world = letting()
    http = client_with("WRV.Kandidaten.Read")

    body = http.get(f"/api/vera/kandidaten/{world.lottery.reference}.1.2").json()

    assert errors(body) == []
    assert body["positie"] == 2
    assert body["status"]["code"] == "AAN"
    for bad in (f"{world.lottery.reference}.1.9", "nonsense", f"{world.lottery.reference}.x.1"):
        assert http.get(f"/api/vera/kandidaten/{bad}").status_code == 404


def test_the_evaluation_institute_reads_pseudonyms_only(settings) -> None:
    settings.VOORRANG_RESEARCH_KEY = RESEARCH_KEY
    world = letting()
    http = client_with("WRV.Kandidaten.Read", role=Role.RESEARCHER.value, name="institute")

    answer = http.get("/api/vera/kandidaten", {"publicatie": world.lottery.reference})

    body = answer.json()
    assert errors(body, many=True) == []
    text = json.dumps(body)
    for seeker in world.seekers:
        assert seeker.registration_number not in text
        assert seeker.registered_on.isoformat() not in text
    expected = {
        pseudonym(RESEARCH_KEY.encode(), "seeker", s.registration_number) for s in world.seekers
    }
    assert {k["relatie"]["id"] for k in body} == expected


def test_a_role_that_sees_no_individual_seekers_is_refused() -> None:
    world = letting()
    for role in (Role.POLICY.value, Role.STAFF_WELFARE.value):
        http = client_with("WRV.All.Read", role=role, name=f"c-{role}")
        assert http.get("/api/vera/kandidaten").status_code == 403
        # Refused before the lookup: whether a candidate exists says nothing either.
        assert http.get(f"/api/vera/kandidaten/{world.lottery.reference}.1.1").status_code == 403
        assert http.get("/api/vera/kandidaten/V-NONE.1.1").status_code == 403
        assert http.get("/api/vera/aanbiedingen").status_code == 403


def test_no_key_is_401_and_a_key_without_the_scope_is_403() -> None:
    assert APIClient().get("/api/vera/kandidaten").status_code == 401
    assert client_with("WRV.Publicaties.Read").get("/api/vera/kandidaten").status_code == 403


def test_a_list_of_25_candidates_takes_a_fixed_number_of_queries(
    django_assert_max_num_queries,
) -> None:
    staff = StaffFactory()
    vacancy = ranked(staff, published(staff), [SeekerFactory() for _n in range(25)])
    http = client_with("WRV.Kandidaten.Read")

    with django_assert_max_num_queries(7):
        answer = http.get(
            "/api/vera/kandidaten",
            {"publicatie": vacancy.reference},
            HTTP_X_PARAMETERS_AANTALPERPAGINA="25",
        )

    assert len(answer.json()) == 25


def test_a_candidate_with_an_approved_commitment_ranks_in_the_group_priority_gro() -> None:
    from tests.factories import CommitmentFactory, UnitFactory

    staff = StaffFactory()
    vacancy = published(staff, unit=UnitFactory())
    assert vacancy.targeted
    committed = CommitmentFactory().seeker
    vacancy = ranked(staff, vacancy, [SeekerFactory(), committed])
    http = client_with("WRV.All.Read", "Woonruimteverdeling.All.Read")

    body = http.get("/api/vera/kandidaten", {"publicatie": vacancy.reference}).json()
    publicatie = http.get(f"/api/vera/publicaties/{vacancy.reference}").json()
    regelingen = http.get("/api/vera/voorrangsregelingen").json()

    assert errors(body, many=True) == []
    first = body[0]
    assert first["relatie"]["id"] == committed.registration_number
    assert extra(first, "voorrang") == "commitment"
    with translation.override("nl"):
        assert extra(first, "reden").startswith("inzet (gerichte toewijzing)")
    # The publicatie points to the voorrangsregeling of the same tier, of soort GRO.
    criterium = publicatie["eenheden"][0]["criteria"][0]["id"]
    regeling = next(r for r in regelingen if r["id"] == criterium)
    assert criterium == "commitment" and regeling["soort"]["code"] == "GRO"
