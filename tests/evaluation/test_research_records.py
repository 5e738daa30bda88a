"""The research export's tables of the surveys, the targeted track and the stories: present
with their codebook, one keyed pseudonym per person across tables, no free text and no names,
and no story whose consent was withdrawn."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from decimal import Decimal

import pyarrow.parquet as pq
import pytest
from django.test import Client
from django.utils import timezone

from tests.commitments import factories as track
from tests.staff.accounts import account, log_in
from tests.stories import stories
from tests.surveys import factories as surveys
from voorrang.commitments import services as track_services
from voorrang.evaluation import research
from voorrang.seekers.models import HouseholdMember
from voorrang.stories import services as story_services
from voorrang.stories.consent import ConsentTier
from voorrang.stories.models import ConsentRecord
from voorrang.surveys import services as survey_services

pytestmark = pytest.mark.django_db
KEY = "0123456789abcdef" * 4
NAME = ("Wubbo", "Brinkhorst")
FULL = "Wubbo Brinkhorst"


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.VOORRANG_RESEARCH_KEY = KEY


@pytest.fixture
def records():
    """One person, Wubbo Brinkhorst, through the whole scheme: let a home, an application with
    free text naming him, an agreement with a pause, activities and a check-in, a survey in two
    instruments and a story told by him; and a second story whose consent is withdrawn."""
    org = track.organisation()
    building = org.buildings.get()
    coordinator = track.coordinator(org)
    application = track.applied(
        org, motivation=f"Ik ben {FULL} en wil koffieochtenden doen.", skills=f"{FULL} kookt"
    )
    seeker = application.seeker
    HouseholdMember.objects.filter(seeker=seeker).update(first_name=NAME[0], last_name=NAME[1])
    agreement = track.moved_in(application, coordinator, days_ago=100)
    today = timezone.localdate()
    track_services.log_activity(
        actor=coordinator,
        agreement=agreement,
        done_on=today - dt.timedelta(days=10),
        hours=Decimal("3.5"),
        need=None,
        description=f"Koffie gezet met {FULL}",
        logged_by="coordinator",
    )
    track_services.pause(actor=coordinator, agreement=agreement, reason=f"{FULL} is een maand ziek")
    check_in = agreement.check_ins.get(month=3)
    track_services.answer_check_in(
        actor=coordinator,
        check_in=check_in,
        answered_by="coordinator",
        settled=4,
        contact=3,
        going="partly",
        hours_last_month=10,
        wants_support=True,
        note=f"{FULL} vertelde veel",
    )
    # The home was let to him through the commitment tier by ``moved_in`` above.
    assert seeker.allocations.filter(let_on__isnull=False).exists()

    researcher = surveys.researcher()
    wave = surveys.open_wave(building=building, actor=researcher)
    respondent = survey_services.add_respondent(
        actor=researcher, building=building, cohort="targeted"
    )
    survey_services.enter_paper_form(
        actor=researcher,
        wave=wave,
        respondent=respondent,
        completed_on=today,
        answers=surveys.answers(),
    )

    collector = stories.welfare()
    told = stories.story(
        collector,
        teller_name=FULL,
        text=f"Ik ben {FULL}. Sinds de koffieochtend groet ik de buren op de galerij.",
        seeker=seeker,
        building=building,
    )
    stories.redacted(collector, told)
    gone = stories.story(
        collector,
        text="Een verhaal dat niet meer gebruikt mag worden.",
        consent=ConsentTier.ANALYSIS,
        teller_name="Jet Veldkamp",
    )
    stories.redacted(
        collector,
        gone,
        redacted_text="Een verhaal dat niet meer gebruikt mag worden.",
        redacted_significance="Geheim.",
        quotation="",
    )
    story_services.withdraw_consent(
        actor=collector, story=gone, withdrawn_on=today, how=ConsentRecord.How.WRITTEN
    )
    return {
        "seeker": seeker,
        "application": application,
        "respondent": respondent,
        "story": told,
        "gone": gone,
    }


def _rows(files: dict[str, bytes], table: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(files[f"{table}.csv"].decode())))


def test_every_table_is_present_with_its_codebook(records) -> None:
    files = research.export_files(timezone.localdate())
    codebook = {
        (r["table"], r["variable"])
        for r in csv.DictReader(io.StringIO(files["codebook.csv"].decode()))
    }
    for table in (
        "survey_social_cohesion",
        "survey_loneliness",
        "track_applications",
        "track_rubric_scores",
        "track_agreements",
        "track_status_history",
        "track_activity_months",
        "track_activity_by_building",
        "track_check_ins",
        "stories",
    ):
        assert f"{table}.csv" in files and f"{table}.parquet" in files
        header = next(csv.reader(io.StringIO(files[f"{table}.csv"].decode())))
        parquet = pq.read_table(io.BytesIO(files[f"{table}.parquet"]))
        assert parquet.column_names == header
        assert {(table, column) for column in header} <= codebook, table
        assert f"## {table}" in files["codebook.md"].decode()


def test_the_same_person_has_the_same_pseudonym_in_every_table(records) -> None:
    files = research.export_files(timezone.localdate())
    seeker = research.pseudonym(KEY.encode(), "seeker", records["seeker"].registration_number)
    assert [r["tenant"] for r in _rows(files, "lettings")] == [seeker]
    applications = _rows(files, "track_applications")
    assert [r["seeker"] for r in applications] == [seeker]
    assert [r["seeker"] for r in _rows(files, "track_agreements")] == [seeker]
    application = applications[0]["application"]
    assert application == research.pseudonym(
        KEY.encode(), "application", str(records["application"].pk)
    )
    for table in (
        "track_rubric_scores",
        "track_status_history",
        "track_activity_months",
        "track_check_ins",
    ):
        assert {r["application"] for r in _rows(files, table)} == {application}, table
    respondent = research.pseudonym(KEY.encode(), "respondent", records["respondent"].pseudonym)
    cohesion = _rows(files, "survey_social_cohesion")
    loneliness = _rows(files, "survey_loneliness")
    assert [r["respondent"] for r in cohesion] == [respondent]
    assert [r["respondent"] for r in loneliness] == [respondent]
    assert records["respondent"].pseudonym not in files["survey_loneliness.csv"].decode()
    # The scores by the instruments' own rules (see tests/surveys/factories.py).
    assert float(cohesion[0]["score_cohesion"]) == pytest.approx(6.5)
    assert cohesion[0]["item_pleasant"] == "strongly_agree"
    assert float(loneliness[0]["score_loneliness"]) == 4
    assert loneliness[0]["cohort"] == "targeted" and loneliness[0]["wave"] == "0"
    # The same key gives the same pseudonyms in the next export; another key others.
    assert (
        research.export_files(timezone.localdate())["track_agreements.csv"]
        == files["track_agreements.csv"]
    )


def test_structured_answers_are_exported(records) -> None:
    files = research.export_files(timezone.localdate())
    (check_in,) = _rows(files, "track_check_ins")
    assert (check_in["settled"], check_in["contact"], check_in["going"]) == ("4", "3", "partly")
    assert check_in["wants_support"] == "True" and check_in["hours_last_month"] == "10"
    (month,) = _rows(files, "track_activity_months")
    assert (month["entries"], float(month["hours"])) == ("1", 3.5)
    (aggregate,) = _rows(files, "track_activity_by_building")
    assert aggregate["tenants"] == "" and aggregate["suppressed"] == "True"
    history = _rows(files, "track_status_history")
    assert [r["status"] for r in history] == ["waiting", "active", "paused"]
    (agreement,) = _rows(files, "track_agreements")
    assert (agreement["hours_per_month"], agreement["status"]) == ("16", "paused")
    (application,) = _rows(files, "track_applications")
    assert application["decision"] == "approved" and application["rubric_total"]
    assert _rows(files, "track_rubric_scores")


def _every_value(files: dict[str, bytes]) -> str:
    """The text of every file, with the Parquet files read back (they are compressed)."""
    parts = []
    for name, data in files.items():
        if name.endswith(".parquet"):
            parts.append(repr(pq.read_table(io.BytesIO(data)).to_pylist()))
        else:
            parts.append(data.decode())
    return "\n".join(parts)


def test_no_name_and_no_free_text_leaves(records) -> None:
    files = research.export_files(timezone.localdate())
    everything = _every_value(files)
    for word in (*NAME, "Samira", "Ouali", "koffieochtenden doen", "ziek", "vertelde veel"):
        assert word not in everything, word
    assert records["seeker"].registration_number not in everything
    assert records["story"].code not in everything
    # The story's de-identified text is there; the story as told is not.
    (story,) = _rows(files, "stories")
    assert story["story_text"] == "Sinds de koffieochtend groet ik de buren op de galerij."
    assert story["teller_role"] == "targeted_newcomer"


def test_the_download_holds_no_name_either(records) -> None:
    client = Client()
    log_in(client, account("onderzoek", "researcher"))
    response = client.get("/evaluation/research/export.zip")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    files = {name: archive.read(name) for name in archive.namelist()}
    assert "stories.csv" in files and "track_check_ins.parquet" in files
    everything = _every_value(files)
    assert NAME[1] not in everything and NAME[0] not in everything


def test_a_story_whose_consent_was_withdrawn_is_not_exported(records) -> None:
    files = research.export_files(timezone.localdate())
    everything = _every_value(files)
    assert "niet meer gebruikt" not in everything and "Veldkamp" not in everything
    gone = research.pseudonym(KEY.encode(), "story", records["gone"].code)
    assert gone not in everything
    assert len(_rows(files, "stories")) == 1
