"""The bounds of dates people enter, in one place: a form and a service refuse the same dates.

Django's date fields take any year from 1 to 9999; a registration date of 1 January 1 was
accepted for approval. Each bound below is the earliest (or latest) date that can be meant."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from voorrang.errors import InvalidChange

# No registration held by a Dutch corporation goes back further: waiting lists were kept in
# card files before, and a registration time of more than fifty years is no longer a queue.
EARLIEST_REGISTRATION = date(1970, 1, 1)
# The oldest person alive in the Netherlands was born in the 1910s; 1900 leaves room.
EARLIEST_BIRTH = date(1900, 1, 1)
# Events of the scheme itself (a survey wave, a story told, a panel) are no older than this.
EARLIEST_EVENT = date(2000, 1, 1)
# A vacancy stays open for weeks; a closing date further ahead than this is a typing error.
LONGEST_OPEN = timedelta(days=366)
# Plans (a survey wave, a reporting period) are made at most a few years ahead.
LONGEST_AHEAD = timedelta(days=5 * 366)


def _shown(day: date) -> str:
    return formats.date_format(day, "j F Y")


def bound_problem(value: date, *, earliest: date | None = None, latest: date | None = None) -> str:
    """What is wrong with the date, or "" when it lies within its bounds."""
    if earliest is not None and value < earliest:
        return _("The date cannot be before %(earliest)s.") % {"earliest": _shown(earliest)}
    if latest is not None and value > latest:
        return _("The date cannot be after %(latest)s.") % {"latest": _shown(latest)}
    return ""


def check_date(
    value: date, *, field: str, earliest: date | None = None, latest: date | None = None
) -> None:
    """Raise InvalidChange naming the field and the bound when the date lies outside them."""
    problem = bound_problem(value, earliest=earliest, latest=latest)
    if problem:
        raise InvalidChange(problem, field=field)


def check_birth_date(value: date, *, field: str) -> None:
    if value > timezone.localdate():
        raise InvalidChange(_("A birth date cannot be in the future."), field=field)
    check_date(value, field=field, earliest=EARLIEST_BIRTH)


def check_registration_date(value: date, *, field: str) -> None:
    if value > timezone.localdate():
        raise InvalidChange(_("The registration date cannot be in the future."), field=field)
    check_date(value, field=field, earliest=EARLIEST_REGISTRATION)


def check_event_date(value: date, *, field: str) -> None:
    """A date of the scheme's own work: not before 2000 and at most five years ahead."""
    check_date(
        value,
        field=field,
        earliest=EARLIEST_EVENT,
        latest=timezone.localdate() + LONGEST_AHEAD,
    )


def not_before(earliest: date) -> Any:
    """A form validator with the same message as the services."""

    def validate(value: date | None) -> None:
        if value is not None:
            problem = bound_problem(value, earliest=earliest)
            if problem:
                raise ValidationError(problem, code="too_early")

    return validate


def event_date(value: date | None) -> None:
    """The form validator of check_event_date."""
    if value is not None:
        problem = bound_problem(
            value, earliest=EARLIEST_EVENT, latest=timezone.localdate() + LONGEST_AHEAD
        )
        if problem:
            raise ValidationError(problem, code="out_of_range")
