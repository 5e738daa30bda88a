"""The research export's table of the stories: only the de-identified text, and only of
stories whose consent allows analysis and was not withdrawn."""

from __future__ import annotations

from datetime import date

from voorrang.evaluation.research import (
    Column,
    Table,
    month_of,
    pseudonym,
)


def stories_table(key: bytes, as_of: date) -> Table:
    """Stories whose consent allows analysis and was not withdrawn, told up to the data date:
    only the de-identified text, and not even that when the check still finds a known name
    or address in it. Never the teller's name or contact, the collector, or the story as
    told."""
    from voorrang.stories.consent import ConsentTier, tiers_allowing
    from voorrang.stories.known import flags_of, known_terms
    from voorrang.stories.models import Story
    from voorrang.stories.states import StoryState

    stories = (
        Story.objects.filter(
            consent__in=tiers_allowing(ConsentTier.ANALYSIS),
            withdrawn_on__isnull=True,
            told_on__lte=as_of,
        )
        .exclude(state=StoryState.WITHDRAWN)
        .select_related("domain", "period", "building")
        .prefetch_related("themes")
        .order_by("told_on", "code")
    )
    known = known_terms()
    rows = []
    for story in stories:
        redacted = bool(story.redacted_text.strip())
        withheld = redacted and bool(flags_of(story, known=known))
        show = redacted and not withheld
        rows.append(
            (
                pseudonym(key, "story", story.code),
                story.building.name if story.building_id else None,
                story.domain.name,
                story.period.name,
                month_of(story.told_on),
                story.teller_role,
                story.prompt,
                story.direction,
                story.consent,
                story.state == StoryState.SELECTED,
                "; ".join(sorted(theme.name for theme in story.themes.all())) or None,
                redacted,
                withheld,
                story.redacted_text if show else None,
                story.redacted_significance if show else None,
            )
        )
    return Table(
        name="stories",
        description="Stories of change (Most Significant Change) whose teller's consent "
        "allows analysis and was not withdrawn, told up to the data date. Only the version "
        "without names and addresses is given, and only when the de-identification check finds "
        "no known name or address in it.",
        columns=(
            Column("story", "string", "pseudonym of the story"),
            Column("building", "string", "the building the story is about (may be empty)"),
            Column("domain", "string", "the domain of change"),
            Column("reporting_period", "string", "the reporting period"),
            Column("month_told", "month", "month the story was told"),
            Column("teller_role", "string", "targeted_newcomer, other_resident or professional"),
            Column(
                "question_asked",
                "string",
                "most_significant, negative (what changed for the worse), no_change",
            ),
            Column("direction", "string", "positive, negative, no_change, mixed"),
            Column(
                "consent",
                "string",
                "the teller's consent: analysis, quotation, panel, publication",
            ),
            Column("selected", "boolean", "a selection panel chose the story for its domain"),
            Column("themes", "string", "themes given to the story, separated by '; '"),
            Column("redacted", "boolean", "a version without names and addresses exists"),
            Column(
                "text_withheld_by_check",
                "boolean",
                "the check still found a known name or address: the text is not given",
            ),
            Column("story_text", "string", "the story, without names and addresses"),
            Column(
                "significance",
                "string",
                "why it is significant to the teller, without names and addresses",
            ),
        ),
        rows=rows,
    )
