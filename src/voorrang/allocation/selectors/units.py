"""The units staff may create a vacancy for: searched by address, postcode or building, one
page at a time, in a fixed number of queries however large the stock.

Which units are offered: every unit without an open vacancy (draft, published, closed,
ranked or offering), the one rule ``create_vacancy`` enforces. The records hold no tenancy
end or notice date (a home is published once its tenant has given notice, see
``evaluation.computations.tenancies``), so "vacant or about to be" cannot be read from them;
each unit carries the date it was last let through Voorrang, so that staff see a home let
only recently before choosing it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from voorrang.allocation.models import Allocation, Vacancy
from voorrang.allocation.states import OPEN_VACANCY_STATES
from voorrang.housing.models import Building, Unit

# A Dutch postcode typed with or without its space: 3705AB, 3705 ab.
_POSTCODE = re.compile(r"^([1-9][0-9]{3})\s?([A-Za-z]{2})$")
# A house number with an optional addition: 12, 12a, 12-A, 12 bis is two words.
_NUMBER = re.compile(r"^([0-9]{1,6})(?:-?([A-Za-z0-9]{1,10}))?$")


@dataclass(frozen=True)
class UnitSearch:
    """What staff searched for; every part is optional."""

    text: str = ""
    building: Building | None = None
    min_rooms: int | None = None


def _words(text: str) -> list[str]:
    """The words of the search; a postcode written with a space stays one word."""
    text = " ".join(text.split())
    text = re.sub(r"\b([1-9][0-9]{3}) ([A-Za-z]{2})\b", r"\1\2", text)
    return [word for word in text.split(" ") if word]


def _matches(word: str) -> Q:
    postcode = _POSTCODE.match(word)
    if postcode:
        digits, letters = postcode.group(1), postcode.group(2).upper()
        return Q(postcode__iexact=f"{digits} {letters}") | Q(postcode__iexact=f"{digits}{letters}")
    found = (
        Q(street__icontains=word)
        | Q(town__icontains=word)
        | Q(building__name__icontains=word)
        | Q(postcode__icontains=word)
    )
    number = _NUMBER.match(word)
    if number:
        at_number = Q(number=int(number.group(1)))
        if number.group(2):
            at_number &= Q(addition__iexact=number.group(2))
        found |= at_number
    return found


def _last_let_on() -> Subquery:
    """The date of the unit's latest letting through Voorrang, as a subquery."""
    return Subquery(
        Allocation.objects.filter(unit=OuterRef("pk"), let_on__isnull=False)
        .order_by("-let_on")
        .values("let_on")[:1]
    )


def units_for_vacancy(search: UnitSearch) -> QuerySet[Unit]:
    """The units without an open vacancy that match every word of the search, in the order
    of building and address, each with ``last_let_on`` (None when never let through
    Voorrang). Page the result: it is never read whole."""
    open_vacancy = Vacancy.objects.filter(unit=OuterRef("pk"), state__in=OPEN_VACANCY_STATES)
    units = (
        Unit.objects.select_related("building")
        .filter(~Exists(open_vacancy))
        .annotate(last_let_on=_last_let_on())
        .order_by("building__name", "street", "number", "addition", "pk")
    )
    for word in _words(search.text):
        units = units.filter(_matches(word))
    if search.building is not None:
        units = units.filter(building=search.building)
    if search.min_rooms is not None:
        units = units.filter(rooms__gte=search.min_rooms)
    return units


def unit_for_vacancy(unit_id: int) -> tuple[Unit, Vacancy | None]:
    """The unit a vacancy is being created for, with its open vacancy when it has one (then
    no second can be created). Unit.DoesNotExist when there is no such unit."""
    unit = (
        Unit.objects.select_related("building").annotate(last_let_on=_last_let_on()).get(pk=unit_id)
    )
    open_vacancy = unit.vacancies.filter(state__in=OPEN_VACANCY_STATES).first()
    return unit, open_vacancy
