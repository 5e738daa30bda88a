"""The evaluation pages, and the report itself, pass axe-core with zero violations in chromium."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

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
    # A form with errors.
    page.goto(base + "/evaluation/indicators/import/")
    page.click("button[type=submit]")
    problems += [f"import errors: {v}" for v in axe_violations(page)]
    # The report as a document of its own.
    path = tmp_path / "report.html"
    path.write_text(report.report_html(as_of=dt.date(2024, 6, 30), language="en"))
    page.goto(path.as_uri())
    problems += [f"report: {v}" for v in axe_violations(page)]
    assert problems == []
