"""The wait between log-in attempts on one account name grows with its failures and never
passes VOORRANG_LOGIN_DELAY_MAX_SECONDS, however many failures an attacker piles up."""

from __future__ import annotations

from django.test import override_settings
from hypothesis import given
from hypothesis import strategies as st

from voorrang.accounts.login_limits import FIRST_DELAY_SECONDS, FREE_FAILURES, delay_seconds


@given(
    failures=st.integers(min_value=0, max_value=10**9),
    longest=st.integers(min_value=FIRST_DELAY_SECONDS, max_value=24 * 3600),
)
def test_the_wait_grows_with_the_failures_and_stays_under_the_longest(
    failures: int, longest: int
) -> None:
    with override_settings(VOORRANG_LOGIN_DELAY_MAX_SECONDS=longest):
        wait, next_wait = delay_seconds(failures), delay_seconds(failures + 1)

    assert 0 <= wait <= next_wait <= longest
    assert (wait == 0) == (failures < FREE_FAILURES)


def test_the_first_waits_double() -> None:
    with override_settings(VOORRANG_LOGIN_DELAY_MAX_SECONDS=300):
        waits = [delay_seconds(n) for n in range(FREE_FAILURES + 10)]

    assert waits == [0] * FREE_FAILURES + [2, 4, 8, 16, 32, 64, 128, 256, 300, 300]
