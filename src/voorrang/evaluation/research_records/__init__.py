"""The research export's tables of the surveys, the targeted track and the stories.

Each table is pseudonymised by the same keyed hash as the letting records
(``research.pseudonym``): a home seeker is ``pseudonym(key, "seeker", registration number)``
in every table, so that the lettings, the applications and the agreements of one person can
be linked. Only structured data leaves: no free text of the targeted track (motivation,
intake notes, reasons, activity descriptions, check-in notes), no names. Of the stories only
the de-identified text, and only of stories whose consent allows analysis and was not
withdrawn. Dates are given to the month; counts of fewer than five people in aggregates are
suppressed.

A table whose app is not installed is left out."""

from __future__ import annotations

from datetime import date

from django.apps import apps

from voorrang.evaluation.research import Table
from voorrang.evaluation.research_records.stories import stories_table
from voorrang.evaluation.research_records.surveys import survey_table_name, survey_tables
from voorrang.evaluation.research_records.targeted_track import (
    APPLICATION_COLUMN,
    SEEKER_COLUMN,
    track_tables,
)

__all__ = [
    "APPLICATION_COLUMN",
    "SEEKER_COLUMN",
    "stories_table",
    "survey_table_name",
    "survey_tables",
    "tables",
    "track_tables",
]


def tables(key: bytes, as_of: date) -> list[Table]:
    out: list[Table] = []
    if apps.is_installed("voorrang.surveys"):
        out += survey_tables(key, as_of)
    if apps.is_installed("voorrang.commitments"):
        out += track_tables(key, as_of)
    if apps.is_installed("voorrang.stories"):
        out.append(stories_table(key, as_of))
    return out
