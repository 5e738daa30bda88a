"""Every transition of a story and of a selection round: the declared pairs are allowed, every
other pair is refused; and each service moves a story only along the declared transitions."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from tests.stories.stories import REASONS, domain, redacted, selection_round, shown, story, welfare
from voorrang.errors import NotAllowed
from voorrang.stories import services
from voorrang.stories.consent import ConsentTier
from voorrang.stories.models import ConsentRecord, SelectionRound, Story
from voorrang.stories.states import (
    ALLOWED_ROUND_CHANGES,
    ALLOWED_STORY_CHANGES,
    ROUND_MACHINE,
    STORY_MACHINE,
    RoundState,
    StoryState,
)

STORY_PAIRS = list(itertools.product(StoryState.values, repeat=2))
ROUND_PAIRS = list(itertools.product(RoundState.values, repeat=2))


def test_the_machine_is_the_one_of_the_method() -> None:
    S = StoryState
    assert {
        S.COLLECTED: {S.REDACTED, S.WITHDRAWN},
        S.REDACTED: {S.REDACTED, S.SHOWN, S.WITHDRAWN},
        S.SHOWN: {S.SELECTED, S.NOT_SELECTED, S.WITHDRAWN},
        S.SELECTED: {S.WITHDRAWN},
        S.NOT_SELECTED: {S.WITHDRAWN},
        S.WITHDRAWN: set(),
    } == ALLOWED_STORY_CHANGES
    # Withdrawn from any state.
    assert all(S.WITHDRAWN in ALLOWED_STORY_CHANGES[state] for state in S if state != S.WITHDRAWN)


@pytest.mark.parametrize(("old", "new"), STORY_PAIRS)
def test_each_pair_of_story_states_is_allowed_or_refused(old: str, new: str) -> None:
    item = Story(state=old)
    if new in ALLOWED_STORY_CHANGES[old]:
        assert STORY_MACHINE.move(item, new) == old
        assert item.state == new
    else:
        with pytest.raises(NotAllowed):
            STORY_MACHINE.move(item, new)
        assert item.state == old


@pytest.mark.parametrize(("old", "new"), ROUND_PAIRS)
def test_each_pair_of_round_states_is_allowed_or_refused(old: str, new: str) -> None:
    item = SelectionRound(state=old)
    if new in ALLOWED_ROUND_CHANGES[old]:
        assert ROUND_MACHINE.move(item, new) == old
        assert item.state == new
    else:
        with pytest.raises(NotAllowed):
            ROUND_MACHINE.move(item, new)
        assert item.state == old


# --- Through the services ------------------------------------------------------------------


def test_collected_then_redacted_then_redacted_again(db) -> None:
    actor = welfare()
    item = story(actor)
    assert item.state == StoryState.COLLECTED
    item = redacted(actor, item)
    assert item.state == StoryState.REDACTED
    item = redacted(actor, item, quotation="")
    assert item.state == StoryState.REDACTED


def test_redacted_then_shown_then_selected_or_not_selected(db) -> None:
    actor = welfare()
    chosen = redacted(actor, story(actor))
    other = redacted(actor, story(actor, direction="negative", prompt="negative"))
    panel = shown(actor, chosen, other)
    assert panel.state == RoundState.WITH_PANEL
    assert set(panel.stories.values_list("state", flat=True)) == {StoryState.SHOWN}
    services.record_selection(
        actor=actor, selection_round=panel, domain=domain(), story=chosen, reasons=REASONS
    )
    services.close_round(actor=actor, selection_round=panel)
    chosen.refresh_from_db()
    other.refresh_from_db()
    panel.refresh_from_db()
    assert (chosen.state, other.state, panel.state) == (
        StoryState.SELECTED,
        StoryState.NOT_SELECTED,
        RoundState.DECIDED,
    )


def _story_in(state: str, actor) -> Story:
    item = story(actor)
    if state == StoryState.COLLECTED:
        return item
    item = redacted(actor, item)
    if state == StoryState.REDACTED:
        return item
    other = redacted(actor, story(actor))
    panel = shown(actor, item, other)
    if state in (StoryState.SELECTED, StoryState.NOT_SELECTED):
        chosen = item if state == StoryState.SELECTED else other
        services.record_selection(
            actor=actor, selection_round=panel, domain=item.domain, story=chosen, reasons=REASONS
        )
        services.close_round(actor=actor, selection_round=panel)
    item.refresh_from_db()
    assert item.state == state
    return item


@pytest.mark.parametrize("state", [s for s in StoryState.values if s != StoryState.WITHDRAWN])
def test_withdrawn_from_every_state(state: str, db) -> None:
    actor = welfare()
    item = _story_in(state, actor)
    services.withdraw_consent(
        actor=actor, story=item, withdrawn_on=dt.date(2024, 1, 5), how=ConsentRecord.How.EMAIL
    )
    item.refresh_from_db()
    assert item.state == StoryState.WITHDRAWN
    assert item.consent == ConsentTier.WITHDRAWN
    assert (item.text, item.redacted_text, item.teller_name, item.quotation) == ("", "", "", "")


def test_withdrawn_is_final(db) -> None:
    actor = welfare()
    item = story(actor)
    services.withdraw_consent(
        actor=actor, story=item, withdrawn_on=dt.date(2024, 1, 5), how=ConsentRecord.How.EMAIL
    )
    with pytest.raises(NotAllowed):
        services.withdraw_consent(
            actor=actor, story=item, withdrawn_on=dt.date(2024, 1, 6), how=ConsentRecord.How.EMAIL
        )
    with pytest.raises(NotAllowed):
        services.redact_story(actor=actor, story=item, redacted_text="x", redacted_significance="y")
    with pytest.raises(NotAllowed):
        services.record_consent(
            actor=actor,
            story=item,
            tier=ConsentTier.PUBLICATION,
            given_on=dt.date(2024, 1, 6),
            how=ConsentRecord.How.WRITTEN,
        )


def test_a_story_a_panel_has_seen_is_not_redacted_again(db) -> None:
    actor = welfare()
    item = redacted(actor, story(actor))
    shown(actor, item)
    with pytest.raises(NotAllowed):
        services.redact_story(actor=actor, story=item, redacted_text="a", redacted_significance="b")


def test_a_collected_story_is_not_put_before_a_panel(db) -> None:
    actor = welfare()
    item = story(actor)
    panel = selection_round(actor)
    with pytest.raises(NotAllowed):
        services.add_story_to_round(actor=actor, selection_round=panel, story=item)
    with pytest.raises(NotAllowed):
        services.open_round(actor=actor, selection_round=panel)
    item.refresh_from_db()
    assert item.state == StoryState.COLLECTED


def test_a_round_is_not_opened_twice_nor_closed_before_it_is_opened(db) -> None:
    actor = welfare()
    item = redacted(actor, story(actor))
    panel = selection_round(actor)
    services.add_story_to_round(actor=actor, selection_round=panel, story=item)
    with pytest.raises(NotAllowed):
        services.close_round(actor=actor, selection_round=panel)
    services.open_round(actor=actor, selection_round=panel)
    with pytest.raises(NotAllowed):
        services.open_round(actor=actor, selection_round=panel)
    with pytest.raises(NotAllowed):
        services.add_story_to_round(
            actor=actor, selection_round=panel, story=redacted(actor, story(actor))
        )


def test_a_decided_round_takes_no_more_choices_and_does_not_close_again(db) -> None:
    actor = welfare()
    item = redacted(actor, story(actor))
    panel = shown(actor, item)
    services.record_selection(
        actor=actor, selection_round=panel, domain=item.domain, story=item, reasons=REASONS
    )
    services.close_round(actor=actor, selection_round=panel)
    with pytest.raises(NotAllowed):
        services.record_selection(
            actor=actor, selection_round=panel, domain=item.domain, story=item, reasons=REASONS
        )
    with pytest.raises(NotAllowed):
        services.close_round(actor=actor, selection_round=panel)
