"""The simulated calendar: months counted from the scenario's start, and the month's homes
on offer with the seekers who look at them, as arrays."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np


def add_months_capped_at_28(day: date, months: int) -> date:
    """``day`` moved by ``months`` calendar months, its day of the month capped at 28.

    The simulator counts whole months from the first of its start month and never needs the
    real last day of a month: capping at 28 keeps every such date valid. (Not the
    ``commitments.dates.add_months`` of the records, which keeps the day where the month has
    it.)"""
    month = day.month - 1 + months
    year = day.year + month // 12
    return date(year, month % 12 + 1, min(day.day, 28))


@dataclass(frozen=True)
class Clock:
    """Where a month of the run lies in the calendar."""

    month: int  # 0 for the scenario's first month
    first: date
    following: date  # the first of the next month
    first_day: int  # day number of its first day
    next_first: int  # day number of the next month's first day

    @classmethod
    def of(cls, start: date, month: int) -> Clock:
        first = add_months_capped_at_28(start, month)
        following = add_months_capped_at_28(start, month + 1)
        return cls(
            month=month,
            first=first,
            following=following,
            first_day=first.toordinal(),
            next_first=following.toordinal(),
        )

    @property
    def days(self) -> int:
        return self.next_first - self.first_day


@dataclass
class Month:
    """The month's vacancies (sorted by closing date) and responses, as arrays."""

    number: np.ndarray  # vacancy numbers
    building: np.ndarray
    closes: np.ndarray  # day numbers
    rent: np.ndarray  # cents
    max_household: np.ndarray
    lottery: np.ndarray
    targeted: np.ndarray
    unit: np.ndarray
    pair_vacancy: np.ndarray  # per looker: index of the vacancy (in this month's order)
    pair_seeker: np.ndarray  # per looker: seeker number
    uniform: np.ndarray  # per looker: refuses an offer when below the refusal probability
    close_key: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
