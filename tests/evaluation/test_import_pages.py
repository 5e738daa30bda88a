"""Imports through the pages: a theory of change from its JSON, observations from CSV with
every problem listed and nothing stored."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.factories import BuildingFactory
from tests.staff.accounts import account, log_in
from voorrang.evaluation import example
from voorrang.evaluation.models import Observation, TheoryOfChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def researcher(settings) -> Client:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    client = Client(headers={"accept-language": "en"})
    log_in(client, account("onderzoek", "researcher"))
    return client


def upload(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/plain")


def test_a_theory_is_imported_and_a_second_time_only_with_replace(researcher) -> None:
    text = example.shipped_text("zeist-lflat")
    response = researcher.post("/evaluation/theory/import/", {"file": upload("t.json", text)})
    assert response.status_code == 302
    assert TheoryOfChange.objects.count() == 1
    again = researcher.post("/evaluation/theory/import/", {"file": upload("t.json", text)})
    assert again.status_code == 400
    assert "exists already" in again.content.decode()
    replaced = researcher.post(
        "/evaluation/theory/import/", {"file": upload("t.json", text), "replace": "on"}
    )
    assert replaced.status_code == 302


def test_a_bad_theory_file_is_refused_naming_the_place(researcher) -> None:
    document = json.loads(example.shipped_text("zeist-lflat"))
    document["links"][2]["evidence"] = "proof"
    response = researcher.post(
        "/evaluation/theory/import/", {"file": upload("t.json", json.dumps(document))}
    )
    assert response.status_code == 400
    assert "links[2].evidence" in response.content.decode()
    assert not TheoryOfChange.objects.exists()


def test_observations_with_problems_are_listed_per_line_and_nothing_is_stored(researcher) -> None:
    BuildingFactory(name="L-flat")
    example.load_example()
    bad = (
        "indicator,period_start,period_end,building,value\n"
        "nuisance-reports,2023-01-01,2023-01-31,L-flat,4\n"
        "nuisance-reports,2023-02-01,2023-02-28,Nowhere,x\n"
    )
    response = researcher.post("/evaluation/indicators/import/", {"file": upload("o.csv", bad)})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Problems in the file (nothing was stored)" in html
    assert "there is no building named &#x27;Nowhere&#x27;" in html
    assert not Observation.objects.exists()
    good = bad.splitlines()[:2]
    response = researcher.post(
        "/evaluation/indicators/import/", {"file": upload("o.csv", "\n".join(good) + "\n")}
    )
    assert response.status_code == 302
    assert Observation.objects.count() == 1
