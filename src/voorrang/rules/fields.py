"""Typed reading of JSON values; every failure names the field's path and the problem."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from voorrang.rules.errors import InvalidInput

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DECIMAL = re.compile(r"\d+(\.\d+)?")


def describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return repr(text)
    return str(value)


class Shape:
    """The keys an object must have and may have, as sets made once per kind of object."""

    __slots__ = ("allowed", "optional", "required", "required_set")

    def __init__(self, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> None:
        self.required = required
        self.optional = optional
        self.required_set = frozenset(required)
        self.allowed = frozenset(required + optional)


def expect_object(value: Any, path: str, shape: Shape) -> dict[str, Any]:
    """An object with exactly the shape's keys: a misspelt optional key would otherwise be
    ignored without a word, and a rules engine must not guess."""
    if not isinstance(value, dict):
        raise InvalidInput(path or "input", f"must be an object, not {describe(value)}")
    keys = value.keys()
    if not keys >= shape.required_set:
        missing = next(key for key in shape.required if key not in value)
        raise InvalidInput(join(path, missing), "is missing")
    if len(keys) > len(shape.required) and not keys <= shape.allowed:
        unknown = next(key for key in value if key not in shape.allowed)
        raise InvalidInput(join(path, unknown), "is not a known field")
    return value


def join(path: str, key: str) -> str:
    """The path of a field. Readers take the path and the key apart so that the string is
    only built when there is an error to report (100,000 candidates make this matter)."""
    if not key:
        return path
    return f"{path}.{key}" if path else key


def expect_list(value: Any, path: str, key: str = "") -> list[Any]:
    if not isinstance(value, list):
        raise InvalidInput(join(path, key), f"must be a list, not {describe(value)}")
    return value


def expect_text(value: Any, path: str, key: str = "") -> str:
    if not isinstance(value, str):
        raise InvalidInput(join(path, key), f"must be a string, not {describe(value)}")
    if not value.strip():
        raise InvalidInput(join(path, key), "must not be empty")
    return value


def expect_bool(value: Any, path: str, key: str = "") -> bool:
    if not isinstance(value, bool):
        raise InvalidInput(join(path, key), f"must be true or false, not {describe(value)}")
    return value


def expect_int(value: Any, path: str, key: str = "", minimum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(join(path, key), f"must be a whole number, not {describe(value)}")
    if minimum is not None and value < minimum:
        raise InvalidInput(join(path, key), f"must be at least {minimum}, not {value}")
    return value


_date_cache: dict[str, date] = {}


def expect_date(value: Any, path: str, key: str = "") -> date:
    """A calendar date written YYYY-MM-DD; impossible dates (2026-02-30) are refused."""
    if isinstance(value, str):
        cached = _date_cache.get(value)
        if cached is not None:
            return cached
        if _DATE.fullmatch(value):
            try:
                parsed = date.fromisoformat(value)
            except ValueError:
                raise InvalidInput(
                    join(path, key), f"{value!r} is not a date that exists"
                ) from None
            if len(_date_cache) < 100_000:
                _date_cache[value] = parsed
            return parsed
    raise InvalidInput(join(path, key), f"must be a date written YYYY-MM-DD, not {describe(value)}")


def expect_money(value: Any, path: str, key: str = "") -> Decimal:
    """A non-negative amount, read exactly as ``Decimal(str(value))``."""
    if type(value) is int and value >= 0:
        return Decimal(value)  # the same number as Decimal(str(value)), without the detour
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise InvalidInput(
            join(path, key), f"must be an amount (number or decimal string), not {describe(value)}"
        )
    text = str(value)
    if isinstance(value, str) and not _DECIMAL.fullmatch(value):
        raise InvalidInput(
            join(path, key), f"must be a decimal amount such as '712.40', not {describe(value)}"
        )
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise InvalidInput(join(path, key), f"is not an amount: {describe(value)}") from None
    if not amount.is_finite():
        raise InvalidInput(join(path, key), f"must be a finite amount, not {describe(value)}")
    if amount < 0:
        raise InvalidInput(join(path, key), f"must not be negative, not {text}")
    return amount


def expect_share(value: Any, path: str, key: str = "") -> Fraction:
    """A share between 0 and 1, given as a fraction ("1/4") or a decimal ("0.3"), exactly."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise InvalidInput(
            join(path, key),
            f"must be a fraction such as '1/4' or a decimal such as '0.3', not {describe(value)}",
        )
    try:
        share = Fraction(str(value).strip())
    except (ValueError, ZeroDivisionError):
        raise InvalidInput(
            join(path, key),
            f"must be a fraction such as '1/4' or a decimal such as '0.3', not {describe(value)}",
        ) from None
    if not 0 <= share <= 1:
        raise InvalidInput(join(path, key), f"must be between 0 and 1, not {value}")
    return share


def expect_choice(value: Any, path: str, key: str, choices: tuple[str, ...], what: str) -> str:
    if not isinstance(value, str) or value not in choices:
        raise InvalidInput(
            join(path, key),
            f"unknown {what} {describe(value)}; expected one of {', '.join(choices)}",
        )
    return value
