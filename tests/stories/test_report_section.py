"""The stories' section of the evaluation report: per domain the chosen stories within consent,
the panel's reasons, and the counts of stories collected; the same data give the same section."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape

from tests.stories.stories import REASONS, domain, period, redacted, shown, story, welfare
from voorrang.stories import report, services
from voorrang.stories.consent import ConsentTier

pytestmark = pytest.mark.django_db


@pytest.fixture
def chosen():
    actor = welfare()
    period("2024", dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    published = redacted(actor, story(actor, teller_name="Noura Haddad"))
    analysis = story(actor, consent=ConsentTier.ANALYSIS, teller_role="professional")
    story(actor, told_on=dt.date(2024, 3, 1), direction="no_change", prompt="no_change")
    later = story(actor, told_on=dt.date(2024, 9, 1), domain=domain("Safety", 1))
    panel = shown(actor, published)
    services.record_selection(
        actor=actor,
        selection_round=panel,
        domain=published.domain,
        story=published,
        reasons=REASONS,
    )
    services.close_round(actor=actor, selection_round=panel)
    return {"published": published, "analysis": analysis, "later": later}


def test_the_section_has_per_domain_the_chosen_story_and_the_reasons(chosen) -> None:
    with translation.override("en"):
        section = report.section(as_of=dt.date(2024, 12, 31))
    contact, safety = section["domains"]
    assert contact["name"] == "Contact between neighbours"
    assert contact["collected"] == 3
    (entry,) = contact["selections"]
    assert entry["text"] == chosen["published"].redacted_text
    assert entry["reasons"] == REASONS
    assert entry["teller_role"] == "targeted newcomer"
    assert entry["round"] == "Panel 2023"
    assert safety["selections"] == []
    assert safety["collected"] == 1


def test_the_counts_per_domain_role_and_period(chosen) -> None:
    with translation.override("en"):
        counts = report.section(as_of=dt.date(2024, 12, 31))["counts"]
    assert counts["total"] == 4
    assert counts["by_domain"] == [
        {"label": "Contact between neighbours", "count": 3},
        {"label": "Safety", "count": 1},
    ]
    assert counts["by_role"] == [
        {"label": "targeted newcomer", "count": 3},
        {"label": "other resident", "count": 0},
        {"label": "professional", "count": 1},
    ]
    assert counts["by_period"] == [{"label": "2023", "count": 2}, {"label": "2024", "count": 2}]
    no_change = [row for row in counts["by_direction"] if row["label"] == "no change"]
    assert no_change == [{"label": "no change", "count": 1}]


def test_an_earlier_date_counts_and_shows_what_was_there_then(chosen) -> None:
    section = report.section(as_of=dt.date(2023, 11, 1))
    assert section["counts"]["total"] == 2
    # The round was held on 20 November 2023: not yet in a report of 1 November.
    assert all(d["selections"] == [] for d in section["domains"])


def test_the_same_data_give_the_same_section_and_html(chosen) -> None:
    day = dt.date(2024, 12, 31)
    assert report.section(as_of=day) == report.section(as_of=day)
    assert report.render_section(as_of=day) == report.render_section(as_of=day)


def test_the_rendered_section_never_holds_the_teller_or_the_story_as_told(chosen) -> None:
    with translation.override("en"):
        html = render_to_string(
            "stories/report_section.html", report.section(as_of=dt.date(2024, 12, 31))
        )
    assert "Stories of change" in html
    assert chosen["published"].redacted_text in html
    assert "Noura" not in html
    assert "Ik ben Noura Haddad" not in html
    assert escape(REASONS) in html
    assert "<caption" in html


def test_a_text_the_check_flags_is_withheld_from_the_report(chosen) -> None:
    from tests.factories import SeekerFactory
    from voorrang.seekers.models import HouseholdMember

    SeekerFactory()
    HouseholdMember.objects.update(first_name="Sinds", last_name="Xyz")
    (entry,) = report.section(as_of=dt.date(2024, 12, 31))["domains"][0]["selections"]
    assert entry["withheld"] is True
    assert entry["text"] == ""
