from __future__ import annotations

import time
import types
from collections.abc import Iterator

import pytest
from django.core.cache import cache


class LimiterClock:
    """The rate limiter's clock, standing still until a test moves it."""

    def __init__(self, moment: float) -> None:
        self.now = moment

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def moving_limiter_clock(monkeypatch) -> LimiterClock:
    """Like ``limiter_clock``, but a test can move it on (to let a wait pass). It starts half
    a minute into a day's second hour, so moving it on by less than 14 minutes stays in one
    window of every limit (15 minutes, an hour, a day)."""
    from voorrang.accounts import ratelimit

    clock = LimiterClock(time.time() // 86400 * 86400 + 3600 + 30)
    monkeypatch.setattr(ratelimit, "time", types.SimpleNamespace(time=lambda: clock.now))
    return clock


@pytest.fixture(autouse=True)
def _empty_rate_limit_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()
