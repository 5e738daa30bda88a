"""The columns of each kind of import and the check of one row: text in, typed values out, or
a problem per column in plain words. No database: what needs one (does the building exist,
is the source id known) is the planner's (voorrang.imports.services)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from voorrang.date_bounds import EARLIEST_BIRTH, EARLIEST_REGISTRATION
from voorrang.housing.models import AccessibilityLabel, EnergyLabel
from voorrang.person_names import clean_name
from voorrang.seekers.models import UrgencyKind

ONE_DAY = timedelta(days=1)

KINDS = ("units", "seekers", "responses", "urgency")


class Problem(ValueError):
    """What is wrong with one cell, in words."""


def _text(limit: int) -> Callable[[str], str]:
    def check(value: str) -> str:
        if len(value) > limit:
            raise Problem(_("is longer than %(limit)s characters") % {"limit": limit})
        return value

    return check


def _name(limit: int) -> Callable[[str], str]:
    def check(value: str) -> str:
        return _text(limit)(clean_name(value))

    return check


def _date(earliest: date, *, past: bool) -> Callable[[str], date]:
    def check(value: str) -> date:
        text = value.strip()
        parsed = None
        for pattern in (r"(\d{4})-(\d{1,2})-(\d{1,2})", r"(\d{1,2})-(\d{1,2})-(\d{4})"):
            match = re.fullmatch(pattern, text[:10] if "T" in text else text)
            if match:
                parts = [int(p) for p in match.groups()]
                year, month, day = parts if len(match.group(1)) == 4 else parts[::-1]
                try:
                    parsed = date(year, month, day)
                except ValueError:
                    parsed = None
                break
        if parsed is None:
            raise Problem(_("is not a date (write it as 2024-03-31 or 31-03-2024)"))
        if parsed < earliest:
            raise Problem(_("lies before %(date)s") % {"date": earliest.isoformat()})
        # Yesterday by the machine's clock is in the past anywhere; only later dates need
        # the time zone's today (a cheap test first: imports check tens of thousands).
        if past and parsed >= date.today() - ONE_DAY and parsed > timezone.localdate():
            raise Problem(_("lies in the future"))
        return parsed

    return check


def _whole(low: int, high: int) -> Callable[[str], int]:
    def check(value: str) -> int:
        try:
            number = int(value.strip())
        except ValueError:
            raise Problem(_("is not a whole number")) from None
        if not low <= number <= high:
            raise Problem(
                _("is not a number from %(low)s to %(high)s") % {"low": low, "high": high}
            )
        return number

    return check


def _money(value: str) -> Decimal:
    text = value.strip().replace("€", "").replace(" ", "")
    if "," in text:
        # Dutch spreadsheets: 1.234,56
        text = text.replace(".", "").replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise Problem(_("is not an amount (write it as 850.00 or 850,00)")) from None
    if not amount.is_finite() or amount < 0 or amount >= Decimal("100000000"):
        raise Problem(_("is not an amount of zero or more"))
    return amount.quantize(Decimal("0.01"))


YES = {"1", "yes", "ja", "true", "waar", "j", "y"}
NO = {"", "0", "no", "nee", "false", "onwaar", "n"}


def _yes_no(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in YES:
        return True
    if lowered in NO:
        return False
    raise Problem(_("is not yes or no (write ja/nee, yes/no or 1/0)"))


def _postcode(value: str) -> str:
    compact = value.replace(" ", "").upper()
    if not re.fullmatch(r"[1-9][0-9]{3}[A-Z]{2}", compact):
        raise Problem(_("is not a Dutch postcode (four digits and two letters)"))
    return f"{compact[:4]} {compact[4:]}"


def _bag(value: str) -> str:
    if not re.fullmatch(r"[0-9]{16}", value.strip()):
        raise Problem(_("is not a BAG id (16 digits)"))
    return value.strip()


def _choice(values: list[str]) -> Callable[[str], str]:
    def check(value: str) -> str:
        for known in values:
            if value.strip().lower() == known.lower():
                return known
        raise Problem(_("is not one of: %(values)s") % {"values": ", ".join(values)})

    return check


def _source_id(value: str) -> str:
    if len(value) > 64:
        raise Problem(_("is longer than %(limit)s characters") % {"limit": 64})
    return value


@dataclass(frozen=True)
class Column:
    name: str
    check: Callable[[str], Any]
    required: bool = False
    help: str = ""


@functools.cache
def columns(kind: str) -> list[Column]:
    """The columns of a kind, in the order the documentation lists them."""
    if kind == "units":
        return [
            Column("source_id", _source_id, required=True),
            Column("building", _text(120), required=True),
            Column("street", _text(120), required=True),
            Column("number", _whole(1, 99999), required=True),
            Column("addition", _text(10)),
            Column("postcode", _postcode, required=True),
            Column("town", _text(80), required=True),
            Column("bag_id", _bag),
            Column("rooms", _whole(1, 30), required=True),
            Column("floor", _whole(-5, 200)),
            Column("lift", _yes_no),
            Column("surface_m2", _whole(1, 32767), required=True),
            Column("rent", _money, required=True),
            Column("service_costs", _money),
            Column("energy_label", _choice(EnergyLabel.values)),
            Column("accessibility_label", _choice(AccessibilityLabel.values)),
            Column("min_household", _whole(1, 20)),
            Column("max_household", _whole(1, 20)),
            Column("ground_floor", _yes_no),
            Column("wheelchair_adapted", _yes_no),
        ]
    if kind == "seekers":
        return [
            Column("source_id", _source_id, required=True),
            Column("registration_number", _text(20)),
            Column("registered_on", _date(EARLIEST_REGISTRATION, past=True), required=True),
            Column("first_name", _name(80), required=True),
            Column("last_name", _name(120), required=True),
            Column("birth_date", _date(EARLIEST_BIRTH, past=True), required=True),
            Column("income", _money, required=True),
            Column("email", _email),
            Column("phone", _text(20)),
            Column("street", _text(120)),
            Column("number", _text(12)),
            Column("postcode", _postcode),
            Column("town", _text(80)),
            Column("local_tie", _yes_no),
        ]
    if kind == "responses":
        return [
            Column("seeker", _text(64), required=True),
            Column("vacancy", _text(30), required=True),
            Column("responded_on", _date(EARLIEST_REGISTRATION, past=True)),
            Column("channel", _choice(["online", "paper"])),
        ]
    if kind == "urgency":
        return [
            Column("seeker", _text(64), required=True),
            Column("kind", _choice(UrgencyKind.values), required=True),
            Column("valid_from", _date(date(2000, 1, 1), past=False), required=True),
            Column("valid_until", _date(date(2000, 1, 1), past=False), required=True),
            Column("issued_by", _text(200), required=True),
            Column("note", _text(2000)),
        ]
    raise ValueError(kind)


EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _email(value: str) -> str:
    if len(value) > 254 or not EMAIL.match(value):
        raise Problem(_("is not an email address"))
    return value.lower()


@dataclass(frozen=True)
class CellProblem:
    row: int
    column: str
    value: str
    problem: str

    def __str__(self) -> str:
        if self.value:
            return _("row %(row)s, column %(column)s: '%(value)s' %(problem)s") % {
                "row": self.row,
                "column": self.column,
                "value": self.value[:60],
                "problem": self.problem,
            }
        return _("row %(row)s, column %(column)s: %(problem)s") % {
            "row": self.row,
            "column": self.column,
            "problem": self.problem,
        }


def check_row(
    kind: str, number: int, row: dict[str, str], *, partial: bool = False
) -> tuple[dict[str, Any], list[CellProblem]]:
    """The row's typed values (only the columns it fills in) and its problems. With
    ``partial``, a missing required column is no problem (a change of some fields)."""
    values: dict[str, Any] = {}
    problems: list[CellProblem] = []
    for column in columns(kind):
        raw = row.get(column.name)
        text = "" if raw is None else str(raw).strip()
        if not text:
            if column.required and not (partial and raw is None):
                problems.append(CellProblem(number, column.name, "", _("is empty")))
            continue
        try:
            values[column.name] = column.check(text)
        except Problem as problem:
            problems.append(CellProblem(number, column.name, text, str(problem)))
    if kind == "units" and not problems:
        low, high = values.get("min_household", 1), values.get("max_household", 4)
        if "max_household" in values and high < low:
            problems.append(
                CellProblem(
                    number,
                    "max_household",
                    str(high),
                    _("is less than the minimum household size"),
                )
            )
    if kind == "urgency" and not problems and values["valid_until"] < values["valid_from"]:
        problems.append(
            CellProblem(
                number,
                "valid_until",
                values["valid_until"].isoformat(),
                _("lies before valid_from"),
            )
        )
    return values, problems
