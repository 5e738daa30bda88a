"""The stories' part of the evaluation report: per domain, the stories the panels chose, within
their tellers' consent, with the panels' reasons; and how many stories were collected.

``section(as_of=...)`` is the context of the template ``stories/report_section.html``;
``render_section(as_of=...)`` renders it. The same database and date give the same section.

Consent rules of the report:
- a story enters the report only if its consent allows anonymous quotation or publication, as
  it stood at ``as_of`` or narrower since (``selectors.consent_on``): a withdrawal or a narrower
  consent always wins, also when an older report is rebuilt;
- with consent to publication, the redacted story and why it matters to the teller are shown
  in full; with consent to anonymous quotation (or to a panel, which includes it), only the
  passage the collector chose for quotation;
- nothing is shown that the automatic check flags as a name or address (the text is withheld);
- the teller's name, the collector and the exact date are never in the report.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from django.template.loader import render_to_string

from voorrang.stories import consent as tiers
from voorrang.stories.consent import ConsentTier
from voorrang.stories.known import flags_of, known_terms
from voorrang.stories.models import (
    Direction,
    Domain,
    ReportingPeriod,
    Selection,
    SelectionRound,
    Story,
    TellerRole,
)
from voorrang.stories.selectors import consent_on
from voorrang.stories.states import RoundState, StoryState


def _counted(as_of: date) -> list[Story]:
    return list(
        Story.objects.filter(told_on__lte=as_of)
        .exclude(state=StoryState.WITHDRAWN)
        .select_related("domain", "period")
        .order_by("code")
    )


def _counts(stories: list[Story]) -> dict[str, Any]:
    by_domain = Counter(story.domain_id for story in stories)
    by_role = Counter(story.teller_role for story in stories)
    by_period = Counter(story.period_id for story in stories)
    by_direction = Counter(story.direction for story in stories)
    periods = ReportingPeriod.objects.filter(pk__in=by_period)
    return {
        "total": len(stories),
        "by_domain": [
            {"label": domain.name, "count": by_domain.get(domain.pk, 0)}
            for domain in Domain.objects.all()
        ],
        "by_role": [
            {"label": str(role.label), "count": by_role.get(role.value, 0)} for role in TellerRole
        ],
        "by_period": [{"label": period.name, "count": by_period[period.pk]} for period in periods],
        "by_direction": [
            {"label": str(direction.label), "count": by_direction.get(direction.value, 0)}
            for direction in Direction
        ],
    }


def _entry(selection: Selection, as_of: date, known: Any) -> dict[str, Any] | None:
    story = selection.story
    if story.state != StoryState.SELECTED:
        return None
    tier = consent_on(story, as_of)
    if not tiers.allows(tier, ConsentTier.QUOTATION):
        return None
    published = tiers.allows(tier, ConsentTier.PUBLICATION)
    texts = (
        {"text": story.redacted_text, "significance": story.redacted_significance}
        if published
        else {"quotation": story.quotation}
    )
    withheld = any(texts.values()) and bool(flags_of(story, texts=texts, known=known))
    return {
        "code": story.code,
        "round": selection.selection_round.name,
        "held_on": selection.selection_round.held_on,
        "period": story.period.name,
        "teller_role": str(story.get_teller_role_display()),
        "direction": str(story.get_direction_display()),
        "prompt": str(story.get_prompt_display()),
        "consent": ConsentTier.PUBLICATION.value if published else ConsentTier.QUOTATION.value,
        "consent_label": str(ConsentTier(tier).label),
        "published": published,
        "text": "" if withheld else texts.get("text", texts.get("quotation", "")),
        "significance": "" if withheld else texts.get("significance", ""),
        "quotation_missing": not published and not story.quotation,
        "withheld": withheld,
        "themes": [theme.name for theme in story.themes.all()],
        "reasons": selection.reasons,
    }


def section(*, as_of: date) -> dict[str, Any]:
    """The context of ``stories/report_section.html`` for the report of ``as_of``."""
    stories = _counted(as_of)
    per_domain = Counter(story.domain_id for story in stories)
    rounds = list(
        SelectionRound.objects.filter(held_on__lte=as_of, state=RoundState.DECIDED)
        .select_related("period")
        .order_by("held_on", "name")
    )
    selections = (
        Selection.objects.filter(selection_round__in=rounds)
        .select_related("selection_round", "story__period", "domain")
        .prefetch_related("story__consents", "story__themes")
        .order_by("selection_round__held_on", "selection_round__name")
    )
    known = known_terms()
    chosen: dict[int, list[dict[str, Any]]] = {}
    for selection in selections:
        entry = _entry(selection, as_of, known)
        if entry is not None:
            chosen.setdefault(selection.domain_id, []).append(entry)
    return {
        "as_of": as_of,
        "domains": [
            {
                "name": domain.name,
                "description": domain.description,
                "collected": per_domain.get(domain.pk, 0),
                "selections": chosen.get(domain.pk, []),
            }
            for domain in Domain.objects.all()
        ],
        "counts": _counts(stories),
        "rounds": [
            {
                "name": selection_round.name,
                "held_on": selection_round.held_on,
                "period": selection_round.period.name,
                "domains": selection_round.domains.count(),
                "stories": selection_round.stories.exclude(state=StoryState.WITHDRAWN).count(),
            }
            for selection_round in rounds
        ],
    }


def render_section(*, as_of: date) -> str:
    """The section as HTML, for a report page or its PDF."""
    return render_to_string("stories/report_section.html", section(as_of=as_of))
