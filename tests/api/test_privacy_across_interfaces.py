"""Privacy across every door of the interfaces: every route registered under ``/api/vera/`` and
``/api/v1/`` (including those added later) is asked, with a client of each role holding every
scope, for every list and, with every identifier those lists give, every item.

- No value of any field of ``voorrang.web.access.STORED_IN`` (the welfare organisation's
  records, stories as told, research data) appears in any answer, whatever the role: the
  interfaces serve none of them.
- The evaluation institute's client (researcher) sees no name, registration number, email,
  phone, address or birth date of a seeker: seeded here with values found nowhere else."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from django.apps import apps
from django.db import models, transaction
from django.test.utils import override_settings
from django.urls import URLPattern, URLResolver
from rest_framework.test import APIClient

from tests.allocation.flow import let, published, ranked
from tests.demo.conftest import fast_hashing_settings, small_demo
from tests.factories import SeekerFactory, StaffFactory
from voorrang.allocation import services as allocation
from voorrang.api import scopes
from voorrang.api.services import create_client
from voorrang.api.v1 import urls as v1_urls
from voorrang.api.vera import urls as vera_urls
from voorrang.objections import services as objections
from voorrang.roles import Role
from voorrang.web.access import STORED_IN

pytestmark = pytest.mark.django_db

RESEARCH_KEY = "p" * 40
ROLES = (Role.STAFF_ALLOCATION, Role.STAFF_WELFARE, Role.POLICY, Role.RESEARCHER)
# The seeded seeker: values that occur nowhere else in the data.
PERSON = {
    "registration_number": "W918273",
    "first_name": "Quirijntje",
    "last_name": "Zwanenburg-Oudshoorn",
    "email": "q.zwanenburg@voorbeeld.nl",
    "phone": "0687654329",
    "street": "Kwikstaartlaan",
    "number": "77xq",
    "postcode": "3712 XQ",
    "birth_date": "1963-11-29",
}
# Shorter texts ("Goed", "Nee") may stand anywhere for other reasons; a record's own words do not.
SHORTEST = 12


def _routes(patterns, prefix: str) -> Iterator[str]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, prefix + _template(entry))
        elif isinstance(entry, URLPattern):
            yield prefix + _template(entry)


def _template(entry) -> str:
    """The pattern as a path with ``{name}`` for each parameter (route or regex patterns)."""
    text = str(entry.pattern)
    text = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", text)
    text = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", text)
    return text.lstrip("^").rstrip("$").replace("\\", "")


def api_routes() -> list[str]:
    found = list(_routes(vera_urls.urlpatterns, "/api/vera/"))
    found += list(_routes(v1_urls.urlpatterns, "/api/v1/"))
    # Format suffixes repeat their route.
    return sorted({route for route in found if "{format}" not in route})


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The small demo (every kind of record, welfare records and stories among them), plus a
    seeker with distinctive details who was let a home and objected to another decision."""
    with (
        fast_hashing_settings(),
        override_settings(
            DATA_DIR=tmp_path_factory.mktemp("privacy-data"), VOORRANG_RESEARCH_KEY=RESEARCH_KEY
        ),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        small_demo()
        staff = StaffFactory()
        person = SeekerFactory(
            registration_number=PERSON["registration_number"],
            registered_on=dt.date(1990, 1, 1),
            email=PERSON["email"],
            phone=PERSON["phone"],
            street=PERSON["street"],
            number=PERSON["number"],
            postcode=PERSON["postcode"],
            household=[dt.date.fromisoformat(PERSON["birth_date"])],
        )
        person.members.update(first_name=PERSON["first_name"], last_name=PERSON["last_name"])
        other = ranked(
            staff,
            published(staff),
            [SeekerFactory(registration_number="P-2", registered_on=dt.date(1980, 1, 1)), person],
        )
        allocation.offer_next(actor=staff, vacancy=other)
        objections.lodge_objection(
            actor=None, vacancy=other, seeker=person, reasons="Quirijntje vindt dit onterecht."
        )
        home = ranked(staff, published(staff), [person, SeekerFactory(registration_number="P-1")])
        let(staff, allocation.offer_next(actor=staff, vacancy=home))
        keys = {
            role: create_client(
                actor=None,
                name=f"privacy-{role.value}",
                role=role.value,
                scopes=scopes.all_scopes(),
            ).key
            for role in ROLES
        }
        yield {"keys": keys, "known_ids": [PERSON["registration_number"], home.reference]}
        transaction.set_rollback(True)


def protected_values() -> set[str]:
    """Every stored text of every protected field (relations are covered by the texts)."""
    values: set[str] = set()
    for stored in STORED_IN.values():
        for label, fields in stored.items():
            model = apps.get_model(label)
            for name in fields:
                if isinstance(model._meta.get_field(name), models.ForeignKey):
                    continue
                for value in model.objects.values_list(name, flat=True):
                    text = str(value or "").strip()
                    if len(text) >= SHORTEST:
                        values.add(text)
    return values


def _ids(body) -> list[str]:
    items = (
        body
        if isinstance(body, list)
        else body.get("results", [])
        if isinstance(body, dict)
        else []
    )
    return [str(i["id"]) for i in items if isinstance(i, dict) and "id" in i][:5]


def answers(key: str, known_ids: list[str], settings) -> dict[str, tuple[int, str]]:
    """Every route's answer for this key: lists first, then items by every id seen."""
    settings.VOORRANG_RESEARCH_KEY = RESEARCH_KEY
    http = APIClient()
    routes = api_routes()
    found: dict[str, tuple[int, str]] = {}
    ids = list(known_ids)
    for route in (r for r in routes if "{" not in r):
        response = http.get(route, HTTP_X_API_KEY=key)
        found[route] = (response.status_code, response.content.decode())
        if response.status_code == 200 and response["Content-Type"].startswith("application/"):
            ids += _ids(response.json())
    for route in (r for r in routes if "{" in r):
        for identifier in dict.fromkeys(ids):
            url = re.sub(r"\{\w+\}", identifier, route)
            response = http.get(url, HTTP_X_API_KEY=key)
            found[url] = (response.status_code, response.content.decode())
    return found


def test_the_walk_reaches_the_resources_of_the_interfaces() -> None:
    routes = api_routes()
    for expected in ("/api/vera/toewijzingen", "/api/vera/relaties/{pk}", "/api/vera/reclamaties"):
        assert expected in routes


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.value)
def test_no_welfare_record_story_or_research_data_goes_out(world, role, settings) -> None:
    protected = protected_values()
    # The demo holds every category, so the check has something to find.
    assert len(protected) > 20
    served = answers(world["keys"][role], world["known_ids"], settings)
    assert any(status == 200 for status, _body in served.values())
    for url, (status, body) in served.items():
        assert status < 500, url
        leaked = [value for value in protected if value in body]
        assert leaked == [], f"{role.value} {url}: {leaked[:3]}"


def test_the_evaluation_institute_sees_no_one_by_name_number_contact_address_or_birth(
    world, settings
) -> None:
    served = answers(world["keys"][Role.RESEARCHER], world["known_ids"], settings)
    assert any(
        status == 200 and url.startswith("/api/vera/relaties")
        for url, (status, _b) in served.items()
    )
    birth = dt.date.fromisoformat(PERSON["birth_date"])
    needles = [*PERSON.values(), birth.strftime("%d-%m-%Y"), PERSON["postcode"].replace(" ", "")]
    for url, (_status, body) in served.items():
        # A problem body names the path that was asked for (``instance``): an echo of the
        # client's own request, not something it learns.
        body = body.replace(url, "")
        for needle in needles:
            assert needle not in body, f"{url} shows {needle}"


def test_letting_staff_do_see_the_seeded_seeker(world, settings) -> None:
    """The seeded values are there to be found: letting staff read them through relaties."""
    served = answers(world["keys"][Role.STAFF_ALLOCATION], world["known_ids"], settings)
    body = served[f"/api/vera/relaties/{PERSON['registration_number']}"][1]
    assert PERSON["last_name"] in body and PERSON["birth_date"] in body
