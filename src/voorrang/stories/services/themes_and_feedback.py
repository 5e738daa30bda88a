"""The themes a story is about, and what the teller was told back."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from voorrang.audit.services import record
from voorrang.errors import InvalidChange, NotAllowed
from voorrang.stories.models import Feedback, Story, Theme
from voorrang.stories.services.checks import locked_story
from voorrang.stories.states import StoryState
from voorrang.text_limits import required_text


@transaction.atomic
def set_themes(*, actor: Any, story: Story, themes: Iterable[Theme]) -> Story:
    story = locked_story(story)
    if story.state == StoryState.WITHDRAWN:
        raise NotAllowed(
            _("The teller withdrew consent; the story was erased."), code="story_withdrawn"
        )
    before = sorted(story.themes.values_list("name", flat=True))
    themes = list(themes)
    story.themes.set(themes)
    record(
        actor=actor,
        action="stories.themes_set",
        obj=story,
        before={"themes": before},
        after={"themes": sorted(theme.name for theme in themes)},
    )
    return story


@transaction.atomic
def record_feedback(
    *, actor: Any, story: Story, given_on: date, channel: str, note: str
) -> Feedback:
    """What the teller was told back (a withdrawal's confirmation included)."""
    if channel not in Feedback.Channel.values:
        raise InvalidChange(_("Say how the feedback was given."), field="channel")
    if given_on > timezone.localdate() or given_on < story.told_on:
        raise InvalidChange(
            _("The date must lie between the day the story was told and today."),
            field="given_on",
        )
    note = required_text(note, "note", _("Write down what the teller was told."))
    feedback = Feedback.objects.create(
        story=story, given_on=given_on, channel=channel, note=note, given_by=actor
    )
    record(
        actor=actor,
        action="stories.feedback_recorded",
        obj=story,
        after={"given_on": given_on, "channel": channel},
    )
    return feedback
