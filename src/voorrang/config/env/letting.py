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
    Setting(
        name="VOORRANG_OBJECTION_WEEKS",
        kind=Kind.INTEGER,
        default="6",
        description=(
            "Weeks a passed-over or excluded candidate has to lodge an objection (bezwaar), "
            "counted from the day the vacancy was ranked (as the six weeks of the Awb)."
        ),
    ),
    Setting(
        name="VOORRANG_OBJECTION_OFFERS",
        kind=Kind.CHOICE,
        default="hold",
        choices=("hold", "subject_to"),
        description=(
            "What an objection still pending does to the next offer on its vacancy. `hold`: "
            "no offer is made until every objection on the vacancy is decided. `subject_to`: "
            "the offer is made, marked subject to the objection, and the candidate is told so."
        ),
    ),
)
