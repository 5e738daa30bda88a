"""Reading a theory-of-change document: every value checked, and every error naming its
place in the document (``links[2].to``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from voorrang.evaluation.theory.parts import (
    ASSUMPTION_KINDS,
    ELEMENT_KINDS,
    EVIDENCE_LEVELS,
    FORMAT,
    SOURCE_KINDS,
    Assumption,
    Element,
    Indicator,
    Link,
    Measure,
    Observation,
    Source,
    Theory,
    TheoryError,
    WorkingElement,
)
from voorrang.rules.canonical import load_json
from voorrang.rules.errors import InvalidInput

# The longest text each field takes, as its column stores it; a field not named here is a
# description, a rationale or a definition, for which a few pages are plenty.
TEXT_LIMITS: dict[str, int] = {
    "title": 200,
    "name": 200,
    "publisher": 200,
    "url": 500,
    "unit": 60,
    "frequency": 60,
    "data_source": 200,
    "collection_method": 200,
    "computation": 60,
    "instrument": 60,
    "scale": 60,
    "building": 200,
    "note": 300,
}
LONG_TEXT_LIMIT = 10_000
# Observations and baselines are stored with 14 digits, 4 of them after the point.
NUMBER_LIMIT = Decimal("1e10")


def shown(value: Any) -> str:
    """A value quoted in a message, cut short: the message must stay readable."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def has_control_character(text: str) -> bool:
    """NUL and the other control characters but tab and line breaks: no text means them,
    and PostgreSQL refuses NUL."""
    return any((ord(c) < 32 and c not in "\t\n\r") or c == "\x7f" for c in text)


def _text(table: dict[str, Any], name: str, where: str, *, required: bool = True) -> str:
    place = f"{where}.{name}" if where else name
    value = table.get(name)
    if value is None or value == "":
        if required:
            raise TheoryError(place, "is missing")
        return ""
    if not isinstance(value, str):
        raise TheoryError(place, "must be text")
    limit = TEXT_LIMITS.get(name, LONG_TEXT_LIMIT)
    if len(value) > limit:
        raise TheoryError(place, f"is longer than {limit} characters")
    if has_control_character(value):
        raise TheoryError(place, "contains a control character (such as NUL)")
    return value.strip()


def _key(table: dict[str, Any], name: str, where: str) -> str:
    value = _text(table, name, where)
    if not all(c.isalnum() or c in "-_." for c in value) or len(value) > 60:
        raise TheoryError(
            f"{where}.{name}",
            f"{shown(value)} is not a key: use at most 60 letters, digits, '-', '_' or '.'",
        )
    return value


def _choice(table: dict[str, Any], name: str, where: str, choices: tuple[str, ...]) -> str:
    value = _text(table, name, where)
    if value not in choices:
        raise TheoryError(f"{where}.{name}", f"{shown(value)} is not one of {', '.join(choices)}")
    return value


def parse_date(value: Any, where: str) -> date:
    if not isinstance(value, str):
        raise TheoryError(where, "must be a date written as YYYY-MM-DD")
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise TheoryError(where, f"{shown(value)} is not a date written as YYYY-MM-DD") from None


def parse_decimal(value: Any, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise TheoryError(where, "must be a number")
    try:
        number = (
            Decimal(str(value).strip().replace(",", "."))
            if isinstance(value, str)
            else (Decimal(str(value)))
        )
    except InvalidOperation:
        raise TheoryError(where, f"{shown(value)} is not a number") from None
    if not number.is_finite():
        raise TheoryError(where, f"{shown(value)} is not a number")
    if abs(number) >= NUMBER_LIMIT:
        raise TheoryError(where, "is too large (at most 9,999,999,999)")
    number = number.quantize(Decimal("0.0001"))
    if abs(number) >= NUMBER_LIMIT:  # 9,999,999,999.99999 rounds up to 10,000,000,000
        raise TheoryError(where, "is too large (at most 9,999,999,999)")
    return number


def _year(table: dict[str, Any], where: str) -> int | None:
    value = table.get("year")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1000 <= value <= 9999:
        raise TheoryError(f"{where}.year", "must be a year such as 2021")
    return value


def _measure(value: Any, where: str) -> Measure | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise TheoryError(where, "must be an object with 'value' and 'date'")
    if "value" not in value:
        raise TheoryError(f"{where}.value", "is missing")
    return Measure(
        value=parse_decimal(value["value"], f"{where}.value"),
        on=parse_date(value.get("date"), f"{where}.date"),
    )


def _list(document: dict[str, Any], name: str) -> list[dict[str, Any]]:
    value = document.get(name, [])
    if not isinstance(value, list):
        raise TheoryError(name, "must be a list")
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            raise TheoryError(f"{name}[{i}]", "must be an object")
    return value


def parse_theory(document: Any, *, computations: frozenset[str] | None = None) -> Theory:
    """Read and check a theory-of-change document. ``computations`` are the names of the
    computed indicators this installation knows (None: not checked)."""
    if not isinstance(document, dict):
        raise TheoryError("", "the document must be a JSON object")
    if document.get("format") != FORMAT:
        raise TheoryError("format", f"must be {FORMAT!r}")
    key = _key(document, "key", "")
    sources = tuple(
        Source(
            title=_text(s, "title", f"sources[{i}]"),
            publisher=_text(s, "publisher", f"sources[{i}]", required=False),
            year=_year(s, f"sources[{i}]"),
            url=_text(s, "url", f"sources[{i}]", required=False),
        )
        for i, s in enumerate(_list(document, "sources"))
    )
    elements: list[Element] = []
    seen: set[str] = set()
    for i, e in enumerate(_list(document, "elements")):
        where = f"elements[{i}]"
        element = Element(
            key=_key(e, "key", where),
            kind=_choice(e, "kind", where, ELEMENT_KINDS),
            title=_text(e, "title", where),
            description=_text(e, "description", where, required=False),
        )
        if element.key in seen:
            raise TheoryError(f"{where}.key", f"{element.key!r} is used twice")
        seen.add(element.key)
        elements.append(element)

    def known(value: str, where: str) -> str:
        if value not in seen:
            raise TheoryError(where, f"{shown(value)} is not the key of an element")
        return value

    links: list[Link] = []
    pairs: set[tuple[str, str]] = set()
    for i, item in enumerate(_list(document, "links")):
        where = f"links[{i}]"
        link = Link(
            source=known(_text(item, "from", where), f"{where}.from"),
            target=known(_text(item, "to", where), f"{where}.to"),
            rationale=_text(item, "rationale", where),
            evidence=_choice(
                {"evidence": item.get("evidence", "assumed")}, "evidence", where, EVIDENCE_LEVELS
            ),
        )
        if link.source == link.target:
            raise TheoryError(f"{where}.to", "a link must join two different elements")
        if (link.source, link.target) in pairs:
            raise TheoryError(where, f"the link {link.source} → {link.target} is there twice")
        pairs.add((link.source, link.target))
        links.append(link)

    assumptions: list[Assumption] = []
    for i, item in enumerate(_list(document, "assumptions")):
        where = f"assumptions[{i}]"
        element = item.get("element")
        link = item.get("link")
        if (element is None) == (link is None):
            raise TheoryError(where, "give either 'element' or 'link' (a pair of keys)")
        pair = None
        if link is not None:
            if not (
                isinstance(link, list) and len(link) == 2 and all(isinstance(k, str) for k in link)
            ):
                raise TheoryError(f"{where}.link", "must be a pair of element keys")
            pair = (link[0], link[1])
            if pair not in pairs:
                raise TheoryError(f"{where}.link", f"there is no link {pair[0]} → {pair[1]}")
        assumptions.append(
            Assumption(
                key=_key(item, "key", where),
                kind=_choice(item, "kind", where, ASSUMPTION_KINDS),
                text=_text(item, "text", where),
                element=None if element is None else known(element, f"{where}.element"),
                link=pair,
            )
        )
    working = tuple(
        WorkingElement(
            key=_key(w, "key", f"working_elements[{i}]"),
            title=_text(w, "title", f"working_elements[{i}]"),
            description=_text(w, "description", f"working_elements[{i}]", required=False),
            element=None
            if w.get("element") is None
            else known(w["element"], f"working_elements[{i}].element"),
        )
        for i, w in enumerate(_list(document, "working_elements"))
    )
    indicators: list[Indicator] = []
    indicator_keys: set[str] = set()
    for i, item in enumerate(_list(document, "indicators")):
        where = f"indicators[{i}]"
        source = item.get("source")
        if not isinstance(source, dict):
            raise TheoryError(f"{where}.source", "must be an object with a 'kind'")
        kind = _choice(source, "kind", f"{where}.source", SOURCE_KINDS)
        computation = instrument = scale = ""
        if kind == "computed":
            computation = _text(source, "computation", f"{where}.source")
            if computations is not None and computation not in computations:
                raise TheoryError(
                    f"{where}.source.computation",
                    f"{shown(computation)} is not a known computation "
                    f"({', '.join(sorted(computations))})",
                )
        elif kind == "survey":
            instrument = _text(source, "instrument", f"{where}.source")
            scale = _text(source, "scale", f"{where}.source")
        indicator = Indicator(
            key=_key(item, "key", where),
            element=known(_text(item, "element", where), f"{where}.element"),
            name=_text(item, "name", where),
            definition=_text(item, "definition", where),
            unit=_text(item, "unit", where),
            source_kind=kind,
            data_source=_text(item, "data_source", where, required=False),
            collection_method=_text(item, "collection_method", where, required=False),
            frequency=_text(item, "frequency", where, required=False),
            baseline=_measure(item.get("baseline"), f"{where}.baseline"),
            target=_measure(item.get("target"), f"{where}.target"),
            computation=computation,
            survey_instrument=instrument,
            survey_scale=scale,
        )
        if indicator.key in indicator_keys:
            raise TheoryError(f"{where}.key", f"{indicator.key!r} is used twice")
        indicator_keys.add(indicator.key)
        indicators.append(indicator)
    observations: list[Observation] = []
    for i, item in enumerate(_list(document, "observations")):
        where = f"observations[{i}]"
        indicator_key = _text(item, "indicator", where)
        if indicator_key not in indicator_keys:
            raise TheoryError(f"{where}.indicator", f"{shown(indicator_key)} is not an indicator")
        start = parse_date(item.get("period_start"), f"{where}.period_start")
        end = parse_date(item.get("period_end"), f"{where}.period_end")
        if end < start:
            raise TheoryError(f"{where}.period_end", "is before the start of the period")
        observations.append(
            Observation(
                indicator=indicator_key,
                period_start=start,
                period_end=end,
                value=parse_decimal(item.get("value"), f"{where}.value"),
                building=_text(item, "building", where, required=False),
                note=_text(item, "note", where, required=False),
            )
        )
    return Theory(
        key=key,
        title=_text(document, "title", ""),
        description=_text(document, "description", "", required=False),
        sources=sources,
        elements=tuple(elements),
        links=tuple(links),
        assumptions=tuple(assumptions),
        working_elements=working,
        indicators=tuple(indicators),
        observations=tuple(observations),
    )


def load_theory_json(text: str | bytes, **kwargs: Any) -> Theory:
    try:
        # The rules engine's reader: it refuses deep nesting, endless digits, lone
        # surrogates and duplicate keys with a plain message instead of a crash.
        document = load_json(text)
    except InvalidInput as exc:
        raise TheoryError(exc.field, exc.problem) from None
    return parse_theory(document, **kwargs)
