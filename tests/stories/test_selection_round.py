"""A selection round: its panel, the stories put before it, the choice per domain with reasons
in full sentences, and closing only when every domain has its choice."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.stories.stories import (
    REASONS,
    domain,
    period,
    redacted,
    selection_round,
    shown,
    story,
    welfare,
)
from voorrang.errors import InvalidChange, NotAllowed
from voorrang.stories import services
from voorrang.stories.models import Selection

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("reasons", "problem"),
    [
        ("", "at least 25 words"),
        ("Mooi verhaal.", "at least 25 words"),
        ("goed " * 30, "own words"),
        (REASONS.rstrip("."), "full stop"),
    ],
)
def test_reasons_of_no_real_length_are_refused(reasons: str, problem: str) -> None:
    actor = welfare()
    item = redacted(actor, story(actor))
    panel = shown(actor, item)
    with pytest.raises(InvalidChange) as error:
        services.record_selection(
            actor=actor, selection_round=panel, domain=item.domain, story=item, reasons=reasons
        )
    assert error.value.field == "reasons"
    assert problem in str(error.value)
    assert not Selection.objects.exists()


def test_reasons_in_full_sentences_are_taken_and_a_later_choice_replaces_the_first() -> None:
    actor = welfare()
    first = redacted(actor, story(actor))
    second = redacted(actor, story(actor))
    panel = shown(actor, first, second)
    services.record_selection(
        actor=actor, selection_round=panel, domain=domain(), story=first, reasons=REASONS
    )
    services.record_selection(
        actor=actor, selection_round=panel, domain=domain(), story=second, reasons=REASONS
    )
    assert list(Selection.objects.values_list("story", flat=True)) == [second.pk]


def test_the_chosen_story_must_be_of_that_domain_and_before_that_panel() -> None:
    actor = welfare()
    other_domain = domain("Safety", 1)
    item = redacted(actor, story(actor))
    elsewhere = redacted(actor, story(actor, domain=other_domain))
    panel = shown(actor, item, elsewhere)
    with pytest.raises(InvalidChange):
        services.record_selection(
            actor=actor, selection_round=panel, domain=other_domain, story=item, reasons=REASONS
        )
    outsider = redacted(actor, story(actor))
    with pytest.raises(InvalidChange):
        services.record_selection(
            actor=actor, selection_round=panel, domain=item.domain, story=outsider, reasons=REASONS
        )


def test_a_round_closes_only_with_a_choice_for_every_domain() -> None:
    actor = welfare()
    contact = redacted(actor, story(actor))
    safety = redacted(actor, story(actor, domain=domain("Safety", 1)))
    panel = shown(actor, contact, safety)
    services.record_selection(
        actor=actor, selection_round=panel, domain=contact.domain, story=contact, reasons=REASONS
    )
    with pytest.raises(NotAllowed) as refused:
        services.close_round(actor=actor, selection_round=panel)
    assert "Safety" in str(refused.value)
    services.record_selection(
        actor=actor, selection_round=panel, domain=safety.domain, story=safety, reasons=REASONS
    )
    services.close_round(actor=actor, selection_round=panel)


def test_a_story_outside_the_rounds_domains_or_in_another_round_is_refused() -> None:
    actor = welfare()
    item = redacted(actor, story(actor, domain=domain("Safety", 1)))
    panel = selection_round(actor)
    with pytest.raises(InvalidChange):
        services.add_story_to_round(actor=actor, selection_round=panel, story=item)
    fine = redacted(actor, story(actor))
    services.add_story_to_round(actor=actor, selection_round=panel, story=fine)
    with pytest.raises(NotAllowed):
        services.add_story_to_round(
            actor=actor, selection_round=selection_round(actor, name="Other"), story=fine
        )
    services.remove_story_from_round(actor=actor, selection_round=panel, story=fine)
    fine.refresh_from_db()
    assert fine.selection_round is None


def test_an_empty_round_is_not_shown_and_a_panel_needs_members_and_domains() -> None:
    actor = welfare()
    with pytest.raises(NotAllowed):
        services.open_round(actor=actor, selection_round=selection_round(actor))
    with pytest.raises(InvalidChange) as error:
        services.create_round(
            actor=actor,
            name="X",
            period=period(),
            held_on=dt.date(2023, 11, 1),
            domains=[],
            members=[actor],
        )
    assert error.value.field == "domains"
    with pytest.raises(InvalidChange) as error:
        services.create_round(
            actor=actor,
            name="X",
            period=period(),
            held_on=dt.date(2023, 11, 1),
            domains=[domain()],
            members=[],
        )
    assert error.value.field == "members"


def test_periods_do_not_overlap_and_a_story_needs_a_period() -> None:
    actor = welfare()
    period()
    with pytest.raises(InvalidChange) as error:
        services.create_period(
            actor=actor, name="Overlap", starts_on=dt.date(2023, 6, 1), ends_on=dt.date(2024, 5, 31)
        )
    assert error.value.field == "starts_on"
    with pytest.raises(InvalidChange) as error:
        story(actor, told_on=dt.date(2022, 5, 1))
    assert error.value.field == "told_on"


def test_the_prompts_for_negative_and_no_change_are_recorded_as_such() -> None:
    actor = welfare()
    worse = story(actor, prompt="negative", direction="negative")
    same = story(actor, prompt="no_change", direction="no_change")
    assert (worse.prompt, worse.direction) == ("negative", "negative")
    assert (same.prompt, same.direction) == ("no_change", "no_change")
    with pytest.raises(InvalidChange) as error:
        story(actor, prompt="no_change", direction="positive")
    assert error.value.field == "direction"


def test_feedback_to_the_teller_is_recorded() -> None:
    actor = welfare()
    item = story(actor)
    feedback = services.record_feedback(
        actor=actor,
        story=item,
        given_on=dt.date(2023, 12, 1),
        channel="in_person",
        note="Verteld dat het panel haar verhaal koos, en waarom.",
    )
    assert list(item.feedback.all()) == [feedback]
    with pytest.raises(InvalidChange):
        services.record_feedback(
            actor=actor, story=item, given_on=dt.date(2023, 12, 1), channel="in_person", note=" "
        )
