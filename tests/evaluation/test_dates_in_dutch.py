"""Dates and months in the Dutch pages and report are Dutch: "10 januari 2022", "1e kwartaal
2023", never "January" or "2023-Q1"."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.template import Context, Template
from django.utils import translation

from voorrang.evaluation import report
from voorrang.evaluation.example import load_example
from voorrang.evaluation.figures import period_in_words

ENGLISH_MONTHS = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b"
)


@pytest.mark.parametrize(
    ("period", "short", "dutch", "english"),
    [
        ("2023-Q1", False, "1e kwartaal 2023", "Q1 2023"),
        ("2023-Q4", True, "K4 2023", "Q4 2023"),
    ],
)
def test_a_quarter_is_written_in_the_language(period, short, dutch, english) -> None:
    with translation.override("nl"):
        assert period_in_words(period, short=short) == dutch
    with translation.override("en"):
        assert period_in_words(period, short=short) == english


@pytest.mark.django_db
def test_the_dutch_report_writes_its_dates_in_dutch() -> None:
    load_example(language="nl")
    html = report.report_html(as_of=dt.date(2022, 1, 10), language="nl")
    assert "10 januari 2022" in html
    text = re.sub(r"<[^>]+>", " ", re.sub(r"<(style|svg)\b.*?</\1>", " ", html, flags=re.S))
    assert not ENGLISH_MONTHS.search(text), ENGLISH_MONTHS.search(text)


def test_a_date_in_a_simulation_table_is_written_in_the_language() -> None:
    template = Template("{% load simulation_runs %}{{ value|cell }}")
    with translation.override("nl"):
        assert template.render(Context({"value": "2022-01-10"})) == "10 januari 2022"
        assert template.render(Context({"value": "12.5"})) == "12,50"
    with translation.override("en"):
        assert template.render(Context({"value": "2022-01-10"})) == "10 January 2022"


@pytest.mark.django_db
def test_the_dutch_survey_pages_write_their_dates_in_dutch() -> None:
    from django.template.loader import render_to_string
    from django.test import Client
    from django.utils.formats import date_format

    from tests.staff.accounts import account, log_in
    from tests.surveys.factories import open_wave
    from voorrang.surveys import report as survey_report

    with translation.override("nl"):
        section = render_to_string(
            "surveys/report_section.html", survey_report.section(as_of=dt.date(2022, 1, 10))
        )
    assert "10 januari 2022" in section
    wave = open_wave()
    client = Client(headers={"accept-language": "nl"})
    log_in(client, account("researcher-dates", "researcher"))
    html = client.get(f"/staff/surveys/{wave.pk}/").content.decode()
    with translation.override("nl"):
        assert date_format(wave.opens_on, "j F Y") in html
    text = re.sub(r"<[^>]+>", " ", re.sub(r"<(style|svg|script)\b.*?</\1>", " ", html, flags=re.S))
    assert not ENGLISH_MONTHS.search(text), ENGLISH_MONTHS.search(text)
