"""Reads of the stories, each within the teller's consent and the reader's role. Views, the
export and the report read through here, so that consent is enforced in one place.

- A withdrawn story is in no list, search, panel, export or report (its text is erased).
- The welfare organisation's coordinators (who collect and know the tellers) see the story as
  told and the teller's name; a researcher sees them only of the stories they collected
  themselves, and otherwise the redacted version.
- A panel sees only the redacted version, of stories whose consent allows a panel, and only
  while the automatic check finds no name or address in any of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from voorrang.accounts.roles import Role
from voorrang.staff.access import Protected, may_read, role_names
from voorrang.stories import consent as tiers
from voorrang.stories.consent import ConsentTier
from voorrang.stories.deidentification import Flag
from voorrang.stories.known import flags_of, known_terms
from voorrang.stories.models import ConsentRecord, SelectionRound, Story
from voorrang.stories.states import RoundState, StoryState

MANAGERS = frozenset({Role.STAFF_WELFARE.value, Role.RESEARCHER.value})


def is_manager(user: Any) -> bool:
    return bool(role_names(user) & MANAGERS)


def sees_original(user: Any, story: Story) -> bool:
    """Whether ``user`` may read the story as told and the teller's name."""
    if story.state == StoryState.WITHDRAWN:
        return False
    if not may_read(user, Protected.STORIES_AS_TOLD):
        return False
    if Role.STAFF_WELFARE.value in role_names(user):
        return True
    return story.collector_id == getattr(user, "pk", None)


def visible_stories(user: Any) -> QuerySet[Story]:
    """The stories a manager may list: every story but the withdrawn ones."""
    if not is_manager(user):
        return Story.objects.none()
    return (
        Story.objects.exclude(state=StoryState.WITHDRAWN)
        .select_related("domain", "period", "collector", "selection_round")
        .prefetch_related("themes")
    )


@dataclass(frozen=True)
class StoryQuery:
    text: str = ""
    domain: int | None = None
    theme: int | None = None
    teller_role: str = ""
    period: int | None = None
    direction: str = ""
    state: str = ""


def search(user: Any, query: StoryQuery) -> QuerySet[Story]:
    """Stories by text, domain, theme, teller's role, period, direction and state, within
    consent: withdrawn stories never match, and the text is searched only where the reader
    may read it (the story as told only for those who see originals)."""
    stories = visible_stories(user)
    if query.text.strip():
        redacted = Q()
        original = Q()
        for word in query.text.split():
            redacted &= Q(redacted_text__icontains=word) | Q(redacted_significance__icontains=word)
            original &= Q(text__icontains=word) | Q(significance__icontains=word)
        if Role.STAFF_WELFARE.value in role_names(user):
            stories = stories.filter(redacted | original)
        else:
            stories = stories.filter(redacted | (original & Q(collector=user)))
    if query.domain:
        stories = stories.filter(domain_id=query.domain)
    if query.theme:
        stories = stories.filter(themes__id=query.theme)
    if query.teller_role:
        stories = stories.filter(teller_role=query.teller_role)
    if query.period:
        stories = stories.filter(period_id=query.period)
    if query.direction:
        stories = stories.filter(direction=query.direction)
    if query.state:
        stories = stories.filter(state=query.state)
    return stories.distinct()


def story_for(user: Any, pk: int) -> Story:
    """One story for its page (a withdrawn one too: its page shows the record of the
    withdrawal, without text). Raises Story.DoesNotExist for anyone else."""
    if not is_manager(user):
        raise Story.DoesNotExist
    return Story.objects.select_related(
        "domain", "period", "collector", "selection_round", "seeker", "building"
    ).get(pk=pk)


def consent_history(story: Story) -> QuerySet[ConsentRecord]:
    return story.consents.select_related("recorded_by")


# --- Selection rounds and the panel --------------------------------------------------------


def rounds_for(user: Any) -> QuerySet[SelectionRound]:
    """Managers see every round; a panel member the rounds they sit on, once shown to them."""
    rounds = SelectionRound.objects.select_related("period").prefetch_related("domains")
    if is_manager(user):
        return rounds
    return rounds.filter(members=user).exclude(state=RoundState.PREPARING)


def may_read_panel(user: Any, selection_round: SelectionRound) -> bool:
    if is_manager(user):
        return True
    return (
        selection_round.state != RoundState.PREPARING
        and selection_round.members.filter(pk=user.pk).exists()
    )


def round_stories(selection_round: SelectionRound) -> QuerySet[Story]:
    return (
        Story.objects.filter(selection_round=selection_round)
        .select_related("domain")
        .order_by("domain__position", "domain__name", "code")
    )


def panel_stories(selection_round: SelectionRound) -> QuerySet[Story]:
    """The stories the panel reads: in the round, not withdrawn, consent allowing a panel."""
    return round_stories(selection_round).filter(
        consent__in=tiers.tiers_allowing(ConsentTier.PANEL)
    )


@dataclass(frozen=True)
class PanelItem:
    """What a panel member reads of one story: never the teller's name or the original."""

    pk: int
    code: str
    domain: str
    domain_id: int
    teller_role: str
    direction: str
    prompt: str
    told_in: str  # the reporting period, not the day
    text: str
    significance: str
    state: str


@dataclass(frozen=True)
class PanelView:
    items: list[PanelItem]
    flagged: dict[str, list[Flag]]  # story code -> what the check still finds

    @property
    def refused(self) -> bool:
        return bool(self.flagged)


def panel_view(selection_round: SelectionRound) -> PanelView:
    """The panel's reading, checked again now (a name may have become known since the
    redaction): while any story is flagged, the view is refused and ``items`` is empty."""
    stories = list(panel_stories(selection_round).select_related("period"))
    known = known_terms()
    flagged = {story.code: flags for story in stories if (flags := flags_of(story, known=known))}
    if flagged:
        return PanelView(items=[], flagged=flagged)
    return PanelView(
        items=[
            PanelItem(
                pk=story.pk,
                code=story.code,
                domain=story.domain.name,
                domain_id=story.domain_id,
                teller_role=story.get_teller_role_display(),
                direction=story.get_direction_display(),
                prompt=story.get_prompt_display(),
                told_in=story.period.name,
                text=story.redacted_text,
                significance=story.redacted_significance,
                state=story.state,
            )
            for story in stories
        ],
        flagged={},
    )


def stories_awaiting_round(selection_round: SelectionRound) -> QuerySet[Story]:
    """Redacted stories the round could take: one of its domains, consent for a panel, in
    no round yet, told by the day of the panel."""
    return Story.objects.filter(
        state=StoryState.REDACTED,
        selection_round__isnull=True,
        consent__in=tiers.tiers_allowing(ConsentTier.PANEL),
        domain__in=selection_round.domains.all(),
        told_on__lte=selection_round.held_on,
    ).select_related("domain")


# --- Consent at a date ---------------------------------------------------------------------


def consent_on(story: Story, day: date) -> str:
    """The consent that holds for a snapshot at ``day``: the consent given by then, unless the
    teller narrowed or withdrew it since (a narrower consent always wins, whatever the day of
    the snapshot, so a report rebuilt for an old date never shows more than is allowed now)."""
    records = list(story.consents.all())
    given = ConsentTier.WITHDRAWN
    for entry in records:
        if entry.given_on <= day:
            given = entry.tier
    return tiers.lower(given, story.consent)
