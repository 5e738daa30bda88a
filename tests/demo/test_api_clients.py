"""The demo's API clients: one per organisation with the scopes and role it needs, a random
key printed once with a ready ``curl``, and no key shown again for a reused database."""

from __future__ import annotations

import re

import pytest
from rest_framework.test import APIClient

from voorrang.api.models import ApiClient
from voorrang.api.services import client_for_key
from voorrang.demo.api_clients import (
    DEMO_CLIENTS,
    describe_api_clients,
    ensure_demo_api_clients,
)
from voorrang.roles import role_names

pytestmark = pytest.mark.django_db

CURL = re.compile(r"curl -H 'X-API-KEY: (\S+)' (http://\S+)")


def test_each_organisation_gets_a_client_with_its_role_and_scopes() -> None:
    results = ensure_demo_api_clients()
    clients = {c.name: c for c in ApiClient.objects.all()}
    assert set(clients) == {
        "corporation-erp",
        "regional-platform",
        "municipality",
        "welfare-organisation",
        "evaluation-institute",
    }
    assert clients["corporation-erp"].scopes == [
        "Voorrang.Quota.Read",
        "Voorrang.Rankings.Read",
        "Voorrang.Track.Read",
        "WRV.Eenheden.ReadWrite",
        "WRV.Publicaties.ReadWrite",
        "WRV.Toewijzingen.ReadWrite",
    ]
    assert role_names(clients["municipality"].user) == {"policy"}
    assert role_names(clients["welfare-organisation"].user) == {"staff-welfare"}
    assert role_names(clients["evaluation-institute"].user) == {"researcher"}
    assert set(clients["evaluation-institute"].scopes) == {
        "Voorrang.Evaluation.Read",
        "WRV.Relaties.Read",
    }
    for result in results:
        assert client_for_key(result.key) == clients[result.client.name]


def test_the_printed_curl_works_and_the_keys_are_shown_once() -> None:
    lines = describe_api_clients(ensure_demo_api_clients(), "http://127.0.0.1:8000/")
    text = "\n".join(lines)
    calls = CURL.findall(text)
    assert len(calls) == len(DEMO_CLIENTS)
    # Every printed call answers, with the client's own key.
    for key, url in calls:
        path = url.removeprefix("http://127.0.0.1:8000")
        answer = APIClient().get(path, HTTP_X_API_KEY=key)
        assert answer.status_code == 200, (path, answer.status_code, answer.content[:300])
    assert "shown only this once" in text
    # A reused database: the clients stay, no key is shown again.
    again = "\n".join(describe_api_clients(ensure_demo_api_clients(), "http://127.0.0.1:8000/"))
    assert not CURL.search(again)
    assert "their keys are not shown again" in again
    assert key not in again
    assert ApiClient.objects.count() == len(DEMO_CLIENTS)


def test_keys_are_random_at_every_new_demo() -> None:
    first = {r.client.name: r.key for r in ensure_demo_api_clients()}
    for client in ApiClient.objects.all():
        user = client.user
        client.delete()
        user.delete()
    second = {r.client.name: r.key for r in ensure_demo_api_clients()}
    assert all(first[name] != second[name] for name in first)
