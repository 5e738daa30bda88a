"""What every write of the stories starts with: the row it changes locked for the rest of the
transaction, and each required text present and within its limit."""

from __future__ import annotations

from voorrang.stories.models import SelectionRound, Story


def locked_story(story: Story) -> Story:
    return Story.objects.select_for_update().get(pk=story.pk)


def locked_round(selection_round: SelectionRound) -> SelectionRound:
    return SelectionRound.objects.select_for_update().get(pk=selection_round.pk)
