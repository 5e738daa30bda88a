"""Every write of the stories: each runs in one transaction, checks the state machine and the
teller's consent, and records an audit event. An audit event never holds a story's text or the
teller's name: withdrawal must be able to erase them everywhere."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from voorrang.accounts.roles import Role
from voorrang.audit.services import record
from voorrang.commitments.models import CoordinatorMembership, WelfareOrganisation
from voorrang.errors import InvalidChange, NotAllowed
from voorrang.housing.models import Building
from voorrang.person_names import clean_name
from voorrang.seekers.models import Seeker
from voorrang.staff.access import role_names
from voorrang.stories import consent as tiers
from voorrang.stories.consent import ConsentTier
from voorrang.stories.deidentification import Flag
from voorrang.stories.known import flags_of, known_terms
from voorrang.stories.models import (
    ConsentRecord,
    Direction,
    Domain,
    Feedback,
    Prompt,
    ReportingPeriod,
    Selection,
    SelectionRound,
    Story,
    TellerRole,
    Theme,
)
from voorrang.stories.states import (
    ROUND_MACHINE,
    STORY_MACHINE,
    RoundState,
    StoryState,
)
from voorrang.text_limits import TEXT_LIMITS, check_length

# A panel's reasons: full sentences of real length, not a word or two.
REASONS_MIN_WORDS = 25
REASONS_MIN_DISTINCT_WORDS = 12
QUOTATION_MAX_CHARS = 600


def _locked_story(story: Story) -> Story:
    return Story.objects.select_for_update().get(pk=story.pk)


def _locked_round(selection_round: SelectionRound) -> SelectionRound:
    return SelectionRound.objects.select_for_update().get(pk=selection_round.pk)


def _required(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidChange(message, field=field)
    if field in TEXT_LIMITS:
        check_length(value, field=field)
    return value


# --- Domains, periods, themes ------------------------------------------------------------


@transaction.atomic
def create_domain(*, actor: Any, name: str, description: str = "", position: int = 0) -> Domain:
    name = _required(name, "name", _("Give the domain a name."))
    if Domain.objects.filter(name__iexact=name).exists():
        raise InvalidChange(_("A domain with this name exists already."), field="name")
    domain = Domain.objects.create(name=name, description=description.strip(), position=position)
    record(actor=actor, action="stories.domain_created", obj=domain, after={"name": name})
    return domain


@transaction.atomic
def create_period(*, actor: Any, name: str, starts_on: date, ends_on: date) -> ReportingPeriod:
    name = _required(name, "name", _("Give the reporting period a name."))
    if ends_on < starts_on:
        raise InvalidChange(_("The period cannot end before it starts."), field="ends_on")
    if ReportingPeriod.objects.filter(name__iexact=name).exists():
        raise InvalidChange(_("A reporting period with this name exists already."), field="name")
    overlap = ReportingPeriod.objects.filter(starts_on__lte=ends_on, ends_on__gte=starts_on).first()
    if overlap is not None:
        raise InvalidChange(
            _("This period overlaps with %(other)s: a story belongs to one period.")
            % {"other": overlap.name},
            field="starts_on",
        )
    period = ReportingPeriod.objects.create(name=name, starts_on=starts_on, ends_on=ends_on)
    record(
        actor=actor,
        action="stories.period_created",
        obj=period,
        after={"name": name, "starts_on": starts_on, "ends_on": ends_on},
    )
    return period


@transaction.atomic
def create_theme(*, actor: Any, name: str, description: str = "") -> Theme:
    name = _required(name, "name", _("Give the theme a name."))
    if Theme.objects.filter(name__iexact=name).exists():
        raise InvalidChange(_("A theme with this name exists already."), field="name")
    theme = Theme.objects.create(name=name, description=description.strip())
    record(actor=actor, action="stories.theme_created", obj=theme, after={"name": name})
    return theme


def period_for(day: date) -> ReportingPeriod:
    period = ReportingPeriod.objects.filter(starts_on__lte=day, ends_on__gte=day).first()
    if period is None:
        raise InvalidChange(
            _("No reporting period covers %(day)s. Add the period first.")
            % {"day": formats.date_format(day, "j F Y")},
            field="told_on",
        )
    return period


# --- Collection ----------------------------------------------------------------------------


def _next_code(year: int) -> str:
    prefix = f"S-{year}-"
    numbers = [
        int(code.removeprefix(prefix))
        for code in Story.objects.filter(code__startswith=prefix).values_list("code", flat=True)
        if code.removeprefix(prefix).isdigit()
    ]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"


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
    text = _required(text, "text", _("Write down the story."))
    significance = _required(
        significance, "significance", _("Write down why the change is significant to the teller.")
    )
    period = period_for(told_on)
    story = Story.objects.create(
        code=_next_code(told_on.year),
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
    story = _locked_story(story)
    redacted_text = _required(
        redacted_text, "redacted_text", _("Write the story without names and addresses.")
    )
    redacted_significance = _required(
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


# --- Consent -------------------------------------------------------------------------------


@transaction.atomic
def record_consent(
    *, actor: Any, story: Story, tier: str, given_on: date, how: str, note: str = ""
) -> Story:
    """A new consent of the teller (wider or narrower). A narrower consent takes effect at once
    everywhere: a story no longer allowed before a panel leaves the panel's view."""
    story = _locked_story(story)
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
    story = _locked_story(story)
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


# --- Themes and feedback -------------------------------------------------------------------


@transaction.atomic
def set_themes(*, actor: Any, story: Story, themes: Iterable[Theme]) -> Story:
    story = _locked_story(story)
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
    note = _required(note, "note", _("Write down what the teller was told."))
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


# --- Selection rounds ----------------------------------------------------------------------


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
    name = _required(name, "name", _("Give the selection round a name."))
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
    selection_round = _locked_round(selection_round)
    story = _locked_story(story)
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
    selection_round = _locked_round(selection_round)
    story = _locked_story(story)
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
    selection_round = _locked_round(selection_round)
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
    selection_round = _locked_round(selection_round)
    story = _locked_story(story)
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
    selection_round = _locked_round(selection_round)
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
