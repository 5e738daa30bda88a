"""The instrument library, kept as data: one TOML file per instrument in ``instruments/``.

Pure: no Django. The files are read and checked once; an instrument that does not pass the
checks is an error at start-up, never a wrong score later."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

METHODS = ("mean", "count")


class InstrumentError(ValueError):
    """An instrument file that does not describe a usable instrument."""


@dataclass(frozen=True)
class Option:
    code: str
    en: str
    nl: str
    value: int | None = None  # for 'mean' scales
    missing: bool = False  # e.g. "don't know": counts as not answered

    def label(self, language: str) -> str:
        return self.nl if language.startswith("nl") else self.en


@dataclass(frozen=True)
class Item:
    code: str
    en: str
    nl: str
    reverse: bool = False  # 'mean' scales: value becomes min + max - value
    scores_one: tuple[str, ...] = ()  # 'count' scales: the options that count 1

    def text(self, language: str) -> str:
        return self.nl if language.startswith("nl") else self.en


@dataclass(frozen=True)
class Category:
    code: str
    upto: float
    en: str
    nl: str


@dataclass(frozen=True)
class Scale:
    code: str
    name_en: str
    name_nl: str
    method: str
    items: tuple[str, ...]
    max_missing: int
    min: float
    max: float
    higher_is: str
    categories: tuple[Category, ...] = ()

    def name(self, language: str) -> str:
        return self.name_nl if language.startswith("nl") else self.name_en


@dataclass(frozen=True)
class Source:
    citation: str
    url: str
    confirms: str


@dataclass(frozen=True)
class Instrument:
    code: str
    version: int
    name_en: str
    name_nl: str
    instruction_en: str
    instruction_nl: str
    options: tuple[Option, ...]
    option_min: int | None
    option_max: int | None
    items: tuple[Item, ...]
    scales: tuple[Scale, ...]
    sources: tuple[Source, ...]
    unconfirmed_en: str
    unconfirmed_nl: str

    def name(self, language: str) -> str:
        return self.name_nl if language.startswith("nl") else self.name_en

    def instruction(self, language: str) -> str:
        return self.instruction_nl if language.startswith("nl") else self.instruction_en

    def unconfirmed(self, language: str) -> str:
        """What the sources do not confirm, and the choice made there ("" when all is)."""
        return self.unconfirmed_nl if language.startswith("nl") else self.unconfirmed_en

    def item(self, code: str) -> Item:
        for item in self.items:
            if item.code == code:
                return item
        raise KeyError(code)

    def option(self, code: str) -> Option:
        for option in self.options:
            if option.code == code:
                return option
        raise KeyError(code)

    def scale(self, code: str) -> Scale:
        for scale in self.scales:
            if scale.code == code:
                return scale
        raise KeyError(code)

    @property
    def option_codes(self) -> frozenset[str]:
        return frozenset(option.code for option in self.options)


# The keys each part of an instrument file may have: anything else is a mistake (a key
# written under the wrong table header, say, which TOML would quietly put in that table).
KEYS = {
    "instrument": {
        "code",
        "version",
        "name",
        "instruction",
        "unconfirmed",
        "sources",
        "response_scale",
        "items",
        "scales",
    },
    "text": {"en", "nl"},
    "source": {"citation", "url", "confirms"},
    "response_scale": {"code", "options", "min", "max"},
    "option": {"code", "en", "nl", "value", "missing"},
    "item": {"code", "en", "nl", "reverse", "scores_one"},
    "scale": {
        "code",
        "name",
        "method",
        "items",
        "max_missing",
        "min",
        "max",
        "higher_is",
        "categories",
    },
    "category": {"code", "upto", "en", "nl"},
}


def _known(raw: Any, part: str, where: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise InstrumentError(f"{where}: a {part.replace('_', ' ')} must be a table")
    unknown = sorted(set(raw) - KEYS[part])
    if unknown:
        raise InstrumentError(
            f"{where}: unknown key{'s' if len(unknown) > 1 else ''} {', '.join(unknown)} in a "
            f"{part.replace('_', ' ')} (known: {', '.join(sorted(KEYS[part]))})"
        )
    return raw


def _text(data: dict[str, Any], key: str, where: str) -> tuple[str, str]:
    value = data.get(key)
    if not isinstance(value, dict) or not value.get("en") or not value.get("nl"):
        raise InstrumentError(f"{where}: '{key}' needs an English ('en') and a Dutch ('nl') text")
    _known(value, "text", f"{where} {key}")
    return str(value["en"]).strip(), str(value["nl"]).strip()


def parse_instrument(data: dict[str, Any], where: str = "instrument") -> Instrument:
    """Check one instrument's data and turn it into an ``Instrument``."""
    code = data.get("code")
    if not isinstance(code, str) or not code:
        raise InstrumentError(f"{where}: 'code' is missing")
    where = f"{where} {code}"
    _known(data, "instrument", where)
    name_en, name_nl = _text(data, "name", where)
    instruction_en, instruction_nl = _text(data, "instruction", where)
    unconfirmed_en, unconfirmed_nl = (
        _text(data, "unconfirmed", where) if "unconfirmed" in data else ("", "")
    )
    scale_data = _known(data.get("response_scale") or {}, "response_scale", where)
    options = []
    for raw in scale_data.get("options", []):
        _known(raw, "option", where)
        if not raw.get("code") or not raw.get("en") or not raw.get("nl"):
            raise InstrumentError(f"{where}: every option needs a code, 'en' and 'nl'")
        value = raw.get("value")
        options.append(
            Option(
                code=raw["code"],
                en=raw["en"],
                nl=raw["nl"],
                value=int(value) if value is not None else None,
                missing=bool(raw.get("missing", False)),
            )
        )
    if len({o.code for o in options}) != len(options) or not options:
        raise InstrumentError(f"{where}: the response options need distinct codes")
    items = []
    for raw in data.get("items", []):
        _known(raw, "item", where)
        if not raw.get("code") or not raw.get("en") or not raw.get("nl"):
            raise InstrumentError(f"{where}: every item needs a code, 'en' and 'nl'")
        scores_one = tuple(raw.get("scores_one", ()))
        unknown = set(scores_one) - {o.code for o in options}
        if unknown:
            raise InstrumentError(f"{where}: item {raw['code']} scores unknown options {unknown}")
        items.append(
            Item(
                code=raw["code"],
                en=raw["en"],
                nl=raw["nl"],
                reverse=bool(raw.get("reverse", False)),
                scores_one=scores_one,
            )
        )
    item_codes = [i.code for i in items]
    if len(set(item_codes)) != len(item_codes) or not items:
        raise InstrumentError(f"{where}: the items need distinct codes")
    scales = []
    for raw in data.get("scales", []):
        scale_where = f"{where} scale {raw.get('code')}"
        _known(raw, "scale", scale_where)
        s_en, s_nl = _text(raw, "name", scale_where)
        method = raw.get("method")
        if method not in METHODS:
            raise InstrumentError(f"{scale_where}: method must be one of {METHODS}")
        members = tuple(raw.get("items", ()))
        if not members or set(members) - set(item_codes):
            raise InstrumentError(f"{scale_where}: its items must be items of the instrument")
        max_missing = int(raw.get("max_missing", 0))
        if not 0 <= max_missing < len(members):
            raise InstrumentError(f"{scale_where}: max_missing must be below the number of items")
        if method == "mean":
            answered = [o for o in options if not o.missing]
            if any(o.value is None for o in answered):
                raise InstrumentError(f"{scale_where}: a 'mean' scale needs a value per option")
        if method == "count":
            for member in members:
                if not next(i for i in items if i.code == member).scores_one:
                    raise InstrumentError(f"{scale_where}: item {member} has no 'scores_one'")
        categories = tuple(
            Category(code=c["code"], upto=float(c["upto"]), en=c["en"], nl=c["nl"])
            for c in (_known(c, "category", scale_where) for c in raw.get("categories", ()))
        )
        if raw.get("higher_is") not in ("better", "worse"):
            raise InstrumentError(f"{scale_where}: higher_is must be 'better' or 'worse'")
        scales.append(
            Scale(
                code=raw["code"],
                name_en=s_en,
                name_nl=s_nl,
                method=method,
                items=members,
                max_missing=max_missing,
                min=float(raw["min"]),
                max=float(raw["max"]),
                higher_is=raw["higher_is"],
                categories=categories,
            )
        )
    if not scales:
        raise InstrumentError(f"{where}: an instrument needs at least one scale")
    sources = tuple(
        Source(citation=s["citation"], url=s.get("url", ""), confirms=s.get("confirms", ""))
        for s in (_known(s, "source", where) for s in data.get("sources", ()))
    )
    if not sources:
        raise InstrumentError(f"{where}: cite at least one source")
    values = [o.value for o in options if o.value is not None]
    return Instrument(
        code=code,
        version=int(data.get("version", 1)),
        name_en=name_en,
        name_nl=name_nl,
        instruction_en=instruction_en,
        instruction_nl=instruction_nl,
        options=tuple(options),
        option_min=int(scale_data.get("min", min(values))) if values else None,
        option_max=int(scale_data.get("max", max(values))) if values else None,
        items=tuple(items),
        scales=tuple(scales),
        sources=sources,
        unconfirmed_en=unconfirmed_en,
        unconfirmed_nl=unconfirmed_nl,
    )


@cache
def library() -> dict[str, Instrument]:
    """Every instrument shipped with Voorrang, by code, in the order of their file names."""
    folder = resources.files("voorrang.surveys") / "instruments"
    found: dict[str, Instrument] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            instrument = parse_instrument(tomllib.loads(entry.read_text("utf-8")), entry.name)
            if instrument.code in found:
                raise InstrumentError(f"{entry.name}: code {instrument.code} is used twice")
            found[instrument.code] = instrument
    return found


def instrument(code: str) -> Instrument:
    try:
        return library()[code]
    except KeyError:
        raise InstrumentError(f"no instrument with code {code!r}") from None


def display_names(instrument_code: str, scale_code: str, language: str) -> tuple[str, str] | None:
    """The questionnaire's and its scale's names in ``language``, for people to read where a
    record holds only the codes; None when the library has no such instrument or scale."""
    found = library().get(instrument_code)
    if found is None:
        return None
    try:
        scale = found.scale(scale_code)
    except KeyError:
        return None
    return found.name(language), scale.name(language)
