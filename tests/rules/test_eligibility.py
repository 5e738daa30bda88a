"""One test per row of the exclusion table, at and around every boundary."""

from __future__ import annotations

from datetime import date

import pytest

from tests.rules.factories import CandidateFactory, scenario
from voorrang.rules import age_on, rank_document


def outcome(candidate: dict, **vacancy) -> list[str] | str:
    """The reasons a lone candidate is excluded, or their tier when ranked."""
    result = rank_document(scenario([candidate], **vacancy))
    if result.excluded:
        return list(result.excluded[0].reasons)
    return result.ranking[0].tier


@pytest.mark.parametrize(
    ("responded_on", "expected"),
    [("2026-03-14", "regular"), ("2026-03-15", "regular"), ("2026-03-16", ["LATE"])],
)
def test_late_is_after_the_closing_date_not_on_it(responded_on, expected) -> None:
    assert outcome(CandidateFactory(responded_on=responded_on)) == expected


@pytest.mark.parametrize(
    ("size", "expected"),
    [(1, ["HOUSEHOLD_SIZE"]), (2, "regular"), (3, "regular"), (4, ["HOUSEHOLD_SIZE"])],
)
def test_household_size_limits_are_inclusive(size, expected) -> None:
    unit = {"rooms": 3, "rent": "650.00", "min_household": 2, "max_household": 3}
    assert outcome(CandidateFactory(household_size=size, income=30000), unit=unit) == expected


@pytest.mark.parametrize(
    ("birth_date", "expected"),
    [
        ("1971-03-15", "regular"),  # 55 on the closing date
        ("1971-03-16", ["AGE_SENIOR"]),  # 55 the day after
        ("1960-01-01", "regular"),
    ],
)
def test_senior_label_needs_the_minimum_age_on_the_closing_date(birth_date, expected) -> None:
    assert outcome(CandidateFactory(birth_date=birth_date), labels=["senior"]) == expected


@pytest.mark.parametrize(
    ("birth_date", "expected"),
    [
        ("2003-03-16", "regular"),  # 22 on the closing date, 23 the next day
        ("2003-03-15", ["AGE_YOUNG"]),  # 23 on the closing date
        ("2008-01-01", "regular"),
    ],
)
def test_young_label_allows_up_to_the_maximum_age(birth_date, expected) -> None:
    assert outcome(CandidateFactory(birth_date=birth_date), labels=["young"]) == expected


def test_age_labels_do_not_apply_without_the_label() -> None:
    assert outcome(CandidateFactory(birth_date="2005-01-01")) == "regular"
    assert outcome(CandidateFactory(birth_date="1950-01-01")) == "regular"


@pytest.mark.parametrize(
    ("birth", "on", "age"),
    [
        (date(2000, 3, 15), date(2026, 3, 15), 26),
        (date(2000, 3, 16), date(2026, 3, 15), 25),
        # A birthday on 29 February counts on 1 March in other years.
        (date(2004, 2, 29), date(2026, 2, 28), 21),
        (date(2004, 2, 29), date(2026, 3, 1), 22),
        (date(2004, 2, 29), date(2028, 2, 29), 24),
        (date(2004, 2, 29), date(2028, 2, 28), 23),
        (date(2000, 1, 1), date(1999, 12, 31), -1),
    ],
)
def test_age_in_whole_years_completed(birth, on, age) -> None:
    assert age_on(birth, on) == age


def test_leap_day_birthday_decides_the_young_label() -> None:
    # Born 29 February 2004: 22 on 28 February 2027, 23 on 1 March 2027.
    young = {"labels": ["young"]}
    leap = CandidateFactory(birth_date="2004-02-29", responded_on="2027-02-01")
    assert outcome(leap, closes_on="2027-02-28", **young) == "regular"
    assert outcome(leap, closes_on="2027-03-01", **young) == ["AGE_YOUNG"]


def test_an_impossible_leap_day_is_invalid() -> None:
    from voorrang.rules import InvalidInput

    with pytest.raises(InvalidInput, match=r"candidates\[0\]\.birth_date"):
        rank_document(scenario([CandidateFactory(birth_date="2025-02-29")]))


@pytest.mark.parametrize(
    ("size", "income", "rent", "expected"),
    [
        (1, 51537, "650.00", "regular"),  # equal to the single limit: within it
        (1, "51537.01", "650.00", ["INCOME_ABOVE_LIMIT"]),
        (2, 56910, "650.00", "regular"),
        (2, 56911, "650.00", ["INCOME_ABOVE_LIMIT"]),
        (4, 56911, "650.00", ["INCOME_ABOVE_LIMIT"]),
        # Above the liberalisation limit the social-housing income limit does not apply.
        (2, 90000, "932.93", ["INCOME_ABOVE_LIMIT"]),
        (2, 90000, "932.94", "regular"),
    ],
)
def test_income_limit_applies_to_social_rent_only(size, income, rent, expected) -> None:
    unit = {"rooms": 3, "rent": rent, "min_household": 1, "max_household": 4}
    assert outcome(CandidateFactory(household_size=size, income=income), unit=unit) == expected


@pytest.mark.parametrize(
    ("size", "income", "rent", "expected"),
    [
        (1, 29400, "713.44", "regular"),  # rent equal to the aftoppingsgrens is within it
        (1, 29400, "713.45", ["PASSEND"]),
        (1, 29401, "713.45", "regular"),
        (2, 39925, "713.45", ["PASSEND"]),
        (2, 39926, "713.45", "regular"),
        (3, 39925, "764.40", "regular"),  # households of 3+ use the high limit
        (3, 39925, "764.41", ["PASSEND"]),
        (5, "39925.00", "800", ["PASSEND"]),
    ],
)
def test_passend_compares_income_and_rent_with_both_limits(size, income, rent, expected) -> None:
    unit = {"rooms": 3, "rent": rent, "min_household": 1, "max_household": 6}
    assert outcome(CandidateFactory(household_size=size, income=income), unit=unit) == expected


@pytest.mark.parametrize(
    ("birth_date", "size", "income", "expected"),
    [
        # 67 on the closing date: the pension limits apply (28,775 single, 38,650 multi).
        ("1959-03-15", 1, 28775, ["PASSEND"]),
        ("1959-03-15", 1, 28776, "regular"),
        ("1959-03-15", 2, 38650, ["PASSEND"]),
        ("1959-03-15", 2, 38651, "regular"),
        # 66 on the closing date: the ordinary limits.
        ("1959-03-16", 1, 28776, ["PASSEND"]),
        ("1959-03-16", 2, 38651, ["PASSEND"]),
        ("1959-03-16", 2, 39926, "regular"),
    ],
)
def test_pension_age_switches_the_passend_limit(birth_date, size, income, expected) -> None:
    unit = {"rooms": 2, "rent": "720.00", "min_household": 1, "max_household": 4}
    candidate = CandidateFactory(birth_date=birth_date, household_size=size, income=income)
    assert outcome(candidate, unit=unit) == expected


def test_every_failing_rule_is_reported_in_the_tables_order() -> None:
    candidate = CandidateFactory(
        responded_on="2026-04-01", household_size=1, birth_date="1990-01-01", income=20000
    )
    unit = {"rooms": 2, "rent": "720.00", "min_household": 2, "max_household": 4}
    assert outcome(candidate, unit=unit, labels=["senior", "young"]) == [
        "LATE",
        "HOUSEHOLD_SIZE",
        "AGE_SENIOR",
        "AGE_YOUNG",
        "PASSEND",
    ]
    rich = CandidateFactory(household_size=1, income=60000, birth_date="1990-01-01")
    assert outcome(rich, unit=unit) == ["HOUSEHOLD_SIZE", "INCOME_ABOVE_LIMIT"]
