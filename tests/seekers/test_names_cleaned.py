"""Names of household members come in without bidi controls and within their length."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import SeekerFactory, StaffFactory
from voorrang.errors import InvalidChange
from voorrang.seekers import services

pytestmark = pytest.mark.django_db


def add(first_name: str, last_name: str = "de Vries"):
    return services.add_household_member(
        actor=StaffFactory(),
        seeker=SeekerFactory(),
        first_name=first_name,
        last_name=last_name,
        birth_date=dt.date(2015, 6, 1),
    )


def test_a_right_to_left_override_is_taken_out_of_a_name() -> None:
    member = add("Bram\u202e", "\u2067de\u200f Vries\u2069")
    member.refresh_from_db()
    assert (member.first_name, member.last_name) == ("Bram", "de Vries")


def test_a_name_of_only_invisible_characters_is_no_name() -> None:
    with pytest.raises(InvalidChange) as caught:
        add("\u202e\u200b")
    assert caught.value.field == "members[0].first_name"


def test_a_name_longer_than_its_column_is_refused_naming_the_field() -> None:
    with pytest.raises(InvalidChange) as caught:
        add("B" * 81)
    assert caught.value.field == "members[0].first_name"
    assert "80" in str(caught.value.message)
