"""The demo's stories: mixed consent, stories of change for the worse and of no change, a
withdrawal, one decided selection round with reasons, and redactions the check passes (but
the one left flagged on purpose); the same seed gives the same stories."""

from __future__ import annotations

import pytest

from tests.demo.conftest import PRESENT, small_demo
from voorrang.demo.names import FIRST_NAMES, LAST_NAMES
from voorrang.demo.story_texts import STORIES
from voorrang.stories import report, selectors
from voorrang.stories.deidentification import Kind, KnownTerms, find
from voorrang.stories.known import flags_of
from voorrang.stories.models import Selection, SelectionRound, Story
from voorrang.stories.states import RoundState, StoryState

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_every_redacted_demo_text_is_free_of_every_name_the_demo_can_invent() -> None:
    known = KnownTerms()
    for first in FIRST_NAMES:
        for last in LAST_NAMES:
            known.add_person(first, last, Kind.SEEKER)
    for item in STORIES:
        if item.redacted is None or item.key == "repair-day-flagged":
            continue
        for text in (item.redacted, item.redacted_significance, item.quotation):
            assert find(text, known) == [], (item.key, text)


def test_the_demo_has_stories_a_round_and_a_report_worth_reading() -> None:
    small_demo()
    # The demo's stories, and one told by the tenant who asks to end the account
    # (demo.account_end).
    leaving = Story.objects.filter(
        seeker__user__username="seeker-leaving",
        significance="Ik hoor er vanaf de eerste dag bij.",
    )
    assert leaving.count() == 1
    stories = Story.objects.exclude(pk__in=leaving)
    assert stories.count() == len(STORIES)
    assert set(stories.values_list("consent", flat=True)) == {
        "analysis",
        "quotation",
        "panel",
        "publication",
        "withdrawn",
    }
    assert stories.filter(direction="negative").count() >= 3
    assert stories.filter(prompt="no_change").count() == 2
    (panel,) = SelectionRound.objects.all()
    assert panel.state == RoundState.DECIDED
    assert Selection.objects.count() == 3
    assert stories.filter(state=StoryState.SELECTED).count() == 3
    assert stories.filter(state=StoryState.NOT_SELECTED).count() >= 3
    assert not selectors.panel_view(panel).refused
    flagged = [story.code for story in stories if story.redacted_text and flags_of(story)]
    assert len(flagged) == 1  # the one left for the collector to fix
    section = report.section(as_of=PRESENT.date())
    shown = [entry for domain in section["domains"] for entry in domain["selections"]]
    assert len(shown) == 3
    assert all(entry["text"] for entry in shown)
    # The withdrawn one is not counted; the leaving tenant's is.
    assert section["counts"]["total"] == len(STORIES)


def test_the_same_seed_gives_the_same_stories_written_on_their_days() -> None:
    from django.db import transaction

    from voorrang.audit.models import AuditEvent

    prints = []
    for _ in range(2):
        with transaction.atomic():
            small_demo(seed=11, scale=0.02)
            prints.append(
                (
                    list(
                        Story.objects.order_by("code").values_list(
                            "code", "state", "consent", "teller_name", "text", "redacted_text"
                        )
                    ),
                    list(
                        AuditEvent.objects.filter(action__startswith="stories.")
                        .order_by("at", "action")
                        .values_list("at", "action")
                    ),
                )
            )
            transaction.set_rollback(True)
    assert prints[0] == prints[1]
    stories, events = prints[0]
    assert len(stories) == len(STORIES) + 1  # and the leaving tenant's (demo.account_end)
    # Written on the day they happened: the round closed on the day of the panel.
    closed = [at for at, action in events if action == "stories.round_closed"]
    assert [at.date().isoformat() for at in closed] == ["2023-11-21"]
