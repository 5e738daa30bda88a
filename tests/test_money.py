"""Money is written the way each language writes it, by Django's number formats."""

from __future__ import annotations

from decimal import Decimal

from django.template import Context, Template
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from voorrang.money import money


def test_dutch_writes_the_euro_sign_a_no_break_space_and_a_decimal_comma() -> None:
    with translation.override("nl"):
        assert money(Decimal("31500")) == "€\u00a031.500,00"
        assert money(Decimal("713.44")) == "€\u00a0713,44"
        assert money(Decimal("1234567.5")) == "€\u00a01.234.567,50"


def test_english_writes_the_euro_sign_close_thousands_with_a_comma_and_a_decimal_point() -> None:
    with translation.override("en"):
        assert money(Decimal("31500")) == "€31,500.00"
        assert money(Decimal("713.44")) == "€713.44"


def test_no_amount_is_written_as_nothing() -> None:
    assert money(None) == ""


def test_the_money_filter_formats_a_rent_in_a_template() -> None:
    template = Template("{% load voorrang_l10n %}{{ rent|money }}")
    with translation.override("nl"):
        assert template.render(Context({"rent": Decimal("650.5")})) == "€\u00a0650,50"


@given(st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False))
def test_the_dutch_amount_reads_back_as_the_same_number(amount) -> None:
    with translation.override("nl"):
        written = money(amount)
    assert written.startswith("€\u00a0")
    assert Decimal(written[2:].replace(".", "").replace(",", ".")) == amount
