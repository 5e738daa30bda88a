"""What an event's hash covers reads the same before and after the database stored it."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from hypothesis import given
from hypothesis import strategies as st

from voorrang.audit.chain import plain_json

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
    | st.decimals(allow_nan=False, allow_infinity=False, places=2)
    | st.dates()
    | st.datetimes(timezones=st.just(dt.UTC))
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=8) | st.integers(), inner, max_size=4)
    ),
    max_leaves=20,
)


@given(values)
def test_a_value_hashes_as_it_reads_back_from_the_json_field(value) -> None:
    stored = json.loads(json.dumps(value, cls=DjangoJSONEncoder))
    assert plain_json(value) == plain_json(stored)


def test_a_whole_float_reads_as_the_integer_postgresql_may_give_back() -> None:
    assert plain_json({"a": 1e20, "b": 600.0, "c": 0.5}) == {"a": 10**20, "b": 600, "c": 0.5}
    assert plain_json({"rent": Decimal("600.50"), "on": dt.date(2026, 1, 2)}) == {
        "rent": "600.50",
        "on": "2026-01-02",
    }
