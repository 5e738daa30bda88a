"""Indicators computed from the records, on constructed records with hand-computed answers."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from voorrang.evaluation import computations as c


def letting(
    unit,
    let_on,
    *,
    published_on=None,
    tier="registration",
    targeted=False,
    building="L-flat",
    designated=True,
):
    return c.Letting(
        unit=unit,
        building=building,
        designated=designated,
        targeted_vacancy=targeted,
        tier=tier,
        published_on=published_on,
        let_on=let_on,
    )


def test_the_quota_is_the_share_rounded_up_and_never_above_the_cap() -> None:
    quota = c.Quota(share=Fraction(1, 4), cap=20)
    assert c.quota_allowed(1, quota) == 1  # the first vacancy of a year is targeted
    assert c.quota_allowed(4, quota) == 1
    assert c.quota_allowed(5, quota) == 2
    assert c.quota_allowed(100, quota) == 20
    assert c.quota_allowed(3, c.Quota(share=Fraction(1, 2), cap=None)) == 2


def test_targeted_allocations_per_year_against_the_quota() -> None:
    publications = [c.Publication("L-flat", date(2022, m, 1), m in (4, 8)) for m in range(1, 10)]
    lettings = [
        letting(1, date(2022, 5, 1), tier="commitment", targeted=True),
        letting(2, date(2022, 9, 1), tier="commitment", targeted=True),
        letting(3, date(2023, 1, 10), tier="commitment", targeted=True),
        letting(4, date(2022, 3, 1)),
        letting(5, date(2022, 3, 1), building="Berkenhof", designated=False, tier="commitment"),
    ]
    points = c.targeted_allocations_against_quota(
        publications, lettings, {2022: c.Quota(Fraction(1, 4), 20)}, as_of=date(2023, 12, 31)
    )
    found = {(p.period, p.group[1]): p.value for p in points}
    assert found == {
        ("2022", "published"): 9.0,
        ("2022", "targeted_vacancies"): 2.0,
        ("2022", "targeted_lettings"): 2.0,
        ("2022", "quota"): 3.0,  # 9 / 4 = 2.25, rounded up
        ("2023", "published"): 0.0,
        ("2023", "targeted_vacancies"): 0.0,
        ("2023", "targeted_lettings"): 1.0,
    }
    assert {p.group[0] for p in points} == {"L-flat"}


def test_days_to_let_is_the_median_per_quarter_and_kind() -> None:
    lettings = [
        letting(1, date(2022, 2, 11), published_on=date(2022, 2, 1)),  # 10 days
        letting(2, date(2022, 3, 1), published_on=date(2022, 2, 1)),  # 28 days
        letting(3, date(2022, 3, 31), published_on=date(2022, 3, 1)),  # 30 days
        letting(4, date(2022, 2, 21), published_on=date(2022, 2, 1), targeted=True),  # 20
        letting(5, date(2022, 4, 5), published_on=date(2022, 3, 1)),  # Q2: 35 days
        letting(6, date(2022, 4, 5), published_on=None),  # not published: left out
    ]
    points = c.days_to_let(lettings, as_of=date(2022, 12, 31))
    assert [(p.period, p.group, p.value, p.n) for p in points] == [
        ("2022-Q1", ("L-flat", "regular"), 28.0, 3),
        ("2022-Q1", ("L-flat", "targeted"), 20.0, 1),
        ("2022-Q2", ("L-flat", "regular"), 35.0, 1),
    ]


def test_a_tenancy_ends_when_its_home_is_published_again() -> None:
    lettings = [
        letting(1, date(2022, 1, 1), tier="commitment"),
        letting(1, date(2022, 8, 1), published_on=date(2022, 7, 1)),
        letting(2, date(2022, 2, 1)),
        letting(3, date(2021, 6, 1)),  # before the track started: not counted
    ]
    stays = c.tenancies(lettings, since=date(2021, 12, 1), as_of=date(2023, 1, 1))
    assert sorted(stays, key=lambda s: s.started_on) == [
        c.Tenancy("targeted", "L-flat", date(2022, 1, 1), date(2022, 7, 1)),
        c.Tenancy("regular", "L-flat", date(2022, 2, 1), None),
        c.Tenancy("regular", "L-flat", date(2022, 8, 1), None),
    ]


def test_share_still_living_there_is_the_kaplan_meier_estimate() -> None:
    # Four targeted tenancies from 1 Jan 2022: two end after about 3 and 9 months, two run on.
    start = date(2022, 1, 1)
    stays = [
        c.Tenancy("targeted", "L-flat", start, date(2022, 4, 1)),
        c.Tenancy("targeted", "L-flat", start, date(2022, 10, 1)),
        c.Tenancy("targeted", "L-flat", start, None),
        c.Tenancy("targeted", "L-flat", start, None),
    ]
    points = {p.period: p for p in c.still_living_there(stays, as_of=date(2024, 6, 1))}
    # At 6 months: 3 of 4 left (0.75). At 12: 0.75 * 2/3 = 0.5, as no one was censored before.
    assert abs(points["6"].value - 0.75) < 1e-9
    assert abs(points["12"].value - 0.5) < 1e-9
    assert abs(points["24"].value - 0.5) < 1e-9
    assert (points["6"].n, points["12"].n, points["24"].n) == (3, 2, 2)


def test_entered_series_are_one_point_per_month_and_building() -> None:
    points = c.series_per_period(
        [
            (date(2023, 2, 1), date(2023, 2, 28), "L-flat", 4.0),
            (date(2023, 1, 1), date(2023, 1, 31), "L-flat", 7.0),
            (date(2023, 1, 1), date(2023, 3, 31), "", 20.0),
        ]
    )
    assert [(p.period, p.group, p.value) for p in points] == [
        ("2023-01", ("L-flat",), 7.0),
        ("2023-01-01/2023-03-31", ("",), 20.0),
        ("2023-02", ("L-flat",), 4.0),
    ]
