"""A run on the web page compares with the policy in force by default, starts today unless
another day is asked for, and opens with its headline in words, whose numbers are those of
the run's table of differences."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from fractions import Fraction
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.simulation_runs.conftest import queued_run
from tests.staff.accounts import log_in
from voorrang.allocation.policies import policy_name_for
from voorrang.jobs.models import Job
from voorrang.jobs.states import JobStatus
from voorrang.rules import load_policy
from voorrang.simulation_runs.parameters import RunParameters

pytestmark = pytest.mark.django_db


def posted(client: Client, **changes) -> Job:
    form = client.get("/staff/simulations/new/", {"scenario": "zeist-lflat"}).context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and value is not False
    }
    data.update({"replications": "2", "years": "0.5", **changes})
    response = client.post("/staff/simulations/new/", data)
    assert response.status_code == 302, response.context["form"].errors
    return Job.objects.latest("pk")


def test_a_new_run_compares_with_the_policy_in_force_from_today(officer) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    log_in(client, officer)
    today = timezone.localdate()
    form = client.get("/staff/simulations/new/", {"scenario": "zeist-lflat"}).context["form"]
    assert form.initial["compare"] is True
    assert form.initial["start"] == today
    job = posted(client, share="50")
    assert job.parameters["compare"] is True
    assert job.parameters["start"] == today.isoformat()
    in_force = policy_name_for(today)
    assert job.parameters["baseline_rules"] == in_force
    baseline, changed = RunParameters.from_job(job.parameters).scenarios()
    assert baseline.start == changed.start == today
    targeting = load_policy(in_force).targeting
    assert baseline.policy.share == targeting.share
    assert baseline.policy.cap == targeting.cap
    assert baseline.policy.designated == frozenset({"L-flat"})
    assert changed.policy.share == Fraction(1, 2)


def test_a_start_day_asked_for_starts_the_run_and_chooses_the_policy_in_force(officer) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    log_in(client, officer)
    job = posted(client, start="2021-12-01")
    assert job.parameters["baseline_rules"] == "zeist-2021"
    baseline, changed = RunParameters.from_job(job.parameters).scenarios()
    assert baseline.start == changed.start == date(2021, 12, 1)
    assert baseline.policy.rules.id == changed.policy.rules.id == "zeist-2021"


def test_a_bad_start_day_is_refused_naming_the_field(officer) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    log_in(client, officer)
    form = client.get("/staff/simulations/new/", {"scenario": "zeist-lflat"}).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and v is not False}
    data["start"] = "1899-01-01"
    response = client.post("/staff/simulations/new/", data)
    assert response.status_code == 400
    assert "start" in response.context["form"].errors
    assert not Job.objects.exists()


def comparison(data_dir, job) -> dict[str, dict[str, str]]:
    text = (data_dir / job.result_folder / "comparison.csv").read_text(encoding="utf-8")
    return {
        row["figure"]: row
        for row in csv.DictReader(io.StringIO(text))
        if row["scenario"] == "zeist-lflat-changed" and row["minus"] == "zeist-lflat"
    }


def rounded(value: float, low: float, high: float) -> list[float]:
    decimals = 0 if max(abs(value), abs(low), abs(high)) >= 5 else 1
    return [round(v, decimals) for v in (value, low, high)]


def numbers(text: str) -> list[float]:
    return [float(n.replace(",", "")) for n in re.findall(r"-?\d[\d,]*(?:\.\d+)?", text)]


def test_the_headline_in_words_has_the_numbers_of_the_table(officer, data_dir) -> None:
    today = timezone.localdate()
    job = queued_run(
        officer,
        share="1/3",
        cap=None,
        months=12,
        replications=3,
        compare=True,
        start=today.isoformat(),
        baseline_rules=policy_name_for(today),
    )
    call_command("run_jobs", once=True, stdout=StringIO())
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    table = comparison(data_dir, job)

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    log_in(client, officer)
    html = client.get(reverse("simulations:run", args=[job.pk])).content.decode()
    sentence = re.search(r"<p data-headline>(.*?)</p>", html, re.S).group(1)
    # The headline comes first on the page, before the run's facts and charts.
    assert html.index("data-headline") < html.index("Results")
    assert sentence.startswith("With a share of a third: about ")

    lettings = table["targeted lettings per year"]
    mean, low, high = (float(lettings[k]) for k in ("mean", "low_2.5", "high_97.5"))
    shown = rounded(mean, low, high)
    part = re.search(r"about (.*?) targeted lettings a year \[(.*?)\]", sentence)
    direction = "more" if shown[0] > 0 else "fewer" if shown[0] < 0 else "as many"
    assert direction in part.group(1)
    sign = -1 if shown[0] < 0 else 1
    assert numbers(part.group(1))[:1] == ([abs(shown[0])] if shown[0] else [])
    assert numbers(part.group(2)) == sorted([sign * shown[1], sign * shown[2]])
    assert mean > 0  # a third against a quarter with no cap: more targeted lettings

    registration = table.get(
        "median registration years at allocation, regular, designated buildings"
    )
    words = re.search(r"regular seekers in the designated buildings (.*?)\.$", sentence).group(1)
    if registration is None or not registration["mean"]:
        assert "cannot be compared" in words
    else:
        months = [float(registration[k]) * 12 for k in ("mean", "low_2.5", "high_97.5")]
        shown = rounded(*months)
        sign = -1 if shown[0] < 0 else 1
        found = re.search(r"(.*?)\[(.*?)\]", words)
        if shown[0]:
            assert numbers(found.group(1)) == [abs(shown[0])]
            assert ("longer" if sign > 0 else "shorter") in found.group(1)
        assert numbers(found.group(2)) == sorted([sign * shown[1], sign * shown[2]])

    # The table beside the headline gives the same rows of the file, unrounded.
    for figure, row in (("targeted lettings per year", lettings),):
        cells = re.search(rf'<tr data-figure="{figure}">(.*?)</tr>', html, re.S).group(1)
        assert numbers(re.sub(r"<[^>]+>", " ", cells))[-3:] == [
            round(float(row[k]), 2) for k in ("mean", "low_2.5", "high_97.5")
        ]

    # The same headline in Dutch, with Dutch numbers.
    dutch = Client(HTTP_ACCEPT_LANGUAGE="nl")
    log_in(dutch, officer)
    html = dutch.get(reverse("simulations:run", args=[job.pk])).content.decode()
    sentence = re.search(r"<p data-headline>(.*?)</p>", html, re.S).group(1)
    assert sentence.startswith("Met een aandeel van een derde: ongeveer ")
    assert "gerichte toewijzingen per jaar" in sentence
    # With a decimal comma, the ends of an interval are split by a semicolon.
    assert re.search(r"\[-?[\d,]+; -?[\d,]+\]", sentence)
    assert "Laagste 2,5%<" in html and "In het kort" in html
