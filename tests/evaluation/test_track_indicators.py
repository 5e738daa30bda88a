"""Indicators of the targeted track, on constructed records with hand-computed answers."""

from __future__ import annotations

from datetime import date

from voorrang.evaluation import track as t


def test_applications_per_year_and_the_approval_rate_of_those_decided() -> None:
    apps = [
        t.TrackApplication(date(2022, 1, 5), "L-flat", approved=True, declined=False),
        t.TrackApplication(date(2022, 3, 5), "L-flat", approved=True, declined=False),
        t.TrackApplication(date(2022, 4, 5), "L-flat", approved=False, declined=True),
        t.TrackApplication(date(2022, 6, 5), "L-flat", approved=False, declined=False),
        t.TrackApplication(date(2023, 6, 5), "L-flat", approved=False, declined=False),
    ]
    points = {
        (p.period, p.group[0]): (p.value, p.n)
        for p in t.applications_and_approval(apps, as_of=date(2023, 12, 31))
    }
    assert points == {
        ("2022", "applications"): (4.0, 4),
        ("2022", "approval_rate"): (2 / 3, 3),
        ("2023", "applications"): (1.0, 1),
        ("2023", "approval_rate"): (None, 0),
    }


def test_hours_logged_against_hours_agreed_per_month() -> None:
    agreements = [
        t.Agreement("L-flat", date(2022, 1, 10), None, 8, ((date(2022, 1, 10), None),)),
        # Active in January only, paused from February.
        t.Agreement("L-flat", date(2022, 1, 1), None, 4, ((date(2022, 1, 1), date(2022, 1, 31)),)),
    ]
    activities = [
        t.Activity("L-flat", date(2022, 1, 15), 3.0),
        t.Activity("L-flat", date(2022, 1, 20), 2.5),
        t.Activity("L-flat", date(2022, 2, 3), 6.0),
    ]
    points = {
        (p.period, p.group[1]): (p.value, p.n)
        for p in t.hours_logged_against_agreed(agreements, activities, as_of=date(2022, 2, 28))
    }
    assert points == {
        ("2022-01", "agreed"): (12.0, 2),
        ("2022-01", "logged"): (5.5, 2),
        ("2022-02", "agreed"): (8.0, 1),
        ("2022-02", "logged"): (6.0, 1),
    }


def test_share_of_commitments_active_after_6_12_and_24_months() -> None:
    def agreement(start, end=None):
        return t.Agreement("L-flat", start, end, 8, ((start, end),))

    agreements = [
        agreement(date(2022, 1, 1)),
        agreement(date(2022, 1, 1), date(2022, 5, 1)),  # ended within 6 months
        agreement(date(2022, 1, 1), date(2022, 10, 1)),  # ended between 6 and 12
        agreement(date(2023, 6, 1)),  # 12 months not yet reached on the data date
    ]
    points = {
        p.period: (p.value, p.n) for p in t.share_active_after(agreements, as_of=date(2024, 3, 1))
    }
    # At 6 months only the one ended in May has stopped (3 of 4); the one from June 2023 has
    # not reached 12 months on the data date, so 12 and 24 count three agreements.
    assert points == {"6": (3 / 4, 4), "12": (1 / 3, 3), "24": (1 / 3, 3)}


def test_activities_are_counted_per_month_and_building() -> None:
    activities = [
        t.Activity("L-flat", date(2022, 1, 15), 1.0),
        t.Activity("L-flat", date(2022, 1, 20), 1.0),
        t.Activity("Berkenhof", date(2022, 1, 20), 1.0),
        t.Activity("L-flat", date(2022, 3, 1), 1.0),
    ]
    points = [
        (p.period, p.group, p.value)
        for p in t.activities_per_month(activities, as_of=date(2022, 12, 31))
    ]
    assert points == [
        ("2022-01", ("Berkenhof",), 1.0),
        ("2022-01", ("L-flat",), 2.0),
        ("2022-03", ("L-flat",), 1.0),
    ]
