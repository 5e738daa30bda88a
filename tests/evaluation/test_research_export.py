"""The research export: keyed pseudonyms, suppression of small cells, CSV and Parquet with a
codebook, refused without the controller's key, and only for researchers."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import pyarrow.parquet as pq
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from tests.allocation.flow import let, published, ranked
from tests.factories import SeekerFactory
from tests.staff.accounts import account, log_in
from voorrang.allocation import services
from voorrang.evaluation import research
from voorrang.evaluation.models import ResearchExport

pytestmark = pytest.mark.django_db
KEY = "0123456789abcdef" * 4


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def let_home(settings):
    staff = account("verhuur", "staff-allocation")
    vacancy = ranked(staff, published(staff), [SeekerFactory(registered_on=dt.date(2005, 1, 1))])
    offer = services.offer_next(actor=staff, vacancy=vacancy)
    let(staff, offer)
    return offer.seeker


def test_pseudonyms_are_hmac_sha256_with_the_controllers_key() -> None:
    import hashlib
    import hmac

    expected = hmac.new(b"k" * 32, b"seeker:R-1", hashlib.sha256).hexdigest()[:32]
    assert research.pseudonym(b"k" * 32, "seeker", "R-1") == expected
    assert research.pseudonym(b"j" * 32, "seeker", "R-1") != expected


def test_small_counts_are_suppressed() -> None:
    assert [research.suppress(n) for n in (0, 1, 4, 5, 12)] == [0, None, None, 5, 12]


def test_the_export_refuses_to_run_without_the_key(settings, tmp_path) -> None:
    settings.VOORRANG_RESEARCH_KEY = ""
    with pytest.raises(CommandError) as caught:
        call_command("research_export", "--out", str(tmp_path))
    assert caught.value.returncode == 2
    assert "VOORRANG_RESEARCH_KEY" in str(caught.value)
    assert not list(tmp_path.iterdir())


def test_the_export_holds_pseudonymised_csv_parquet_and_a_codebook(
    settings, tmp_path, let_home
) -> None:
    settings.VOORRANG_RESEARCH_KEY = KEY
    today = dt.date.today().isoformat()
    call_command("research_export", "--out", str(tmp_path), "--as-of", today)
    names = sorted(p.name for p in tmp_path.iterdir())
    tables = [
        "allocations_by_year",
        "lettings",
        "observations",
        "stories",
        "survey_did",
        "survey_loneliness",
        "survey_social_cohesion",
        "track_activity_by_building",
        "track_activity_months",
        "track_agreements",
        "track_applications",
        "track_check_ins",
        "track_rubric_scores",
        "track_status_history",
    ]
    assert names == sorted(
        [f"{t}.{ext}" for t in tables for ext in ("csv", "parquet")]
        + ["codebook.csv", "codebook.md"]
    )
    rows = list(csv.DictReader(io.StringIO((tmp_path / "lettings.csv").read_text())))
    assert len(rows) == 1
    assert rows[0]["tenant"] == research.pseudonym(
        KEY.encode(), "seeker", let_home.registration_number
    )
    text = (tmp_path / "lettings.csv").read_text()
    assert let_home.registration_number not in text
    assert pq.read_table(tmp_path / "lettings.parquet").num_rows == 1
    aggregate = list(
        csv.DictReader(io.StringIO((tmp_path / "allocations_by_year.csv").read_text()))
    )
    assert aggregate[0]["new_tenants"] == "" and aggregate[0]["suppressed"] == "True"
    codebook = list(csv.DictReader(io.StringIO((tmp_path / "codebook.csv").read_text())))
    assert {(r["table"], r["variable"]) for r in codebook} >= {
        ("lettings", "tenant"),
        ("allocations_by_year", "suppressed"),
        ("observations", "value"),
    }
    assert ResearchExport.objects.get().channel == "command"


def test_a_researcher_downloads_the_export_and_the_policy_role_may_not(settings, let_home) -> None:
    settings.VOORRANG_RESEARCH_KEY = KEY
    client = Client()
    log_in(client, account("onderzoek", "researcher"))
    response = client.get("/evaluation/research/export.zip")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert "codebook.md" in archive.namelist()
    policy = Client()
    log_in(policy, account("beleid", "policy"))
    assert policy.get("/evaluation/research/export.zip").status_code == 403
    assert policy.get("/evaluation/research/").status_code == 403


@pytest.mark.parametrize("groups", [(), ("admin",)], ids=["superuser", "superuser-in-admin"])
def test_a_superuser_gets_no_research_data(settings, let_home, groups) -> None:
    settings.VOORRANG_RESEARCH_KEY = KEY
    client = Client()
    log_in(client, account("beheer", *groups, superuser=True))
    assert client.get("/evaluation/research/export.zip").status_code == 403
    assert client.get("/evaluation/research/").status_code == 403
    # The evaluation's aggregates are the application manager's to read.
    assert client.get("/evaluation/").status_code == 200
