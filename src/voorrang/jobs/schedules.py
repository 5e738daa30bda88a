"""When a periodic duty runs next: pure, without Django, so that the schedule is tested without a
database or a clock.

Two kinds are enough for Voorrang's duties: every so many minutes (from the start of the last
run), and daily at a local time. A daily time between 02:00 and 03:00 would fall in the hour the
clocks skip in spring (Europe/Amsterdam); the duties are declared outside that hour, and a time
that does not exist on a day is read as the same wall time after the change (``fold``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo


@dataclass(frozen=True)
class Every:
    """Every ``interval``, counted from the start of the last run."""

    interval: timedelta

    def next_after(self, started: datetime, zone: tzinfo) -> datetime:
        return started + self.interval


@dataclass(frozen=True)
class DailyAt:
    """Once a day at ``at``, local time in the zone given."""

    at: time

    def next_after(self, started: datetime, zone: tzinfo) -> datetime:
        local = started.astimezone(zone)
        candidate = datetime.combine(local.date(), self.at, tzinfo=zone)
        if candidate <= local:
            candidate = datetime.combine(local.date() + timedelta(days=1), self.at, tzinfo=zone)
        return candidate


Schedule = Every | DailyAt
