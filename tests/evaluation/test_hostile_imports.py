"""Hostile files for the theory-of-change import and the observations import: always a 400
with a plain message naming the field, nothing stored, one log line; never a 500."""

from __future__ import annotations

import json
import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.factories import BuildingFactory
from tests.staff.accounts import account, log_in
from voorrang.evaluation import example
from voorrang.evaluation.models import Observation, TheoryOfChange

pytestmark = pytest.mark.django_db

THEORY = "/evaluation/theory/import/"
OBSERVATIONS = "/evaluation/indicators/import/"
PYTHON_HINTS = ("sys.set_int_max_str_digits", "Traceback", "Exceeds the limit", "Expecting")


@pytest.fixture
def researcher(settings) -> Client:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    client = Client(headers={"accept-language": "en"})
    log_in(client, account("onderzoek", "researcher"))
    return client


def shipped() -> dict:
    return json.loads(example.shipped_text("zeist-lflat"))


def changed(change) -> bytes:
    document = shipped()
    change(document)
    return json.dumps(document).encode("utf-8", "surrogatepass")


def refused(client: Client, url: str, data: bytes, caplog, name: str = "upload") -> str:
    with caplog.at_level(logging.INFO):
        response = client.post(url, {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 400
    html = response.content.decode()
    for hint in PYTHON_HINTS:
        assert hint not in html
    lines = [r for r in caplog.records if r.name.startswith("voorrang") and "refused" in str(r.msg)]
    assert len(lines) == 1, [r.getMessage() for r in caplog.records]
    return html


HOSTILE_THEORIES = {
    "nesting 100,000 deep": (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    "an integer of 5,000 digits": (b'{"format": ' + b"9" * 5000 + b"}", "too many digits"),
    "a lone surrogate in a title": (
        changed(lambda d: d.update(title="\ud800")),
        "title: contains a lone surrogate",
    ),
    "invalid UTF-8": (b'{"title": "\xc3\x28"}', "not UTF-8"),
    "a PNG image": (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "not UTF-8"),
    "a list": (b"[1, 2]", "must be a JSON object"),
    "a number for a title": (changed(lambda d: d.update(title=12)), "title: must be text"),
    "a title longer than 200 characters": (
        changed(lambda d: d.update(title="x" * 201)),
        "title: is longer than 200 characters",
    ),
    "a description of a megabyte": (
        changed(lambda d: d.update(description="x" * 1_000_000)),
        "description: is longer than",
    ),
    "a NUL character in a text": (
        changed(lambda d: d["elements"][0].update(title="a\u0000b")),
        "elements[0].title: contains a control character",
    ),
    "a baseline of 4,000 digits": (
        changed(
            lambda d: d["indicators"][0].update(baseline={"value": 10**3999, "date": "2023-01-01"})
        ),
        "indicators[0].baseline.value: is too large",
    ),
    "a source year of 4,000 digits": (
        changed(lambda d: d["sources"][0].update(year=10**3999)),
        "sources[0].year: must be a year",
    ),
    "NaN": (b'{"format": NaN}', "NaN is not a JSON number"),
    "a duplicate key": (b'{"title": "a", "title": "b"}', "title: appears twice"),
}


@pytest.mark.parametrize(("data", "words"), HOSTILE_THEORIES.values(), ids=HOSTILE_THEORIES)
def test_a_hostile_theory_file_is_refused_plainly(researcher, caplog, data, words) -> None:
    html = refused(researcher, THEORY, data, caplog, name="theory.json")
    assert words in html.replace("&#x27;", "'")
    assert not TheoryOfChange.objects.exists()


def test_an_empty_theory_file_is_refused(researcher, caplog) -> None:
    html = refused(researcher, THEORY, b"", caplog)
    assert "The submitted file is empty." in html


def test_a_theory_file_over_2_mb_is_refused(researcher, caplog) -> None:
    html = refused(researcher, THEORY, b" " * (2 * 1024 * 1024 + 1), caplog)
    assert "larger than 2 MB" in html


@pytest.fixture
def theory() -> None:
    BuildingFactory(name="L-flat")
    example.load_example()


HEADER = "indicator,period_start,period_end,building,value,note\n"
ROW = "nuisance-reports,2023-01-01,2023-01-31,L-flat,{value},{note}\n"

HOSTILE_OBSERVATIONS = {
    "a field over the CSV reader's limit": (
        (HEADER + ROW.format(value=4, note="x" * 200_000)).encode(),
        "the line is not valid CSV",
    ),
    "a value of 5,000 digits": (
        (HEADER + ROW.format(value="9" * 5000, note="")).encode(),
        "&#x27;" + "9" * 56 + "... is not a number",
    ),
    "NaN as a value": ((HEADER + ROW.format(value="NaN", note="")).encode(), "is not a number"),
    "Infinity as a value": (
        (HEADER + ROW.format(value="-Infinity", note="")).encode(),
        "is not a number",
    ),
    "a NUL byte in a note": (
        (HEADER + ROW.format(value=4, note="a\0b")).encode(),
        "contains a control character",
    ),
    "invalid UTF-8": ((HEADER + ROW.format(value=4, note="")).encode() + b"\xff\xfe", "not UTF-8"),
    "an XLSX file": (b"PK\x03\x04" + b"\x00\xff" * 100, "not UTF-8"),
    "only a header": (HEADER.encode(), "no rows below its header"),
    "a JSON document": (b'{"indicator": 1}', "the column is missing"),
}


@pytest.mark.parametrize(("data", "words"), HOSTILE_OBSERVATIONS.values(), ids=HOSTILE_OBSERVATIONS)
def test_a_hostile_observations_file_is_refused_plainly(
    researcher, theory, caplog, data, words
) -> None:
    html = refused(researcher, OBSERVATIONS, data, caplog, name="o.csv")
    assert words in html
    assert not Observation.objects.exists()


def test_an_empty_observations_file_is_refused(researcher, theory, caplog) -> None:
    html = refused(researcher, OBSERVATIONS, b"", caplog)
    assert "The submitted file is empty." in html
