"""/api/vera/voorrangsregelingen: the priority rules of the policy in force, with VERA's
codes: the commitment a group priority (GRO) through the welfare intake (MOT)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.api.specifications import schema_errors
from tests.api.vera.letting import client_with
from voorrang.allocation.policies import policy_for
from voorrang.roles import Role

pytestmark = pytest.mark.django_db

SCHEMA = "Voorrangsregelingbericht"


def test_the_tiers_above_the_usual_order_are_voorrangsregelingen_in_the_policy_order() -> None:
    http = client_with("Woonruimteverdeling.Voorrangsregelingen.Read", role=Role.POLICY.value)

    answer = http.get("/api/vera/voorrangsregelingen")

    body = answer.json()
    assert schema_errors("Woonruimteverdeling.yaml", SCHEMA, body, many=True) == []
    from django.utils import timezone

    tiers = [t for t in policy_for(timezone.localdate()).tier_order if t != "regular"]
    assert [r["id"] for r in body] == tiers
    assert answer["X-Parameters-Aantal"] == str(len(tiers))
    codes = {r["id"]: r["soort"]["code"] for r in body}
    assert codes["commitment"] == "GRO"
    assert codes["urgency"] == "URG"
    assert codes["local"] == "BIN"


def test_the_commitment_names_the_welfare_intake_as_intakevorm_mot() -> None:
    http = client_with("Woonruimteverdeling.All.Read")

    body = http.get("/api/vera/voorrangsregelingen/commitment").json()

    assert schema_errors("Woonruimteverdeling.yaml", SCHEMA, body) == []
    assert body["soort"] == {"code": "GRO", "naam": "Groep"}
    assert {"naam": "intakevorm", "waarde": "MOT"} in body["extra-attributen"]


def test_no_key_401_a_wrv_scope_is_not_enough_403_unknown_404() -> None:
    assert APIClient().get("/api/vera/voorrangsregelingen").status_code == 401
    wrv = client_with("WRV.All.Read")
    assert wrv.get("/api/vera/voorrangsregelingen").status_code == 403
    http = client_with("Woonruimteverdeling.All.Read", name="platform")
    answer = http.get("/api/vera/voorrangsregelingen/regular")
    assert answer.status_code == 404
    assert set(answer.json()) == {"code", "omschrijving"}
