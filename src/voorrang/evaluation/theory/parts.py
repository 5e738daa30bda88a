"""The parts of a theory of change as frozen values: its elements, links, assumptions,
working elements, indicators and observations, the kinds each may have, and the error of a
document that cannot be read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

FORMAT = "voorrang-theory-of-change/1"

# The columns of the chain, left to right, as the diagram draws them.
ELEMENT_KINDS: tuple[str, ...] = (
    "problem",
    "target_group",
    "activity",
    "output",
    "outcome_short",
    "outcome_middle",
    "outcome_long",
    "impact",
)

# How well a link is supported, weakest first: from an assumption nobody checked to strong
# indications from comparative research (after the levels of Movisie's and the NJi's
# recognition of effective interventions).
EVIDENCE_LEVELS: tuple[str, ...] = (
    "assumed",
    "theory",
    "practice",
    "first_indications",
    "good_indications",
    "strong_indications",
)
ASSUMPTION_KINDS: tuple[str, ...] = ("theoretical", "contextual")
SOURCE_KINDS: tuple[str, ...] = ("computed", "survey", "entered")


class TheoryError(ValueError):
    """A document that cannot be read: ``where`` is the place in it, ``message`` the problem."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}" if where else message)
        self.where = where
        self.message = message


@dataclass(frozen=True)
class Source:
    title: str
    publisher: str = ""
    year: int | None = None
    url: str = ""


@dataclass(frozen=True)
class Element:
    key: str
    kind: str
    title: str
    description: str = ""


@dataclass(frozen=True)
class Link:
    source: str
    target: str
    rationale: str
    evidence: str = "assumed"


@dataclass(frozen=True)
class Assumption:
    key: str
    kind: str
    text: str
    element: str | None = None
    link: tuple[str, str] | None = None


@dataclass(frozen=True)
class WorkingElement:
    key: str
    title: str
    description: str = ""
    element: str | None = None


@dataclass(frozen=True)
class Measure:
    """A baseline or a target: a value on a date."""

    value: Decimal
    on: date


@dataclass(frozen=True)
class Indicator:
    key: str
    element: str
    name: str
    definition: str
    unit: str
    source_kind: str
    data_source: str = ""
    collection_method: str = ""
    frequency: str = ""
    baseline: Measure | None = None
    target: Measure | None = None
    computation: str = ""
    survey_instrument: str = ""
    survey_scale: str = ""


@dataclass(frozen=True)
class Observation:
    indicator: str
    period_start: date
    period_end: date
    value: Decimal
    building: str = ""
    note: str = ""


@dataclass(frozen=True)
class Theory:
    key: str
    title: str
    description: str = ""
    sources: tuple[Source, ...] = ()
    elements: tuple[Element, ...] = ()
    links: tuple[Link, ...] = ()
    assumptions: tuple[Assumption, ...] = ()
    working_elements: tuple[WorkingElement, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    observations: tuple[Observation, ...] = field(default=())

    def element(self, key: str) -> Element:
        return next(e for e in self.elements if e.key == key)
