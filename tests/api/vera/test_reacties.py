"""/api/vera/reacties (read): the seekers' responses in VERA's Reactie."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from tests.api.specifications import schema_errors
from tests.api.vera.letting import RESEARCH_KEY, client_with, letting
from voorrang.allocation.models import Response
from voorrang.roles import Role

pytestmark = pytest.mark.django_db

SPEC = "Woonruimteverdeling.yaml"


def test_responses_name_seeker_publicatie_date_position_and_state(
    django_assert_max_num_queries,
) -> None:
    world = letting()
    withdrawn = Response.objects.get(vacancy=world.open_vacancy)
    Response.objects.filter(pk=withdrawn.pk).update(withdrawn_at=timezone.now())
    http = client_with("Woonruimteverdeling.Reacties.Read")

    with django_assert_max_num_queries(6):
        answer = http.get("/api/vera/reacties")
    of_lottery = http.get("/api/vera/reacties", {"publicatie": world.lottery.reference}).json()

    body = answer.json()
    assert schema_errors(SPEC, "Reactiebericht", body, many=True) == []
    assert answer["X-Parameters-Aantal"] == "4"
    assert len(of_lottery) == 3
    assert {r["positie"] for r in of_lottery} == {1, 2, 3}
    one = http.get(f"/api/vera/reacties/{withdrawn.pk}").json()
    assert schema_errors(SPEC, "Reactiebericht", one) == []
    assert one["statusToelichting"] == "Ingetrokken"
    assert one["publicatie"]["id"] == world.open_vacancy.reference
    assert one["relaties"] == [
        f"http://testserver/api/vera/relaties/{withdrawn.seeker.registration_number}"
    ]
    assert one["datum"].startswith(str(withdrawn.responded_on.year))


def test_the_institute_reads_a_pseudonym_urn(settings) -> None:
    settings.VOORRANG_RESEARCH_KEY = RESEARCH_KEY
    world = letting()
    http = client_with("Woonruimteverdeling.All.Read", role=Role.RESEARCHER.value, name="inst")

    body = http.get("/api/vera/reacties").json()

    assert schema_errors(SPEC, "Reactiebericht", body, many=True) == []
    assert all(r["relaties"][0].startswith("urn:voorrang:pseudoniem:") for r in body)
    text = json.dumps(body)
    assert not any(s.registration_number in text for s in world.seekers)


def test_no_key_401_wrong_scope_403_unknown_404() -> None:
    assert APIClient().get("/api/vera/reacties").status_code == 401
    assert client_with("WRV.All.Read").get("/api/vera/reacties").status_code == 403
    http = client_with("Woonruimteverdeling.Reacties.Read", name="platform")
    assert http.get("/api/vera/reacties/12345").status_code == 404


def test_a_list_of_25_responses_takes_a_fixed_number_of_queries(
    django_assert_max_num_queries,
) -> None:
    from tests.allocation.flow import published, ranked
    from tests.factories import SeekerFactory, StaffFactory

    staff = StaffFactory()
    ranked(staff, published(staff), [SeekerFactory() for _n in range(25)])
    http = client_with("Woonruimteverdeling.Reacties.Read")

    with django_assert_max_num_queries(6):
        answer = http.get("/api/vera/reacties", HTTP_X_PARAMETERS_AANTALPERPAGINA="25")

    body = answer.json()
    assert len(body) == 25
    assert schema_errors(SPEC, "Reactiebericht", body, many=True) == []
    assert sorted(r["positie"] for r in body) == list(range(1, 26))
