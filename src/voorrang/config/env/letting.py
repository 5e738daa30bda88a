"""Letting: which policy files apply, how many responses a seeker may have open, and how long
an offer stands."""

from __future__ import annotations

from voorrang.config.env.declaration import Kind, Setting

SETTINGS: tuple[Setting, ...] = (
    Setting(
        name="VOORRANG_POLICY_FAMILY",
        kind=Kind.STRING,
        default="zeist",
        description=(
            "Which shipped policy files apply: a vacancy uses `<family>-<year>` for the year of "
            "its closing date (or the latest earlier year that has a file)."
        ),
    ),
    Setting(
        name="VOORRANG_MAX_OPEN_RESPONSES",
        kind=Kind.INTEGER,
        default="2",
        description="How many open responses (to published vacancies) a seeker may have at once.",
    ),
    Setting(
        name="VOORRANG_OFFER_DAYS",
        kind=Kind.INTEGER,
        default="3",
        description="Days a candidate has to accept or refuse an offer before it expires.",
    ),
)
