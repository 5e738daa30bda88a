"""The theory of change (veranderverhaal) as a document: parsed, checked and written out
without Django, so that the shipped example, an export and an import share one format.

A document names its elements by key; links, assumptions, working elements and indicators
refer to those keys. Every error names the place in the document (``links[2].to``)."""

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
from voorrang.evaluation.theory.reading import (
    LONG_TEXT_LIMIT,
    NUMBER_LIMIT,
    TEXT_LIMITS,
    has_control_character,
    load_theory_json,
    parse_date,
    parse_decimal,
    parse_theory,
    shown,
)
from voorrang.evaluation.theory.writing import (
    CSV_COLUMNS,
    dump_theory_json,
    theory_document,
    theory_rows,
)

__all__ = [
    "ASSUMPTION_KINDS",
    "CSV_COLUMNS",
    "ELEMENT_KINDS",
    "EVIDENCE_LEVELS",
    "FORMAT",
    "LONG_TEXT_LIMIT",
    "NUMBER_LIMIT",
    "SOURCE_KINDS",
    "TEXT_LIMITS",
    "Assumption",
    "Element",
    "Indicator",
    "Link",
    "Measure",
    "Observation",
    "Source",
    "Theory",
    "TheoryError",
    "WorkingElement",
    "dump_theory_json",
    "has_control_character",
    "load_theory_json",
    "parse_date",
    "parse_decimal",
    "parse_theory",
    "shown",
    "theory_document",
    "theory_rows",
]
