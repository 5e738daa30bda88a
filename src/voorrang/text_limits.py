"""The longest free text each field takes, in one table that the forms (``maxlength`` and
their error) and the services (for every other door: an import, a future API) both read.

A field was unbounded before: an intake note of a megabyte was stored. The limits leave room
for what people really write (an intake record of a few pages, a story as told) and no more."""

from __future__ import annotations

from django.utils.translation import gettext as _

from voorrang.errors import InvalidChange

NAME = 200
REASON = 2_000
ACCOUNT = 4_000
RECORD = 10_000
STORY = 20_000

# By the field's name in the forms and the services' arguments.
TEXT_LIMITS: dict[str, int] = {
    # Targeted track: the application, the intake, the assessment, objections, check-ins.
    "motivation": ACCOUNT,
    "skills": REASON,
    "experience": REASON,
    "notes": RECORD,
    "reason": REASON,
    "reasons": ACCOUNT,
    "grounds": ACCOUNT,
    "decision_reasons": ACCOUNT,
    "guidance": REASON,
    "description": REASON,
    "note": REASON,
    "closing_note": REASON,
    # Letting: overrides, refusals, withdrawals, date changes, duplicates.
    "override_reason": REASON,
    "refusal_text": REASON,
    "viewing_note": REASON,
    "check_note": REASON,
    "resolution": REASON,
    # Stories of change.
    "text": STORY,
    "significance": ACCOUNT,
    "redacted_text": STORY,
    "redacted_significance": ACCOUNT,
    "quotation": REASON,
    "accepted_terms": REASON,
    "consent_note": REASON,
    "other_members": REASON,
    "teller_name": 160,
    "teller_contact": 200,
    # Surveys: a respondent's pseudonym (the surveys have no open questions).
    "pseudonym": 20,
}


def limit_of(field: str) -> int:
    return TEXT_LIMITS[field]


def check_length(value: str, *, field: str, limit: int | None = None) -> str:
    """The text, or InvalidChange naming the field when it is longer than its limit."""
    limit = TEXT_LIMITS[field] if limit is None else limit
    if len(value) > limit:
        raise InvalidChange(
            _("This text is longer than %(limit)s characters (it has %(length)s).")
            % {"limit": limit, "length": len(value)},
            field=field,
        )
    return value


def required_text(value: str, field: str, message: str) -> str:
    """``value`` stripped; refused with ``message`` on ``field`` when empty, and checked
    against the field's limit when it has one."""
    value = (value or "").strip()
    if not value:
        raise InvalidChange(message, field=field)
    if field in TEXT_LIMITS:
        check_length(value, field=field)
    return value
