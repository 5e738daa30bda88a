"""Commitments still active, against each agreement's own term: a 24-month agreement that
is completed after 24 months counts as kept, not as ended."""

from datetime import date

import pytest

from voorrang.evaluation import track as t


def _agreement(start, end=None, *, term=24, completed=False):
    return t.Agreement("L-flat", start, end, 8, ((start, end),), term, completed)


def _points(agreements, as_of):
    return {
        (p.period, p.group): (p.value, p.n) for p in t.share_active_after(agreements, as_of=as_of)
    }


def test_a_24_month_agreement_completed_after_24_months_is_counted_as_kept() -> None:
    start = date(2022, 1, 31)
    agreements = [
        # Completed on the last day of the term: 31 January 2024.
        _agreement(start, date(2024, 1, 31), completed=True),
        _agreement(start, date(2024, 1, 31), completed=True),
        _agreement(start, date(2024, 1, 31), completed=True),
        _agreement(start, date(2022, 9, 1)),  # stopped after 7 months
    ]
    points = _points(agreements, date(2024, 6, 1))
    assert points[("6", ("term-24",))] == (1.0, 4)
    assert points[("12", ("term-24",))] == (3 / 4, 4)
    # At the end of its own term: three of the four completed it (not 0, as when an
    # agreement that ends on completion counted as no longer active).
    assert points[("24", ("term-24",))] == (3 / 4, 4)


def test_each_term_is_read_at_its_own_end_and_not_after() -> None:
    agreements = [
        _agreement(date(2022, 3, 1), date(2022, 9, 1), term=6, completed=True),
        _agreement(date(2022, 3, 1), date(2022, 6, 1), term=6),  # stopped early
        _agreement(date(2022, 3, 1), None, term=12),  # still running after its term
        _agreement(date(2023, 12, 1), None, term=12),  # its 12 months not yet over
    ]
    points = _points(agreements, date(2024, 3, 1))
    assert points[("6", ("term-6",))] == (1 / 2, 2)
    assert ("12", ("term-6",)) not in points and ("24", ("term-6",)) not in points
    assert points[("6", ("term-12",))] == (1.0, 1)
    assert points[("12", ("term-12",))] == (1.0, 1)
    assert ("24", ("term-12",)) not in points


def test_an_agreement_ended_early_as_completed_counts_as_having_completed_its_term() -> None:
    # The coordinator records completion a few days before the term's last day.
    agreements = [_agreement(date(2022, 1, 1), date(2022, 12, 20), term=12, completed=True)]
    assert _points(agreements, date(2024, 1, 1))[("12", ("term-12",))] == (1.0, 1)


@pytest.mark.django_db
def test_the_figure_names_each_term_in_words() -> None:
    from django.utils import translation

    from voorrang.evaluation.figures import COMPUTATIONS

    with translation.override("nl"):
        label = t.term_label("term-24")
        assert "24" in label and "maanden" in label
    assert "track_retention" in COMPUTATIONS
