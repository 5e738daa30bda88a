"""Durations in calendar months: 6 months after 31 August is 28 February, not 182.6 days."""

from datetime import date

import pytest

from voorrang.evaluation import computations as c


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2022, 1, 1), date(2022, 7, 1), 6.0),
        (date(2022, 8, 31), date(2023, 2, 28), 6.0),  # end of month clamped
        (date(2022, 1, 31), date(2022, 2, 28), 1.0),
        (date(2022, 1, 1), date(2022, 1, 1), 0.0),
    ],
)
def test_a_duration_counts_calendar_months(start, end, months) -> None:
    assert c.calendar_months(start, end) == pytest.approx(months)


def test_a_duration_is_at_least_k_months_exactly_when_its_end_is_k_calendar_months_on() -> None:
    start = date(2023, 8, 31)
    for k in range(30):
        on = c.add_months(start, k)
        assert c.calendar_months(start, on) == pytest.approx(k)
        assert c.calendar_months(start, date.fromordinal(on.toordinal() - 1)) < k


def test_kaplan_meier_reads_its_milestones_in_calendar_months() -> None:
    # Two tenancies end one day after their sixth calendar month (182 days: 5.98 months of
    # 30.4375 days, so an average-month count would have them leave before six months);
    # the one from 31 August reaches six months on 28 February (end of month clamped).
    stays = [
        c.Tenancy("targeted", "L-flat", date(2022, 1, 1), date(2022, 7, 2)),
        c.Tenancy("targeted", "L-flat", date(2022, 8, 31), date(2023, 3, 1)),
        c.Tenancy("targeted", "L-flat", date(2022, 1, 1), date(2022, 3, 1)),
        c.Tenancy("targeted", "L-flat", date(2022, 1, 1), None),
    ]
    points = {p.period: p for p in c.still_living_there(stays, as_of=date(2024, 6, 1))}
    assert points["6"].value == pytest.approx(0.75)
    assert points["6"].n == 3
    assert points["12"].value == pytest.approx(0.25)
    assert points["12"].n == 1
