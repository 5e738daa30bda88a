"""The register of seekers as growing arrays, the agenda of what happens to them in which
month, and how a new seeker is drawn."""

from __future__ import annotations

import math

import numpy as np

from voorrang.simulation.fast_rank import NO_DATE

NEVER = np.iinfo(np.int64).max // 4  # a month that never comes


class Register:
    """Every seeker who ever registered, as growing arrays (index = seeker number)."""

    SPEC = {
        "registered_on": (np.int64, 0),
        "birth_key": (np.int64, 0),  # YYYYMMDD
        "household_size": (np.int64, 1),
        "income": (np.int64, 0),  # cents
        "urgency_from": (np.int64, NO_DATE),
        "urgency_until": (np.int64, NO_DATE),
        "commitment_status": (np.int64, 0),  # 1 approved
        "commitment_building": (np.int64, -1),
        "commitment_until": (np.int64, NO_DATE),
        "local_tie": (np.bool_, False),
        "present": (np.bool_, False),
        "willing": (np.bool_, False),
        "left_on": (np.int64, -1),  # day number when housed or gone; -1 while waiting
        "housed": (np.bool_, False),
        "exit_month": (np.int64, NEVER),  # leaves the register without a home then
        "active_from": (np.int64, NEVER),  # searches from this month on
        "last_response_year": (np.int64, 0),
        "scratch": (np.int64, NEVER),  # working space of one month's letting
    }

    def __init__(self, capacity: int = 1024) -> None:
        self.capacity = max(capacity, 16)
        self.n = 0
        self.columns = {
            name: np.full(self.capacity, fill, dtype=dtype)
            for name, (dtype, fill) in self.SPEC.items()
        }

    def add(self, count: int) -> np.ndarray:
        if self.n + count > self.capacity:
            while self.n + count > self.capacity:
                self.capacity *= 2
            for name, (dtype, fill) in self.SPEC.items():
                grown = np.full(self.capacity, fill, dtype=dtype)
                grown[: self.n] = self.columns[name][: self.n]
                self.columns[name] = grown
        new = np.arange(self.n, self.n + count)
        self.n += count
        return new


class Agenda:
    """Rows of the register filed under the month something happens to them."""

    def __init__(self, months: int) -> None:
        self.months: list[list[np.ndarray]] = [[] for _ in range(months)]

    def file(self, rows: np.ndarray, when: np.ndarray) -> None:
        inside = (when >= 0) & (when < len(self.months))
        rows, when = rows[inside], when[inside]
        if not len(rows):
            return
        order = np.argsort(when, kind="stable")
        rows, when = rows[order], when[order]
        months, starts = np.unique(when, return_index=True)
        ends = np.append(starts[1:], len(rows))
        for month, a, b in zip(months.tolist(), starts.tolist(), ends.tolist(), strict=True):
            self.months[month].append(rows[a:b])

    def take(self, month: int) -> np.ndarray:
        parts = self.months[month]
        self.months[month] = []
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def geometric_months(rng: np.random.Generator, p: float, size: int) -> np.ndarray:
    """Months until an event with a monthly probability p happens (1, 2, ...)."""
    if p <= 0:
        return np.full(size, NEVER, dtype=np.int64)
    return rng.geometric(min(p, 1.0), size=size).astype(np.int64)


def draw_seekers(
    reg: Register, rng: np.random.Generator, rows: np.ndarray, spec, days: np.ndarray, year: int
) -> None:
    """Draw the seekers of ``rows``, registered on ``days``: age, household, income, local
    tie and willingness to commit, from the scenario's seeker ``spec``."""
    count = len(rows)
    c = reg.columns
    c["registered_on"][rows] = days
    ages = rng.integers(18, 80, size=count)
    birth_month = rng.integers(1, 13, size=count)
    birth_day = rng.integers(1, 29, size=count)
    c["birth_key"][rows] = (year - ages) * 10_000 + birth_month * 100 + birth_day
    c["household_size"][rows] = 1 + rng.choice(
        len(spec.household_sizes), size=count, p=spec.household_sizes
    )
    income = rng.lognormal(math.log(spec.income_median), spec.income_sigma, size=count)
    c["income"][rows] = (np.round(income / 100) * 100).astype(np.int64)  # whole euros
    c["local_tie"][rows] = rng.random(count) < spec.local_share
    c["willing"][rows] = rng.random(count) < spec.commit_willing
    c["present"][rows] = True
