"""Every write of the stories: each runs in one transaction, checks the state machine and the
teller's consent, and records an audit event. An audit event never holds a story's text or the
teller's name: withdrawal must be able to erase them everywhere."""

from voorrang.stories.services.account_end import deidentify_for_account_end
from voorrang.stories.services.collection import QUOTATION_MAX_CHARS, collect_story, redact_story
from voorrang.stories.services.consent import record_consent, withdraw_consent
from voorrang.stories.services.domains import create_domain, create_period, create_theme
from voorrang.stories.services.rounds import (
    REASONS_MIN_DISTINCT_WORDS,
    REASONS_MIN_WORDS,
    add_story_to_round,
    close_round,
    create_round,
    open_round,
    reasons_problem,
    record_selection,
    remove_story_from_round,
)
from voorrang.stories.services.themes_and_feedback import record_feedback, set_themes

__all__ = [
    "QUOTATION_MAX_CHARS",
    "REASONS_MIN_DISTINCT_WORDS",
    "REASONS_MIN_WORDS",
    "add_story_to_round",
    "close_round",
    "collect_story",
    "create_domain",
    "create_period",
    "create_round",
    "create_theme",
    "deidentify_for_account_end",
    "open_round",
    "reasons_problem",
    "record_consent",
    "record_feedback",
    "record_selection",
    "redact_story",
    "remove_story_from_round",
    "set_themes",
    "withdraw_consent",
]
