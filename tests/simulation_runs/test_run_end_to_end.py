"""A run from the page to its results: queued through the form, run by the worker command
(``run_jobs --once``) with the real engine, then shown with its charts, tables and files."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.staff.accounts import log_in
from voorrang.audit.models import AuditEvent
from voorrang.jobs.models import Job
from voorrang.jobs.states import JobStatus

pytestmark = pytest.mark.django_db


def test_a_run_queued_on_the_page_is_run_by_the_worker_and_shown(officer, data_dir) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    log_in(client, officer)
    form = client.get("/staff/simulations/new/", {"scenario": "zeist-lflat"}).context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and value is not False
    }
    data.update({"share": "50", "years": "0.5", "replications": "2", "compare": "on"})
    response = client.post("/staff/simulations/new/", data)
    assert response.status_code == 302, response.context["form"].errors
    job = Job.objects.get()
    page = reverse("simulations:run", args=[job.pk])
    assert job.status == JobStatus.QUEUED
    assert "0 of 4 replications done" in client.get(page).content.decode()

    out = StringIO()
    call_command("run_jobs", once=True, stdout=out)
    assert "jobs run: 1" in out.getvalue()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert (job.progress_done, job.progress_total) == (4, 4)
    assert list(
        AuditEvent.objects.filter(object_type="jobs.job").values_list("action", flat=True)
    ) == ["job.enqueued", "job.started", "job.done"]

    folder = data_dir / job.result_folder
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["scenarios"] == ["zeist-lflat", "zeist-lflat-changed"]
    assert manifest["replications"] == 2
    assert manifest["charts"]

    html = client.get(page).content.decode()
    assert "Refresh this page" not in html
    for chart in manifest["charts"]:
        # The page shows each chart as drawn in its language, under the same title.
        drawn = chart["languages"]["en"]
        assert drawn["title"] in html
        assert reverse("simulations:file", args=[job.pk, drawn["svg"]]) in html
        svg = client.get(reverse("simulations:file", args=[job.pk, drawn["svg"]]))
        assert svg.status_code == 200
        assert b"<svg" in b"".join(svg.streaming_content)
    # A table per chart, and the table of the headline's numbers that opens the page.
    assert html.count("<table") == 1 + sum(1 for chart in manifest["charts"] if chart["table"])
    assert html.count("The numbers of the chart “") == html.count("<table") - 1

    # Every listed file can be downloaded; the zip holds them all.
    for name in manifest["files"]:
        assert name in html, name
        response = client.get(reverse("simulations:file", args=[job.pk, name]))
        assert response.status_code == 200, name
    csv_name = next(name for name in manifest["files"] if name.endswith(".csv"))
    body = b"".join(
        client.get(reverse("simulations:file", args=[job.pk, csv_name])).streaming_content
    )
    assert next(csv.reader(io.StringIO(body.decode())))
    archive = client.get(reverse("simulations:file", args=[job.pk, "all-files.zip"]))
    names = set(zipfile.ZipFile(io.BytesIO(b"".join(archive.streaming_content))).namelist())
    assert set(manifest["files"]) <= names
