"""The stories for analysis, within consent: every story whose teller has not withdrawn
consent (each tier allows analysis), in its redacted version only. No teller's name, no
collector, no exact date (the month), no story as told; a redacted text in which the check
still finds a known name or address is left out."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from voorrang.stories import selectors
from voorrang.stories.known import flags_of, known_terms

HEADER = [
    "code",
    "domain",
    "reporting_period",
    "month_told",
    "teller_role",
    "question_asked",
    "direction",
    "consent",
    "state",
    "selected",
    "themes",
    "redacted",
    "text_withheld_by_check",
    "story",
    "significance",
]


def export_rows(user: Any) -> Iterator[list[str]]:
    """The header, then one row per story ``user`` may read, oldest first."""
    yield HEADER
    known = known_terms()
    stories = selectors.search(user, selectors.StoryQuery()).order_by("told_on", "code")
    for story in stories:
        redacted = bool(story.redacted_text)
        withheld = redacted and bool(flags_of(story, known=known))
        show = redacted and not withheld
        yield [
            story.code,
            story.domain.name,
            story.period.name,
            story.told_on.strftime("%Y-%m"),
            story.teller_role,
            story.prompt,
            story.direction,
            story.consent,
            story.state,
            "yes" if story.state == "selected" else "no",
            "; ".join(theme.name for theme in story.themes.all()),
            "yes" if redacted else "no",
            "yes" if withheld else "no",
            story.redacted_text if show else "",
            story.redacted_significance if show else "",
        ]
