"""The teller's consent after the interview: a new consent (wider or narrower), or its
withdrawal, which erases the story for good."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from voorrang.audit.services import record
from voorrang.errors import InvalidChange, NotAllowed
from voorrang.stories import consent as tiers
from voorrang.stories.consent import ConsentTier
from voorrang.stories.models import ConsentRecord, Story
from voorrang.stories.services.checks import locked_story
from voorrang.stories.states import STORY_MACHINE, StoryState


@transaction.atomic
def record_consent(
    *, actor: Any, story: Story, tier: str, given_on: date, how: str, note: str = ""
) -> Story:
    """A new consent of the teller (wider or narrower). A narrower consent takes effect at once
    everywhere: a story no longer allowed before a panel leaves the panel's view."""
    story = locked_story(story)
    if story.state == StoryState.WITHDRAWN:
        raise NotAllowed(
            _("The teller withdrew consent; the story was erased."), code="story_withdrawn"
        )
    if tier not in tiers.GIVEN_TIERS:
        raise InvalidChange(_("Choose the consent the teller gave."), field="tier")
    if how not in ConsentRecord.How.values:
        raise InvalidChange(_("Say how the consent was given."), field="how")
    if given_on > timezone.localdate() or given_on < story.told_on:
        raise InvalidChange(
            _("The date must lie between the day the story was told and today."),
            field="given_on",
        )
    old = story.consent
    story.consent = tier
    story.save(update_fields=["consent"])
    ConsentRecord.objects.create(
        story=story, tier=tier, given_on=given_on, how=how, note=note.strip(), recorded_by=actor
    )
    record(
        actor=actor,
        action="stories.consent_changed",
        obj=story,
        before={"consent": old},
        after={"consent": tier, "given_on": given_on, "how": how},
    )
    return story


@transaction.atomic
def withdraw_consent(
    *, actor: Any, story: Story, withdrawn_on: date, how: str, note: str = ""
) -> Story:
    """The teller withdraws consent: from any state, for good. The story's text, its redacted
    version, the quotation and the teller's name and contact are erased; what stays is the
    record that a story was collected and withdrawn, which no panel, search, export or report
    shows or counts."""
    story = locked_story(story)
    if how not in ConsentRecord.How.values:
        raise InvalidChange(_("Say how the withdrawal was made."), field="how")
    if withdrawn_on > timezone.localdate() or withdrawn_on < story.told_on:
        raise InvalidChange(
            _("The date must lie between the day the story was told and today."),
            field="withdrawn_on",
        )
    old_state = STORY_MACHINE.move(story, StoryState.WITHDRAWN)
    old_consent = story.consent
    story.consent = ConsentTier.WITHDRAWN
    story.withdrawn_on = withdrawn_on
    for name in (
        "text",
        "significance",
        "redacted_text",
        "redacted_significance",
        "quotation",
        "teller_name",
        "teller_contact",
    ):
        setattr(story, name, "")
    story.accepted_terms = []
    story.seeker = None
    story.save()
    # Notes written at earlier consents may quote the teller: erased too.
    story.consents.update(note="")
    ConsentRecord.objects.create(
        story=story,
        tier=ConsentTier.WITHDRAWN,
        given_on=withdrawn_on,
        how=how,
        note=note.strip(),
        recorded_by=actor,
    )
    record(
        actor=actor,
        action="stories.withdrawn",
        obj=story,
        before={"state": old_state, "consent": old_consent},
        after={"state": story.state, "consent": story.consent, "withdrawn_on": withdrawn_on},
    )
    return story
