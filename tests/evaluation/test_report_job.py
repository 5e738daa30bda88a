"""The report button queues a job of the job queue: the page shows where it stands (without
JavaScript), a worker builds and keeps the report, and the page then offers it for download;
earlier builds are kept."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.test import Client

from tests.staff.accounts import account, log_in
from voorrang.audit.models import AuditEvent
from voorrang.evaluation import jobs as report_jobs
from voorrang.evaluation import report
from voorrang.evaluation.example import load_example
from voorrang.evaluation.models import EvaluationReport
from voorrang.jobs import services as jobs
from voorrang.jobs.models import Job
from voorrang.jobs.registry import JobCancelled
from voorrang.jobs.states import JobStatus

AS_OF = dt.date(2024, 6, 30)


@pytest.fixture(autouse=True)
def _fast_passwords(settings, tmp_path) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.DATA_DIR = tmp_path


def run_jobs() -> str:
    out = io.StringIO()
    call_command("run_jobs", once=True, stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_the_button_queues_the_build_and_the_page_offers_the_report_when_done() -> None:
    load_example()
    user = account("beleid", "policy")
    client = Client(headers={"accept-language": "en"})
    log_in(client, user)
    response = client.post("/evaluation/report/", {"as_of": "2024-06-30", "language": "en"})
    job = Job.objects.get(kind=report_jobs.KIND)
    assert response.status_code == 302
    assert response["Location"] == f"/evaluation/report/builds/{job.pk}/"
    assert job.status == JobStatus.QUEUED and job.created_by == user
    assert job.parameters == {"as_of": "2024-06-30", "language": "en"}
    assert not EvaluationReport.objects.exists()  # nothing is built in the request
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"job.enqueued", "evaluation.report_requested"} <= actions

    waiting = client.get(response["Location"]).content.decode()
    assert "waiting for a worker" in waiting and "0 of 3 steps done" in waiting
    assert "Download the report" not in waiting
    assert "Builds asked for" in client.get("/evaluation/report/").content.decode()

    assert "jobs run: 1" in run_jobs()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert job.progress_done == job.progress_total == 3
    built = EvaluationReport.objects.get()
    assert (built.job, built.built_by, built.as_of, built.language) == (job, user, AS_OF, "en")
    assert AuditEvent.objects.filter(action="evaluation.report_built").count() == 1

    done = client.get(f"/evaluation/report/builds/{job.pk}/").content.decode()
    assert "The report is ready" in done and "Refresh this page" not in done
    assert f"/evaluation/report/{built.pk}.pdf" in done
    pdf = client.get(f"/evaluation/report/{built.pk}.pdf")
    assert pdf.status_code == 200 and bytes(pdf.content).startswith(b"%PDF")
    html = client.get(f"/evaluation/report/{built.pk}.html").content.decode()
    assert html == report.report_html(as_of=AS_OF, language="en")
    page = client.get("/evaluation/report/").content.decode()
    assert "30 June 2024" in page and "Builds asked for" not in page

    # A second build is kept beside the first.
    client.post("/evaluation/report/", {"as_of": "2024-06-30", "language": "nl"})
    run_jobs()
    assert sorted(EvaluationReport.objects.values_list("language", flat=True)) == ["en", "nl"]


@pytest.mark.django_db(transaction=True)
def test_a_failed_build_says_why_on_its_page() -> None:
    user = account("onderzoek", "researcher")
    job = jobs.enqueue(
        actor=user,
        kind=report_jobs.KIND,
        parameters={"as_of": "30-06-2024", "language": "en"},
        title="broken",
        total=3,
    )
    run_jobs()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    client = Client(headers={"accept-language": "en"})
    log_in(client, user)
    page = client.get(f"/evaluation/report/builds/{job.pk}/").content.decode()
    assert "The build failed" in page and "not usable" in page
    assert "broken" in client.get("/evaluation/report/").content.decode()
    assert not EvaluationReport.objects.exists()


@pytest.mark.django_db
def test_a_bad_date_is_refused_naming_the_field_and_nothing_is_queued() -> None:
    client = Client(headers={"accept-language": "en"})
    log_in(client, account("onderzoek", "researcher"))
    response = client.post("/evaluation/report/", {"as_of": "30-06-2024", "language": "en"})
    assert response.status_code == 400
    assert "Data as of" in response.content.decode()
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_a_report_is_not_kept_for_a_job_that_no_longer_runs() -> None:
    user = account("onderzoek", "researcher")
    job = jobs.enqueue(
        actor=user,
        kind=report_jobs.KIND,
        parameters=report_jobs.parameters(as_of=AS_OF, language="en"),
        total=3,
    )
    jobs.cancel(actor=user, job=job)
    built = report.BuiltReport(html="<p>x</p>", pdf=b"%PDF", seconds=1.0)
    with pytest.raises(JobCancelled):
        report.keep_for_job(built, job_id=job.pk, as_of=AS_OF, language="en")
    assert not EvaluationReport.objects.exists()


@pytest.mark.django_db
def test_the_build_page_is_only_for_builds_of_the_report() -> None:
    user = account("beleid", "policy")
    other = Job.objects.create(kind="simulation", title="run")
    client = Client()
    log_in(client, user)
    assert client.get(f"/evaluation/report/builds/{other.pk}/").status_code == 404
    assert client.get("/evaluation/report/builds/999999/").status_code == 404


@pytest.mark.django_db
def test_the_report_command_still_builds_directly(tmp_path) -> None:
    load_example()
    call_command("evaluation_report", "--out", str(tmp_path / "out"), "--as-of", "2024-06-30")
    assert (tmp_path / "out" / "report.pdf").exists()
    assert not Job.objects.exists()
