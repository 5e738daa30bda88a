"""Reads of the stories, each within the teller's consent and the reader's role. Views, the
export and the report read through here, so that consent is enforced in one place.

- A withdrawn story is in no list, search, panel, export or report (its text is erased).
- A story belongs to the welfare organisation that collected it, as the targeted track's
  records do: its coordinators (who collect and know the tellers) see it, as told and with the
  teller's name; a coordinator of another organisation does not find it at all.
- A researcher sees every story within consent: as told and with the teller's name only the
  stories they collected themselves, otherwise the redacted version.
- A panel sees only the redacted version, of stories whose consent allows a panel, and only
  while the automatic check finds no name or address in any of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import formats
from django.utils.translation import gettext as _

from voorrang.accounts.roles import Role
from voorrang.commitments.models import WelfareOrganisation
from voorrang.commitments.selectors import organisations_of
from voorrang.errors import InvalidChange
from voorrang.stories import consent as tiers
from voorrang.stories.consent import ConsentTier
from voorrang.stories.deidentification import Flag
from voorrang.stories.known import flags_of, known_terms
from voorrang.stories.models import ConsentRecord, ReportingPeriod, SelectionRound, Story
from voorrang.stories.states import RoundState, StoryState
from voorrang.web.access import Protected, may_read, role_names

MANAGERS = frozenset({Role.STAFF_WELFARE.value, Role.RESEARCHER.value})


def is_manager(user: Any) -> bool:
    return bool(role_names(user) & MANAGERS)


def _own_organisations(user: Any) -> Q:
    """The stories of the organisations ``user`` is a coordinator of."""
    if Role.STAFF_WELFARE.value not in role_names(user):
        return Q(pk__in=[])
    return Q(organisation__in=organisations_of(user))


def _reads_as_told(user: Any) -> Q:
    """The stories ``user`` may read as told: their organisations' and their own."""
    if not may_read(user, Protected.STORIES_AS_TOLD):
        return Q(pk__in=[])
    return _own_organisations(user) | Q(collector_id=user.pk)


def stories_in_scope(user: Any) -> QuerySet[Story]:
    """Every story ``user`` may find at all, withdrawn ones included: a researcher all (they
    read the redacted version), a coordinator those of their organisations, and anyone the
    stories they collected."""
    if not is_manager(user):
        return Story.objects.none()
    if Role.RESEARCHER.value in role_names(user):
        return Story.objects.all()
    return Story.objects.filter(_own_organisations(user) | Q(collector_id=user.pk))


def sees_original(user: Any, story: Story) -> bool:
    """Whether ``user`` may read the story as told and the teller's name."""
    if story.state == StoryState.WITHDRAWN or not may_read(user, Protected.STORIES_AS_TOLD):
        return False
    if story.collector_id == user.pk:
        return True
    return (
        Role.STAFF_WELFARE.value in role_names(user)
        and story.organisation_id is not None
        and organisations_of(user).filter(pk=story.organisation_id).exists()
    )


def visible_stories(user: Any) -> QuerySet[Story]:
    """The stories a manager may list: those in their scope but the withdrawn ones."""
    return (
        stories_in_scope(user)
        .exclude(state=StoryState.WITHDRAWN)
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
        stories = stories.filter(redacted | (original & _reads_as_told(user)))
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
    return (
        stories_in_scope(user)
        .select_related("domain", "period", "collector", "selection_round", "seeker", "building")
        .get(pk=pk)
    )


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


def flagged_in_scope(
    user: Any, selection_round: SelectionRound, *, view: PanelView | None = None
) -> dict[str, list[Flag]]:
    """What the check finds in the round's stories, of the stories ``user`` finds only (the
    terms found may be the names of another organisation's tellers)."""
    view = view or panel_view(selection_round)
    if not view.flagged:
        return {}
    codes = set(
        visible_stories(user).filter(selection_round=selection_round).values_list("code", flat=True)
    )
    return {code: flags for code, flags in view.flagged.items() if code in codes}


def collecting_organisations(user: Any) -> QuerySet[WelfareOrganisation]:
    """The organisations a story ``user`` records may belong to (see services.collect_story)."""
    return organisations_of(user).order_by("name")


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


# --- Reporting periods and story codes -------------------------------------------------------


def period_for(day: date) -> ReportingPeriod:
    period = ReportingPeriod.objects.filter(starts_on__lte=day, ends_on__gte=day).first()
    if period is None:
        raise InvalidChange(
            _("No reporting period covers %(day)s. Add the period first.")
            % {"day": formats.date_format(day, "j F Y")},
            field="told_on",
        )
    return period


def next_story_code(year: int) -> str:
    """The code of the next story told in ``year``: S-<year>-<number>, counting on from the
    highest number given so far."""
    prefix = f"S-{year}-"
    numbers = [
        int(code.removeprefix(prefix))
        for code in Story.objects.filter(code__startswith=prefix).values_list("code", flat=True)
        if code.removeprefix(prefix).isdigit()
    ]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"
