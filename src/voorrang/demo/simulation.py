"""The simulated world the demo's history runs in: a clock that shows the moment of each
event, and no emails to the invented people.

The demo writes five years of history through the real services. They, and the fields Django
fills in itself (``auto_now_add``: when an audit event happened, when an offer was made, when a
ranking was stored), read the time from ``django.utils.timezone.now``. Audit events are
append-only, in the database too, so their times cannot be corrected afterwards; instead the
history is written while that clock shows the moment of each event, and every record carries
the time it would have had. The clock is only replaced inside ``simulated_clock``, in the
process that generates the demo, before anything else runs in it."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.test.utils import override_settings
from django.utils import timezone

from voorrang.notifications import emails


def local_moment(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_default_timezone())


def weekday_on_or_after(day: date) -> date:
    return day + timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)


class SimulatedClock:
    """A clock that shows the moment it was last set to, and never goes back."""

    def __init__(self, start: datetime) -> None:
        if timezone.is_naive(start):
            raise ValueError("the simulated clock needs an aware datetime")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def set(self, moment: datetime) -> None:
        moment = moment.astimezone(UTC)
        if moment < self._now:
            raise ValueError(f"the clock cannot go back from {self._now} to {moment}")
        self._now = moment


@contextmanager
def simulated_clock(start: datetime) -> Iterator[SimulatedClock]:
    """Let ``timezone.now()`` (and so ``timezone.localdate()``) show the simulated clock."""
    clock = SimulatedClock(start)
    real_now = timezone.now
    timezone.now = clock.now
    try:
        yield clock
    finally:
        timezone.now = real_now


@contextmanager
def no_notifications() -> Iterator[None]:
    """Send no email about the invented history: its seekers are invented (their addresses are
    at example.org), and a real mail server set in EMAIL_URL would otherwise be handed tens of
    thousands of messages when the demo's transaction commits.

    The services tell seekers of each change through the public functions of
    ``voorrang.notifications.emails``; while the history is written, each of them does nothing
    (which also spares rendering a hundred thousand messages). The dummy backend catches the
    rest."""
    silenced = {
        name: function
        for name, function in vars(emails).items()
        if inspect.isfunction(function)
        and function.__module__ == emails.__name__
        and not name.startswith("_")
    }
    for name in silenced:
        setattr(emails, name, _nothing)
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            yield
    finally:
        for name, function in silenced.items():
            setattr(emails, name, function)


def _nothing(*args: Any, **kwargs: Any) -> None:
    return None
