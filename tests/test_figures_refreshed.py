"""The worker's duty ``refresh_figures`` renders the evaluation's indicators and the survey
results before anyone asks, into a table every process reads; the pages then serve them
without rendering, and render them themselves when no worker has."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from tests.allocation.flow import published
from tests.staff.accounts import account, log_in
from voorrang import snapshots
from voorrang.allocation import services
from voorrang.evaluation import pages
from voorrang.evaluation.example import load_example
from voorrang.jobs.duties import BY_NAME
from voorrang.snapshots.models import RenderedSection
from voorrang.surveys import report

pytestmark = pytest.mark.django_db

INDICATOR = "Days to let, targeted and regular vacancies"


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class Spy:
    """Stands in for a section's render function, counting its calls."""

    def __init__(self, real) -> None:
        self.real, self.calls = real, 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        return self.real(*args, **kwargs)


@pytest.fixture
def renders(monkeypatch) -> dict[str, Spy]:
    spies = {
        "indicators": Spy(pages.indicator_views),
        "survey-results": Spy(report.render_section),
    }
    monkeypatch.setattr(pages, "indicator_views", spies["indicators"])
    monkeypatch.setattr(report, "render_section", spies["survey-results"])
    return spies


def researcher(language: str = "en") -> Client:
    client = Client(headers={"accept-language": language})
    log_in(client, account("onderzoek", "researcher"))
    return client


def test_both_sections_have_a_warmer() -> None:
    assert {"indicators", "survey-results"} <= set(snapshots.warmers())


def test_the_sections_rendered_by_the_duty_are_served_without_rendering(renders) -> None:
    load_example(language="en")
    counts = BY_NAME["refresh_figures"].run()
    # Today, in Dutch and in English, for each section.
    assert counts["rendered"] == 4
    assert renders["indicators"].calls == 2
    assert renders["survey-results"].calls == 2

    for language in ("en", "nl"):
        client = researcher(language)
        page = client.get("/evaluation/indicators/").content.decode()
        assert INDICATOR in page
        assert client.get("/staff/surveys/results/").status_code == 200
    assert renders["indicators"].calls == 2
    assert renders["survey-results"].calls == 2
    with translation.override("en"):
        assert BY_NAME["refresh_figures"].describe(counts) == "4 sections rendered"


def test_nothing_changed_costs_the_duty_one_query_a_section(
    renders, django_assert_num_queries
) -> None:
    load_example(language="en")
    BY_NAME["refresh_figures"].run()
    with django_assert_num_queries(len(snapshots.warmers())):
        assert BY_NAME["refresh_figures"].run()["rendered"] == 0


def test_a_record_changed_makes_the_duty_render_its_sections_again(renders) -> None:
    load_example(language="en")
    staff = account("verhuur1", "staff-allocation")
    vacancy = published(staff)
    snapshots.refresh()
    before = set(RenderedSection.objects.values_list("name", "version"))

    # A vacancy withdrawn: the indicators read vacancies, the survey results do not.
    services.withdraw_vacancy(actor=staff, vacancy=vacancy, reason="Sloop")
    assert snapshots.refresh()["rendered"] == 2
    assert renders["indicators"].calls == 4
    assert renders["survey-results"].calls == 2
    # The indicators' older version is gone from the table; the surveys' stays.
    after = set(RenderedSection.objects.values_list("name", "version"))
    assert len(after) == 2
    assert {v for n, v in after if n == "survey-results"} == {
        v for n, v in before if n == "survey-results"
    }
    assert {v for n, v in after if n == "indicators"}.isdisjoint(
        {v for n, v in before if n == "indicators"}
    )


def test_a_section_kept_by_one_process_is_read_by_another(renders) -> None:
    load_example(language="en")
    snapshots.refresh()
    # Another process: nothing of this one's memory, only the table.
    snapshots.forget()
    kept = RenderedSection.objects.filter(name="indicators")
    assert kept.count() == 2
    assert any(INDICATOR in html for html in kept.values_list("html", flat=True))
    RenderedSection.objects.filter(name="indicators").update(html="<p>from the table</p>")
    page = researcher().get("/evaluation/indicators/").content.decode()
    assert "<p>from the table</p>" in page
    assert renders["indicators"].calls == 2


def test_without_a_worker_the_page_renders_its_section_itself_once(renders) -> None:
    load_example(language="en")
    client = researcher()
    assert INDICATOR in client.get("/evaluation/indicators/").content.decode()
    assert INDICATOR in client.get("/evaluation/indicators/").content.decode()
    assert renders["indicators"].calls == 1
    # The duty finds it ready and renders only the other language.
    assert snapshots.refresh()["rendered"] == 3
