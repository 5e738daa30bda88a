"""The policy officer's simulation pages: choosing a scenario, changing its policy, queueing
a run (never running it in the request), following its progress, its results and files."""

from __future__ import annotations

import zipfile
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse

from tests.simulation_runs.conftest import queued_run
from tests.staff.accounts import account, log_in
from voorrang.audit.models import AuditEvent
from voorrang.jobs.models import Job
from voorrang.jobs.states import JobStatus
from voorrang.simulation_runs.parameters import RunParameters

pytestmark = pytest.mark.django_db

NEW = "/staff/simulations/new/"


@pytest.fixture
def client(officer) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    log_in(client, officer)
    return client


def form_data(**changes) -> dict[str, str]:
    data = {
        "scenario": "zeist-lflat",
        "title": "",
        "share": "50",
        "cap": "30",
        "designated": ["L-flat"],
        "lottery_share": "10",
        "tier_1": "commitment",
        "tier_2": "urgency",
        "tier_3": "local",
        "tier_4": "regular",
        "response_limit": "3",
        "years": "1.5",
        "replications": "4",
        "compare": "on",
        "engine": "fast",
        "seed": "7",
        "start": "2021-12-01",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_the_policy_officer_sees_the_simulations_in_the_menu(client) -> None:
    html = client.get("/").content.decode()
    assert 'href="/staff/simulations/"' in html


def test_a_new_run_starts_with_the_choice_of_a_scenario(client) -> None:
    response = client.get(NEW)
    assert response.status_code == 200
    assert 'value="zeist-lflat"' in response.content.decode()


def test_the_form_starts_from_the_scenarios_policy(client) -> None:
    response = client.get(NEW, {"scenario": "zeist-lflat"})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["share"] == 25
    assert form.initial["cap"] == 20
    assert form.initial["designated"] == ["L-flat"]
    assert [form.initial[f"tier_{i}"] for i in range(1, 5)] == [
        "commitment",
        "urgency",
        "local",
        "regular",
    ]
    assert str(form.initial["years"]) == "1.8"


def test_an_unknown_scenario_is_refused_naming_the_field(client) -> None:
    response = client.get(NEW, {"scenario": "atlantis"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Scenario:" in html and "atlantis" in html


def test_submitting_queues_the_run_and_runs_nothing_in_the_request(client, data_dir) -> None:
    response = client.post(NEW, form_data())
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("simulations:run", args=[job.pk])
    assert job.status == JobStatus.QUEUED
    assert job.kind == "simulation"
    assert job.progress_total == 8  # 4 replications of two policies
    run = RunParameters.from_job(job.parameters)
    assert (run.share, run.cap, run.lottery_share) == ("1/2", 30, 0.1)
    assert (run.response_limit, run.months, run.seed, run.compare) == (3, 18, 7, True)
    assert job.title == "Zeist: the L-flat, 50% targeted, at most 30 a year"
    assert not (data_dir / "jobs").exists()
    assert AuditEvent.objects.filter(action="job.enqueued", actor__username="beleid").exists()
    # Both scenarios are built as the worker will build them.
    unchanged, changed = run.scenarios()
    assert (unchanged.policy.cap, changed.policy.cap) == (20, 30)
    assert changed.seekers.max_open_responses == 3


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"share": "150"}, "share", "less than or equal to 100"),
        ({"cap": "-1"}, "cap", "greater than or equal to 0"),
        ({"replications": "0"}, "replications", "greater than or equal to 1"),
        ({"replications": "abc"}, "replications", "Enter a whole number"),
        ({"tier_3": "urgency"}, "tier_3", "already an earlier tier"),
        ({"tier_4": ""}, "tier_1", "regular tier must be one of the tiers"),
        ({"designated": ["Atlantis"]}, "designated", "Select a valid choice"),
        ({"years": "0"}, "years", "greater than or equal to 0.1"),
    ],
)
def test_a_bad_value_is_refused_naming_the_field_and_nothing_is_queued(
    client, changes, field, message
) -> None:
    response = client.post(NEW, form_data(**changes))
    assert response.status_code == 400
    form = response.context["form"]
    assert message in " ".join(form.errors[field]), form.errors
    html = response.content.decode()
    assert "There is a problem" in html
    assert f'href="#id_{field}' in html
    assert not Job.objects.exists()


def test_the_run_page_shows_a_queued_run_with_a_refresh_link_and_its_progress(
    client, officer
) -> None:
    job = queued_run(officer)
    html = client.get(reverse("simulations:run", args=[job.pk])).content.decode()
    assert "queued" in html
    assert "0 of 2 replications done" in html
    assert f'href="/staff/simulations/{job.pk}/">Refresh this page' in html
    assert "progress.js" in html
    progress = client.get(reverse("simulations:progress", args=[job.pk])).json()
    assert progress == {
        "status": "queued",
        "status_label": "queued",
        "done": 0,
        "total": 2,
        "percent": 0,
        "finished": False,
    }


def test_a_run_can_be_cancelled_from_its_page(client, officer) -> None:
    job = queued_run(officer)
    response = client.post(reverse("simulations:cancel", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    again = client.post(reverse("simulations:cancel", args=[job.pk]), follow=True)
    assert "cannot become cancelled" in again.content.decode()


def test_the_list_keeps_earlier_runs_newest_first_with_who_asked(client, officer) -> None:
    first = queued_run(officer, title="Half of the vacancies")
    second = queued_run(account("wethouder", "policy"), title="No cap")
    html = client.get("/staff/simulations/").content.decode()
    assert html.index(">No cap<") < html.index(">Half of the vacancies<")
    assert "wethouder" in html and "beleid" in html
    assert reverse("simulations:run", args=[first.pk]) in html
    assert reverse("simulations:run", args=[second.pk]) in html


def test_a_finished_run_shows_its_charts_with_their_tables_and_files(
    storage_backend, client, finished_run
) -> None:
    """On both file storages (the data folder, the database)."""
    html = client.get(reverse("simulations:run", args=[finished_run.pk])).content.decode()
    assert "<h3" in html and "Registration years at allocation" in html
    assert f'<img src="/staff/simulations/{finished_run.pk}/files/charts/waiting.svg"' in html
    assert "The numbers of the chart “Registration years at allocation”</caption>" in html
    # The columns by their names in the page's language; a manifest without chart keys (an
    # older run) keeps its title.
    assert '<th scope="col">Low (2.5th percentile)</th>' in html
    assert "<td>3.14</td>" in html
    assert "figures.csv" in html and "All files of this run (zip)" in html
    assert "secret.txt" not in html
    assert "Refresh this page" not in html


def test_the_files_of_a_run_are_served_only_as_listed(
    storage_backend, client, finished_run
) -> None:
    """On both file storages (the data folder, the database)."""

    def get(name: str):
        return client.get(reverse("simulations:file", args=[finished_run.pk, name]))

    svg = get("charts/waiting.svg")
    assert svg.status_code == 200
    assert svg["Content-Type"] == "image/svg+xml"
    assert "sandbox" in svg["Content-Security-Policy"]
    assert "attachment" not in svg.get("Content-Disposition", "")
    csv = get("figures.csv")
    assert csv["Content-Disposition"] == 'attachment; filename="figures.csv"'
    assert b"".join(csv.streaming_content).startswith(b"figure,mean")
    archive = get("all-files.zip")
    assert f"voorrang-simulation-{finished_run.pk}.zip" in archive["Content-Disposition"]
    names = zipfile.ZipFile(BytesIO(b"".join(archive.streaming_content))).namelist()
    assert "figures.csv" in names and "manifest.json" in names
    for name in ("secret.txt", "../../secret_key", "charts/../secret.txt", "nothing.csv"):
        assert get(name).status_code == 404, name


def test_the_files_of_an_unfinished_run_are_not_served(client, officer) -> None:
    job = queued_run(officer)
    response = client.get(reverse("simulations:file", args=[job.pk, "manifest.json"]))
    assert response.status_code == 404


def test_a_failed_run_shows_its_error(client, officer) -> None:
    from voorrang.jobs import services as jobs

    job = queued_run(officer)
    jobs.claim_next(worker="w")
    jobs.fail(job=job, worker="w", error="policy.share: must be between 0 and 1")
    html = client.get(reverse("simulations:run", args=[job.pk])).content.decode()
    assert "The run failed" in html and "policy.share: must be between 0 and 1" in html


def test_a_new_run_can_start_from_an_earlier_one(client, officer) -> None:
    job = queued_run(officer, cap=7, compare=True)
    response = client.get(NEW, {"scenario": "zeist-lflat", "from": job.pk})
    assert response.context["form"].initial["cap"] == 7
    assert response.context["form"].initial["compare"] is True
