"""A policy officer queues a run in a real browser and follows it to its results; axe-core
finds no accessibility violations on the form (also with its errors) and on the run's page,
while it runs and when it is done."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.portal.browser import axe_violations
from tests.simulation_runs.conftest import finish_with_files, queued_run
from tests.staff.accounts import PASSWORD, account, pass_second_factor
from voorrang.jobs.models import Job
from voorrang.jobs.states import JobStatus

pytestmark = [
    pytest.mark.browser,
    # The live server answers from another thread, so the test data must be committed.
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def screenshots() -> Path | None:
    import os

    folder = os.environ.get("VOORRANG_SCREENSHOTS")
    if not folder:
        return None
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    return path


def check_accessibility(page, name: str, screenshots: Path | None, javascript: bool) -> None:
    """axe-core runs in the page, so only in a context with JavaScript on."""
    if screenshots is not None:
        page.screenshot(path=str(screenshots / f"{name}.png"), full_page=True)
    if javascript:
        assert axe_violations(page) == [], name


def log_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/staff/simulations/")
    assert "/accounts/login/" in page.url
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    pass_second_factor(page, username)
    assert page.url == f"{base_url}/staff/simulations/"


@pytest.mark.parametrize("javascript", [False, True], ids=["without-js", "with-js"])
def test_a_run_from_the_form_to_its_results(chromium, live_server, screenshots, javascript) -> None:
    account("beleid", "policy")
    context = chromium.new_context(locale="en-GB", java_script_enabled=javascript)
    page = context.new_page()
    base = live_server.url
    log_in(page, base, "beleid")
    suffix = "js" if javascript else "nojs"
    check_accessibility(page, f"simulations-list-{suffix}", screenshots, javascript)

    page.get_by_role("link", name="New run").click()
    page.get_by_label("zeist-lflat").check()
    check_accessibility(page, f"simulations-choose-{suffix}", screenshots, javascript)
    page.get_by_role("button", name="Next").click()
    check_accessibility(page, f"simulations-form-{suffix}", screenshots, javascript)

    # A wrong value: the error names the field, and the page stays accessible.
    page.get_by_label("Share of the designated buildings' vacancies that is targeted (%)").fill(
        "150"
    )
    page.get_by_role("button", name="Queue the run").click()
    page.get_by_text("There is a problem").wait_for()
    assert page.get_by_role("link", name="Share of the designated").count() == 1
    check_accessibility(page, f"simulations-form-error-{suffix}", screenshots, javascript)
    assert not Job.objects.exists()

    page.get_by_label("Share of the designated buildings' vacancies that is targeted (%)").fill(
        "50"
    )
    page.get_by_label("Replications").fill("2")
    page.get_by_role("button", name="Queue the run").click()
    job = Job.objects.get()
    assert page.url == f"{base}/staff/simulations/{job.pk}/"
    assert job.status == JobStatus.QUEUED
    # Compared with the policy in force by default: two policies of 2 replications each.
    assert job.parameters["compare"] is True
    page.get_by_text("0 of 4 replications done").wait_for()
    check_accessibility(page, f"simulations-queued-{suffix}", screenshots, javascript)

    finish_with_files(job)
    if javascript:
        # The page notices by itself that the run is done and shows its results.
        page.get_by_role("heading", name="Results").wait_for(timeout=15_000)
    else:
        page.get_by_role("link", name="Refresh this page").click()
        page.get_by_role("heading", name="Results").wait_for()
    # The table of a chart is one click away (the page stays short with many charts).
    page.get_by_text("The numbers of this chart (table)").click()
    assert page.get_by_role("table", name="The numbers of the chart").count() == 1
    image = page.get_by_role("img", name="Chart: Registration years at allocation")
    assert image.evaluate("img => img.naturalWidth") > 0
    check_accessibility(page, f"simulations-done-{suffix}", screenshots, javascript)

    with page.expect_download() as download:
        page.get_by_role("link", name="figures.csv").click()
    assert Path(download.value.path()).read_text().startswith("figure,mean")
    context.close()


def test_the_page_of_a_real_run_passes_axe_with_every_table_open(
    chromium, live_server, officer, screenshots
) -> None:
    from django.core.management import call_command

    job = queued_run(officer, compare=True)
    call_command("run_jobs", once=True)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    page = chromium.new_context(locale="en-GB").new_page()
    log_in(page, live_server.url, "beleid")
    page.goto(f"{live_server.url}/staff/simulations/{job.pk}/")
    summaries = page.locator("main summary")
    assert summaries.count() >= 2
    for index in range(summaries.count()):
        summaries.nth(index).click()
    # Every chart's table, and the table of the headline's numbers at the top.
    assert page.get_by_role("table").count() == summaries.count() + 1
    assert page.get_by_role("heading", name="In short").count() == 1
    check_accessibility(page, "simulations-real-run", screenshots, javascript=True)
