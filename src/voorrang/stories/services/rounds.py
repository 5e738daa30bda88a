"""Selection rounds: a panel reads the redacted stories of its domains and chooses, with its
reasons, the most significant change of each."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from voorrang.audit.services import record
from voorrang.errors import InvalidChange, NotAllowed
from voorrang.stories import consent as tiers
from voorrang.stories.consent import ConsentTier
from voorrang.stories.known import flags_of, known_terms
from voorrang.stories.models import (
    Domain,
    ReportingPeriod,
    Selection,
    SelectionRound,
    Story,
)
from voorrang.stories.services.checks import locked_round, locked_story
from voorrang.stories.states import (
    ROUND_MACHINE,
    STORY_MACHINE,
    RoundState,
    StoryState,
)
from voorrang.text_limits import required_text

# A panel's reasons: full sentences of real length, not a word or two.
REASONS_MIN_WORDS = 25
REASONS_MIN_DISTINCT_WORDS = 12


@transaction.atomic
def create_round(
    *,
    actor: Any,
    name: str,
    period: ReportingPeriod,
    held_on: date,
    domains: Iterable[Domain],
    members: Iterable[Any],
    other_members: str = "",
) -> SelectionRound:
    name = required_text(name, "name", _("Give the selection round a name."))
    domains, members = list(domains), list(members)
    if not domains:
        raise InvalidChange(_("Choose at least one domain."), field="domains")
    if not members and not other_members.strip():
        raise InvalidChange(_("A panel needs members."), field="members")
    if SelectionRound.objects.filter(name__iexact=name).exists():
        raise InvalidChange(_("A selection round with this name exists already."), field="name")
    selection_round = SelectionRound.objects.create(
        name=name,
        period=period,
        held_on=held_on,
        other_members=other_members.strip(),
        created_by=actor,
    )
    selection_round.domains.set(domains)
    selection_round.members.set(members)
    record(
        actor=actor,
        action="stories.round_created",
        obj=selection_round,
        after={
            "name": name,
            "period": period.name,
            "held_on": held_on,
            "domains": [domain.name for domain in domains],
            "members": [member.get_username() for member in members],
        },
    )
    return selection_round


def _preparing(selection_round: SelectionRound) -> None:
    if selection_round.state != RoundState.PREPARING:
        raise NotAllowed(
            _("The stories of a round can change only while it is being prepared."),
            code="round_state",
        )


@transaction.atomic
def add_story_to_round(*, actor: Any, selection_round: SelectionRound, story: Story) -> Story:
    """Put a redacted story before the round's panel: its consent must allow a panel, its
    domain must be one of the round's, and the check must find no name or address."""
    selection_round = locked_round(selection_round)
    story = locked_story(story)
    _preparing(selection_round)
    if story.state != StoryState.REDACTED:
        raise NotAllowed(
            _("Only a redacted story that no panel has seen yet can be added."),
            code="story_state",
            field="story",
        )
    if story.selection_round_id is not None:
        raise NotAllowed(_("This story is in a selection round already."), field="story")
    if not tiers.allows(story.consent, ConsentTier.PANEL):
        raise NotAllowed(
            _("The teller's consent does not allow showing this story to a panel."),
            code="consent",
            field="story",
        )
    if not selection_round.domains.filter(pk=story.domain_id).exists():
        raise InvalidChange(_("The story's domain is not one of this round's."), field="story")
    flags = flags_of(story)
    if flags:
        raise NotAllowed(
            _("The story still contains names or addresses: %(terms)s.")
            % {"terms": ", ".join(flag.term for flag in flags)},
            code="flagged",
            field="story",
        )
    story.selection_round = selection_round
    story.save(update_fields=["selection_round"])
    record(
        actor=actor,
        action="stories.added_to_round",
        obj=story,
        after={"round": selection_round.name},
    )
    return story


@transaction.atomic
def remove_story_from_round(*, actor: Any, selection_round: SelectionRound, story: Story) -> Story:
    selection_round = locked_round(selection_round)
    story = locked_story(story)
    _preparing(selection_round)
    if story.selection_round_id != selection_round.pk:
        raise InvalidChange(_("This story is not in this round."), field="story")
    story.selection_round = None
    story.save(update_fields=["selection_round"])
    record(
        actor=actor,
        action="stories.removed_from_round",
        obj=story,
        before={"round": selection_round.name},
    )
    return story


@transaction.atomic
def open_round(*, actor: Any, selection_round: SelectionRound) -> SelectionRound:
    """Show the round's stories to its panel (preparing -> with the panel; each story
    redacted -> shown). Refused while a story has a flag or lacks the consent for a panel."""
    selection_round = locked_round(selection_round)
    stories = list(
        Story.objects.select_for_update()
        .filter(selection_round=selection_round)
        .exclude(state=StoryState.WITHDRAWN)
    )
    if not stories:
        raise NotAllowed(_("Add stories before showing the round to its panel."), code="empty")
    known = known_terms()
    for story in stories:
        if not tiers.allows(story.consent, ConsentTier.PANEL):
            raise NotAllowed(
                _("The consent of story %(code)s no longer allows a panel: remove it first.")
                % {"code": story.code},
                code="consent",
            )
        if flags_of(story, known=known):
            raise NotAllowed(
                _("Story %(code)s still contains names or addresses.") % {"code": story.code},
                code="flagged",
            )
    old = ROUND_MACHINE.move(selection_round, RoundState.WITH_PANEL)
    selection_round.save(update_fields=["state"])
    for story in stories:
        STORY_MACHINE.move(story, StoryState.SHOWN)
        story.save(update_fields=["state"])
    record(
        actor=actor,
        action="stories.round_opened",
        obj=selection_round,
        before={"state": old},
        after={"state": selection_round.state, "stories": [story.code for story in stories]},
    )
    return selection_round


def reasons_problem(reasons: str) -> str | None:
    """Why the panel's reasons are not yet reasons, or None when they are."""
    words = re.findall(r"[^\W\d_]+", reasons)
    if len(words) < REASONS_MIN_WORDS:
        return _(
            "Write the panel's reasons in full sentences: at least %(n)d words (now %(count)d)."
        ) % {"n": REASONS_MIN_WORDS, "count": len(words)}
    if len({word.lower() for word in words}) < REASONS_MIN_DISTINCT_WORDS:
        return _("Write the panel's reasons in your own words, not the same words repeated.")
    if not re.search(r"[.!?][\"'”’)]*\s*$", reasons.strip()):
        return _("End the reasons with a full stop: they are full sentences.")
    return None


@transaction.atomic
def record_selection(
    *,
    actor: Any,
    selection_round: SelectionRound,
    domain: Domain,
    story: Story,
    reasons: str,
) -> Selection:
    """The panel's choice for one domain, with its reasons (a later choice for the same
    domain replaces it, until the round is closed)."""
    selection_round = locked_round(selection_round)
    story = locked_story(story)
    if selection_round.state != RoundState.WITH_PANEL:
        raise NotAllowed(
            _("A choice is recorded while the round is with its panel."), code="round_state"
        )
    if story.selection_round_id != selection_round.pk or story.state != StoryState.SHOWN:
        raise InvalidChange(_("Choose a story this panel has read."), field="story")
    if story.domain_id != domain.pk:
        raise InvalidChange(_("The story belongs to another domain."), field="story")
    if not tiers.allows(story.consent, ConsentTier.PANEL):
        raise NotAllowed(
            _("The teller's consent no longer allows this story before a panel."),
            code="consent",
            field="story",
        )
    reasons = (reasons or "").strip()
    problem = reasons_problem(reasons)
    if problem:
        raise InvalidChange(problem, field="reasons")
    selection, created = Selection.objects.update_or_create(
        selection_round=selection_round,
        domain=domain,
        defaults={"story": story, "reasons": reasons, "recorded_by": actor},
    )
    record(
        actor=actor,
        action="stories.selection_recorded",
        obj=selection_round,
        after={"domain": domain.name, "story": story.code, "replaced": not created},
    )
    return selection


@transaction.atomic
def close_round(*, actor: Any, selection_round: SelectionRound) -> SelectionRound:
    """The panel has chosen: every domain with a story still before the panel has its choice.
    The chosen stories become selected, the others not selected."""
    selection_round = locked_round(selection_round)
    stories = list(
        Story.objects.select_for_update().filter(
            selection_round=selection_round, state=StoryState.SHOWN
        )
    )
    chosen = dict(
        Selection.objects.filter(selection_round=selection_round).values_list(
            "domain_id", "story_id"
        )
    )
    missing = sorted(
        {
            story.domain.name
            for story in stories
            if story.domain_id not in chosen and tiers.allows(story.consent, ConsentTier.PANEL)
        }
    )
    if missing and selection_round.state == RoundState.WITH_PANEL:
        raise NotAllowed(
            _("Record the panel's choice for: %(domains)s.") % {"domains": ", ".join(missing)},
            code="choice_missing",
        )
    old = ROUND_MACHINE.move(selection_round, RoundState.DECIDED)
    selection_round.save(update_fields=["state"])
    chosen_ids = set(chosen.values())
    for story in stories:
        STORY_MACHINE.move(
            story, StoryState.SELECTED if story.pk in chosen_ids else StoryState.NOT_SELECTED
        )
        story.save(update_fields=["state"])
    record(
        actor=actor,
        action="stories.round_closed",
        obj=selection_round,
        before={"state": old},
        after={
            "state": selection_round.state,
            "selected": sorted(story.code for story in stories if story.pk in chosen_ids),
        },
    )
    return selection_round
