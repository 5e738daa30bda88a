"""Collecting a story as the teller told it, and its redaction without names and addresses."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from voorrang.accounts.roles import Role
from voorrang.audit.services import record
from voorrang.commitments.models import CoordinatorMembership, WelfareOrganisation
from voorrang.errors import InvalidChange, NotAllowed
from voorrang.housing.models import Building
from voorrang.person_names import clean_name
from voorrang.seekers.models import Seeker
from voorrang.stories import consent as tiers
from voorrang.stories.deidentification import Flag
from voorrang.stories.known import flags_of
from voorrang.stories.models import (
    ConsentRecord,
    Direction,
    Domain,
    Prompt,
    Story,
    TellerRole,
    Theme,
)
from voorrang.stories.selectors import next_story_code, period_for
from voorrang.stories.services.checks import locked_story
from voorrang.stories.states import STORY_MACHINE, StoryState
from voorrang.text_limits import check_length, required_text
from voorrang.web.access import role_names

QUOTATION_MAX_CHARS = 600


def _organisation_of_story(
    actor: Any, organisation: WelfareOrganisation | None
) -> WelfareOrganisation | None:
    """The organisation a new story belongs to: the one its coordinator works for (chosen,
    when they work for several). A researcher's story belongs to no organisation."""
    memberships = list(
        CoordinatorMembership.objects.filter(user_id=getattr(actor, "pk", None))
        .select_related("organisation")
        .order_by("organisation__name")
    )
    theirs = {m.organisation_id: m.organisation for m in memberships}
    if organisation is not None:
        if organisation.pk not in theirs:
            raise NotAllowed(
                _("You are no coordinator of %(name)s.") % {"name": organisation.name},
                field="organisation",
            )
        return organisation
    if len(theirs) == 1:
        return next(iter(theirs.values()))
    if len(theirs) > 1:
        raise InvalidChange(
            _("Choose the welfare organisation the story belongs to."), field="organisation"
        )
    if Role.STAFF_WELFARE.value in role_names(actor):
        raise NotAllowed(
            _("You are no coordinator of a welfare organisation yet: ask the application manager.")
        )
    return None


@transaction.atomic
def collect_story(
    *,
    actor: Any,
    organisation: WelfareOrganisation | None = None,
    domain: Domain,
    told_on: date,
    teller_role: str,
    prompt: str,
    direction: str,
    text: str,
    significance: str,
    consent: str,
    consent_how: str,
    consent_note: str = "",
    teller_name: str = "",
    teller_contact: str = "",
    seeker: Seeker | None = None,
    building: Building | None = None,
    themes: Iterable[Theme] = (),
    collector: Any = None,
) -> Story:
    """A story as the teller told it, with the consent given at the interview. ``collector``
    is the person who heard it (default: ``actor``, who records it). The story belongs to the
    welfare organisation ``actor`` is a coordinator of (``organisation`` when several)."""
    organisation = _organisation_of_story(actor, organisation)
    if told_on > timezone.localdate():
        raise InvalidChange(_("The date told cannot be in the future."), field="told_on")
    if teller_role not in TellerRole.values:
        raise InvalidChange(_("Choose the teller's role from the list."), field="teller_role")
    if prompt not in Prompt.values:
        raise InvalidChange(_("Choose the question asked from the list."), field="prompt")
    if direction not in Direction.values:
        raise InvalidChange(_("Choose the direction of change."), field="direction")
    if prompt == Prompt.NO_CHANGE and direction == Direction.POSITIVE:
        raise InvalidChange(
            _("The answer to the question about no change cannot be a change for the better."),
            field="direction",
        )
    if consent not in tiers.GIVEN_TIERS:
        raise InvalidChange(_("Choose the consent the teller gave."), field="consent")
    if consent_how not in ConsentRecord.How.values:
        raise InvalidChange(_("Say how the consent was given."), field="consent_how")
    text = required_text(text, "text", _("Write down the story."))
    significance = required_text(
        significance, "significance", _("Write down why the change is significant to the teller.")
    )
    period = period_for(told_on)
    story = Story.objects.create(
        code=next_story_code(told_on.year),
        domain=domain,
        period=period,
        told_on=told_on,
        teller_role=teller_role,
        teller_name=check_length(clean_name(teller_name), field="teller_name"),
        teller_contact=check_length(teller_contact.strip(), field="teller_contact"),
        seeker=seeker,
        building=building,
        collector=collector or actor,
        organisation=organisation,
        prompt=prompt,
        direction=direction,
        text=text,
        significance=significance,
        consent=consent,
    )
    story.themes.set(list(themes))
    ConsentRecord.objects.create(
        story=story,
        tier=consent,
        given_on=told_on,
        how=consent_how,
        note=consent_note.strip(),
        recorded_by=actor,
    )
    record(
        actor=actor,
        action="stories.collected",
        obj=story,
        after={
            "code": story.code,
            "organisation": organisation.name if organisation else None,
            "domain": domain.name,
            "period": period.name,
            "teller_role": teller_role,
            "prompt": prompt,
            "direction": direction,
            "consent": consent,
        },
    )
    return story


@transaction.atomic
def redact_story(
    *,
    actor: Any,
    story: Story,
    redacted_text: str,
    redacted_significance: str,
    quotation: str = "",
    accepted_terms: list[dict[str, str]] | None = None,
) -> list[Flag]:
    """Store the collector's version without names and addresses (collected -> redacted, or a
    better redaction while no panel has seen it). Returns what the automatic check still
    finds: a story with flags is stored, but no panel sees it until they are gone."""
    story = locked_story(story)
    redacted_text = required_text(
        redacted_text, "redacted_text", _("Write the story without names and addresses.")
    )
    redacted_significance = required_text(
        redacted_significance,
        "redacted_significance",
        _("Write why it is significant, without names and addresses."),
    )
    quotation = (quotation or "").strip()
    if quotation:
        if len(quotation) > QUOTATION_MAX_CHARS:
            raise InvalidChange(
                _("A quotation is a passage of at most %(n)d characters.")
                % {"n": QUOTATION_MAX_CHARS},
                field="quotation",
            )
        if " ".join(quotation.split()) not in " ".join(redacted_text.split()):
            raise InvalidChange(
                _("The quotation must be a passage of the redacted story, word for word."),
                field="quotation",
            )
    accepted = []
    for entry in accepted_terms if accepted_terms is not None else story.accepted_terms:
        term, reason = entry.get("term", "").strip(), entry.get("reason", "").strip()
        if term and not reason:
            raise InvalidChange(
                _("Say why “%(term)s” is no name or address here.") % {"term": term},
                field="accepted_terms",
            )
        if term:
            accepted.append({"term": term, "reason": reason})
    old = STORY_MACHINE.move(story, StoryState.REDACTED)
    story.redacted_text = redacted_text
    story.redacted_significance = redacted_significance
    story.quotation = quotation
    story.accepted_terms = accepted
    story.save()
    flags = flags_of(story)
    record(
        actor=actor,
        action="stories.redacted",
        obj=story,
        before={"state": old},
        after={
            "state": story.state,
            "flags": len(flags),
            "accepted_terms": len(accepted),
            "quotation": bool(quotation),
        },
    )
    return flags
