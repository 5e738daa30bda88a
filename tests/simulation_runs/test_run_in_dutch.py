"""A finished run's page in Dutch: the chart headings, captions and table headers come from
the page (by the keys and column names of the manifest), not from the engine's English; the
charts' images are drawn in the page's language."""

from __future__ import annotations

import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.staff.accounts import log_in
from voorrang.jobs.models import Job
from voorrang.jobs.states import JobStatus
from voorrang.simulation_runs.labels import (
    CHART_TITLES,
    COLUMN_LABELS,
    cell_label,
    chart_title,
    column_label,
)

pytestmark = pytest.mark.django_db


def finished_run(officer) -> Job:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    log_in(client, officer)
    form = client.get("/staff/simulations/new/", {"scenario": "zeist-lflat"}).context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and value is not False
    }
    # The scenario's own period (from December 2021), not today's, as asked for on the form.
    data.update(
        {"share": "50", "years": "0.5", "replications": "2", "compare": "on", "start": "2021-12-01"}
    )
    assert client.post("/staff/simulations/new/", data).status_code == 302
    call_command("run_jobs", once=True, stdout=StringIO())
    job = Job.objects.get()
    assert job.status == JobStatus.DONE, job.error
    return job


def test_a_finished_run_is_shown_in_dutch(officer, data_dir) -> None:
    job = finished_run(officer)
    manifest = json.loads((data_dir / job.result_folder / "manifest.json").read_text())
    keys = {chart["key"] for chart in manifest["charts"]}
    assert {"registration-time", "homes-let-per-year", "register", "differences"} <= keys
    # Every chart and every column the engine wrote has a translation on the page.
    assert keys <= set(CHART_TITLES)
    for chart in manifest["charts"]:
        assert set(chart["columns"]) <= set(COLUMN_LABELS), chart["key"]

    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    log_in(client, officer)
    html = client.get(reverse("simulations:run", args=[job.pk])).content.decode()
    assert 'lang="nl"' in html
    for dutch in (
        "Inschrijfduur bij toewijzing, regio",
        "Verhuurde woningen per jaar",
        "Woningzoekenden in het register",
        "Inschrijfduur: verschillen met Zeist: de L-flat, huidig beleid",
        "Toewijzingen per voorrangsgroep, regio",
        "De cijfers van de grafiek “Verhuurde woningen per jaar”",
        "Grafiek: Woningzoekenden in het register.",
        '<th scope="col">Gemiddelde</th>',
        '<th scope="col">Laag (2,5e percentiel)</th>',
        '<th scope="col">Hoog (97,5e percentiel)</th>',
        '<th scope="col">Herhalingen</th>',
        '<th scope="col">Vergeleken met</th>',
    ):
        assert dutch in html, dutch
    for english in (
        "Homes let per year",
        "Seekers on the register",
        "Registration time at allocation",
        "Allocations per tier",
        '<th scope="col">mean</th>',
        '<th scope="col">low_2.5</th>',
        '<th scope="col">replications</th>',
        "<td>region</td>",
    ):
        assert english not in html, english
    # The engine's scope in the cells is in Dutch too, and the scenarios by their titles.
    assert "<td>regio</td>" in html
    assert "<td>Zeist: de L-flat, huidig beleid</td>" in html
    assert "<td>zeist-lflat</td>" not in html


def test_unknown_charts_and_columns_keep_the_engine_text() -> None:
    with translation.override("nl"):
        assert chart_title({"key": "homes-let-per-year", "title": "x"}) == (
            "Verhuurde woningen per jaar"
        )
        assert (
            chart_title({"key": "make-up", "params": {"building": "L-flat"}, "title": "x"})
            == "Samenstelling van L-flat"
        )
        assert chart_title({"key": "something-new", "title": "Something new"}) == "Something new"
        assert chart_title({"title": "A run from before keys"}) == "A run from before keys"
        # A key whose parameters are missing falls back rather than failing.
        assert chart_title({"key": "make-up", "title": "Make-up of A"}) == "Make-up of A"
        assert column_label("mean") == "Gemiddelde"
        assert column_label("a_new_column") == "a_new_column"
        assert cell_label("scope", "designated buildings") == "aangewezen gebouwen"
        assert cell_label("scope", "elsewhere") == "elsewhere"
        assert cell_label("scenario", "region") == "region"


def chart_svg(client: Client, html: str, stem: str) -> str:
    """The SVG of the run page's chart ``stem``, as the page's image asks for it."""
    found = re.search(rf'<img src="([^"]*/charts/[^"]*{stem}\.svg)"', html)
    assert found, stem
    response = client.get(found.group(1))
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()


def chart_texts(client: Client, html: str, stem: str) -> list[str]:
    """The texts drawn in a chart (matplotlib writes each text it draws as paths as a
    comment before it)."""
    return re.findall(r"<!-- (.*?) -->", chart_svg(client, html, stem))


def x_tick_labels(client: Client, html: str, stem: str) -> list[str]:
    return re.findall(r'<g id="xtick_\d+">.*?<!-- (.*?) -->', chart_svg(client, html, stem), re.S)


def test_the_charts_of_a_run_are_drawn_in_the_pages_language(officer, data_dir) -> None:
    job = finished_run(officer)
    expected = {
        "nl": {
            "homes-let-per-year": [
                "Verhuurde woningen per jaar",
                "verhuurde woningen (gemiddelde, 95%-interval)",
                "kalenderjaar (eerste en laatste kunnen onvolledig zijn)",
                "Zeist: de L-flat, huidig beleid",
                "Zeist: de L-flat, gewijzigd beleid",
            ],
            "register": [
                "Woningzoekenden in het register",
                "woningzoekenden (gemiddelde, 95%-band)",
                "in het register – Zeist: de L-flat, huidig beleid",
                "zoekend – Zeist: de L-flat, gewijzigd beleid",
                "dec 2021",
                "mrt 2022",
                "mei 2022",
            ],
            "allocations-per-tier-region": ["Toewijzingen per voorrangsgroep, regio", "urgentie"],
        },
        "en": {
            "homes-let-per-year": [
                "Homes let per year",
                "homes let (mean, 95% interval)",
                "calendar year (first and last may be partial)",
                "Zeist: the L-flat, policy in force",
                "Zeist: the L-flat, changed policy",
            ],
            "register": [
                "Seekers on the register",
                "seekers (mean, 95% band)",
                "on the register – Zeist: the L-flat, policy in force",
                "searching – Zeist: the L-flat, changed policy",
                "Dec 2021",
                "Mar 2022",
                "May 2022",
            ],
            "allocations-per-tier-region": ["Allocations per tier, region", "urgency"],
        },
    }
    for language, charts in expected.items():
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        log_in(client, officer)
        html = client.get(reverse("simulations:run", args=[job.pk])).content.decode()
        for stem, words in charts.items():
            texts = chart_texts(client, html, stem)
            for word in words:
                assert word in texts, (language, stem, word, texts)
        other = "en" if language == "nl" else "nl"
        for word in expected[other]["homes-let-per-year"][:3]:
            assert word not in chart_texts(client, html, "homes-let-per-year"), word
        # The year axis: the run's calendar years, whole, and nothing between them.
        assert x_tick_labels(client, html, "homes-let-per-year") == ["2021", "2022"]


def test_the_run_page_names_its_engine_and_scenario_in_the_pages_language(officer) -> None:
    job = finished_run(officer)
    for language, engine, scenario in (
        ("nl", "snel (alle reacties van een maand tegelijk)", "Zeist: de L-flat (zeist-lflat)"),
        ("en", "fast (all of a month&#x27;s responses at once)", "Zeist: the L-flat (zeist-lflat)"),
    ):
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        log_in(client, officer)
        html = client.get(reverse("simulations:run", args=[job.pk])).content.decode()
        assert f"<dd>{engine}</dd>" in html, language
        assert f"<dd>{scenario}</dd>" in html, language
        assert "<dd>fast</dd>" not in html
        listing = client.get(reverse("simulations:list")).content.decode()
        assert f"<td>{scenario.split(' (')[0]}</td>" in listing
