"""API clients: the key is shown once and kept only as a hash; scopes are VERA's names; no key
is a 401, a key without the scope a 403; a revoked key stops at once."""

from __future__ import annotations

import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import path
from rest_framework import mixins
from rest_framework.response import Response
from rest_framework.test import APIClient

from tests.api.clients import api_client
from voorrang.api import scopes
from voorrang.api.models import ApiClient
from voorrang.api.services import client_for_key, revoke_client
from voorrang.api.vera.base import VeraViewSet
from voorrang.audit.models import AuditEvent
from voorrang.roles import role_names

pytestmark = pytest.mark.django_db


class Things(VeraViewSet, mixins.ListModelMixin):
    scope_family = "WRV"
    scope_resource = "Publicaties"

    def list(self, request):
        return Response([{"actor": request.user.username}])

    def create(self, request):
        return Response({"actor": request.user.username}, status=201)


urlpatterns = [
    path("things", Things.as_view({"get": "list", "post": "create"})),
]


def test_the_command_prints_the_key_alone_on_the_last_line_and_keeps_only_its_hash() -> None:
    out = StringIO()
    call_command(
        "create_api_client",
        "regional-platform",
        "--scope",
        "WRV.Publicaties.Read",
        "--scope",
        "Woonruimteverdeling.Reacties.ReadWrite",
        "--organisation",
        "Regionaal platform",
        stdout=out,
    )
    key = out.getvalue().strip().splitlines()[-1]
    assert " " not in key and len(key) >= 40
    client = ApiClient.objects.get(name="regional-platform")
    assert client.scopes == ["WRV.Publicaties.Read", "Woonruimteverdeling.Reacties.ReadWrite"]
    assert client.key_hash == hashlib.sha256(key.encode()).hexdigest()
    stored = " ".join(str(v) for v in ApiClient.objects.values_list().get())
    assert key not in stored
    assert client_for_key(key) == client
    assert role_names(client.user) == {"staff-allocation"}
    assert not client.user.has_usable_password()
    assert AuditEvent.objects.filter(action="api.client_created", object_id=str(client.pk)).exists()


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["Bad Name", "--scope", "WRV.All.Read"], "name"),
        (["good-name", "--scope", "WRV.Nonsense.Read"], "scope"),
        (["good-name"], "scope"),
    ],
)
def test_the_command_names_the_field_at_fault(args, field) -> None:
    with pytest.raises(CommandError, match=rf"^{field}: "):
        call_command("create_api_client", *args, stdout=StringIO())
    assert not ApiClient.objects.exists()


def test_a_name_is_used_once() -> None:
    api_client("erp", "WRV.Eenheden.ReadWrite")
    with pytest.raises(CommandError, match=r"^name: "):
        call_command("create_api_client", "erp", "--scope", "WRV.All.Read", stdout=StringIO())


@pytest.mark.urls("tests.api.test_clients")
def test_no_key_401_a_key_without_the_scope_403_the_scope_200() -> None:
    _c, reader = api_client("reader", "WRV.Publicaties.Read")
    _c, other = api_client("other", "WRV.Eenheden.ReadWrite")
    _c, everything = api_client("everything", "WRV.All.Read")
    http = APIClient()
    answer = http.get("/things")
    assert answer.status_code == 401
    assert answer["WWW-Authenticate"] == "X-API-KEY"
    assert set(answer.json()) == {"code", "omschrijving"}
    assert http.get("/things", HTTP_X_API_KEY="not-a-key-at-all-no").status_code == 401
    assert http.get("/things", HTTP_X_API_KEY=other).status_code == 403
    assert http.get("/things", HTTP_X_API_KEY=reader).json() == [{"actor": "api-reader"}]
    assert http.get("/things", HTTP_X_API_KEY=everything).status_code == 200
    # Writing needs ReadWrite.
    assert http.post("/things", {}, format="json", HTTP_X_API_KEY=reader).status_code == 403
    assert http.post("/things", {}, format="json", HTTP_X_API_KEY=everything).status_code == 403


@pytest.mark.urls("tests.api.test_clients")
def test_a_revoked_key_stops_at_once_and_the_client_stays() -> None:
    client, key = api_client("old-erp", "WRV.Publicaties.ReadWrite")
    http = APIClient()
    assert http.post("/things", {}, format="json", HTTP_X_API_KEY=key).status_code == 201
    revoke_client(actor=None, client=client)
    assert http.get("/things", HTTP_X_API_KEY=key).status_code == 401
    assert ApiClient.objects.get(pk=client.pk).revoked_at is not None
    assert AuditEvent.objects.filter(action="api.client_revoked").count() == 1
    out = StringIO()
    call_command("revoke_api_client", "old-erp", stdout=out)
    with pytest.raises(CommandError, match="name: no API client"):
        call_command("revoke_api_client", "nobody", stdout=StringIO())


def test_scopes_read_write_includes_read_and_all_covers_each_resource() -> None:
    assert scopes.grants(["WRV.Kandidaten.ReadWrite"], "WRV", "Kandidaten", write=False)
    assert not scopes.grants(["WRV.Kandidaten.Read"], "WRV", "Kandidaten", write=True)
    assert scopes.grants(["WRV.All.ReadWrite"], "WRV", "Toewijzingen", write=True)
    assert not scopes.grants(["WRV.All.ReadWrite"], "Woonruimteverdeling", "Reacties", write=False)
    assert "WRV.Reclamaties.ReadWrite" in scopes.KNOWN


def test_every_vera_scope_of_the_specifications_is_known() -> None:
    import yaml

    from tests.api.specifications import specification

    for name, family in [
        ("WRV.yaml", "WRV."),
        ("Woonruimteverdeling.yaml", "Woonruimteverdeling."),
    ]:
        flows = specification(name)["components"]["securitySchemes"]["OAuth2"]["flows"]
        declared = set(flows["clientCredentials"]["scopes"])
        assert declared, name
        assert {s for s in declared if s.startswith(family)} <= scopes.KNOWN, name
    assert yaml  # PyYAML reads the specifications


def test_the_contract_check_finds_a_wrong_type_and_a_property_vera_does_not_declare() -> None:
    from tests.api.specifications import schema_errors

    assert schema_errors("WRV.yaml", "Foutbericht", {"code": "400", "omschrijving": "x"}) == []
    assert schema_errors("WRV.yaml", "Foutbericht", {"code": 400})
    assert schema_errors("WRV.yaml", "Foutbericht", {"code": "400", "extra": 1}) == [
        "not in VERA: [0].extra"
    ]
