"""The evaluation pages, and the report itself, pass axe-core with zero violations in chromium."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator

import pytest
from django.core.management import call_command

from tests.portal.browser import axe_violations, log_in
from tests.staff.accounts import account
from voorrang.evaluation import report
from voorrang.evaluation.example import load_example

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(chromium) -> Iterator[object]:
    context = chromium.new_context(locale="en-GB", timezone_id="Europe/Amsterdam")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def test_every_evaluation_page_passes_axe(page, live_server, settings, tmp_path) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.DATA_DIR = tmp_path
    settings.VOORRANG_RESEARCH_KEY = "k" * 40
    load_example()
    log_in(page, live_server, account("onderzoeker", "researcher"))
    base = live_server.url
    problems: list[str] = []
    for path in [
        "/evaluation/",
        "/evaluation/indicators/?as_of=2024-06-30",
        "/evaluation/indicators/import/",
        "/evaluation/theory/import/",
        "/evaluation/report/",
        "/evaluation/research/",
    ]:
        response = page.goto(base + path)
        assert response.status == 200, path
        problems += [f"{path}: {v}" for v in axe_violations(page)]
    # A build of the report, waiting for the worker and then done.
    page.goto(base + "/evaluation/report/")
    page.get_by_role("button", name="Build the report").click()
    page.wait_for_url("**/evaluation/report/builds/*/")
    assert "/evaluation/report/builds/" in page.url
    problems += [f"build waiting: {v}" for v in axe_violations(page)]
    call_command("run_jobs", once=True, stdout=io.StringIO())
    page.reload()
    assert page.get_by_text("The report is ready").count() == 1
    problems += [f"build done: {v}" for v in axe_violations(page)]
    # A form with errors.
    page.goto(base + "/evaluation/indicators/import/")
    with page.expect_navigation():
        page.click("button[type=submit]")
    problems += [f"import errors: {v}" for v in axe_violations(page)]
    # The report as a document of its own.
    path = tmp_path / "report.html"
    path.write_text(report.report_html(as_of=dt.date(2024, 6, 30), language="en"))
    page.goto(path.as_uri())
    problems += [f"report: {v}" for v in axe_violations(page)]
    assert problems == []
