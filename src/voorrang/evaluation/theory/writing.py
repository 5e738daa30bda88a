"""Writing a theory out: as the document ``parse_theory`` reads back to an equal theory, and
as one flat table for a spreadsheet."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from voorrang.evaluation.theory.parts import FORMAT, Indicator, Measure, Theory


def _number(value: Decimal) -> int | float | str:
    """A decimal as JSON: an integer when it is whole, else its exact text."""
    if value == value.to_integral_value():
        return int(value)
    return str(value.normalize())


def _measure_document(measure: Measure | None) -> dict[str, Any] | None:
    if measure is None:
        return None
    return {"value": _number(measure.value), "date": measure.on.isoformat()}


def theory_document(theory: Theory) -> dict[str, Any]:
    """The document ``parse_theory`` reads back to an equal Theory."""

    def source(indicator: Indicator) -> dict[str, str]:
        if indicator.source_kind == "computed":
            return {"kind": "computed", "computation": indicator.computation}
        if indicator.source_kind == "survey":
            return {
                "kind": "survey",
                "instrument": indicator.survey_instrument,
                "scale": indicator.survey_scale,
            }
        return {"kind": "entered"}

    return {
        "format": FORMAT,
        "key": theory.key,
        "title": theory.title,
        "description": theory.description,
        "sources": [
            {k: v for k, v in vars(s).items() if v not in ("", None)} for s in theory.sources
        ],
        "elements": [vars(e) | {} for e in theory.elements],
        "links": [
            {"from": k.source, "to": k.target, "rationale": k.rationale, "evidence": k.evidence}
            for k in theory.links
        ],
        "assumptions": [
            {"key": a.key, "kind": a.kind, "text": a.text}
            | ({"element": a.element} if a.element else {"link": list(a.link or ())})
            for a in theory.assumptions
        ],
        "working_elements": [
            {"key": w.key, "title": w.title, "description": w.description}
            | ({"element": w.element} if w.element else {})
            for w in theory.working_elements
        ],
        "indicators": [
            {
                "key": i.key,
                "element": i.element,
                "name": i.name,
                "definition": i.definition,
                "unit": i.unit,
                "data_source": i.data_source,
                "collection_method": i.collection_method,
                "frequency": i.frequency,
                "baseline": _measure_document(i.baseline),
                "target": _measure_document(i.target),
                "source": source(i),
            }
            for i in theory.indicators
        ],
        "observations": [
            {
                "indicator": o.indicator,
                "period_start": o.period_start.isoformat(),
                "period_end": o.period_end.isoformat(),
                "building": o.building,
                "value": _number(o.value),
                "note": o.note,
            }
            for o in theory.observations
        ],
    }


def dump_theory_json(theory: Theory) -> str:
    return json.dumps(theory_document(theory), ensure_ascii=False, indent=2) + "\n"


CSV_COLUMNS = (
    "record",
    "key",
    "kind",
    "from",
    "to",
    "element",
    "title",
    "text",
    "evidence",
    "unit",
    "baseline_value",
    "baseline_date",
    "target_value",
    "target_date",
    "source",
    "data_source",
    "collection_method",
    "frequency",
)


def theory_rows(theory: Theory) -> list[dict[str, str]]:
    """One flat table of the whole theory, for a spreadsheet: one row per element, link,
    assumption, working element and indicator (``record`` says which)."""
    rows: list[dict[str, str]] = []

    def row(**values: Any) -> None:
        rows.append(
            {c: "" if values.get(c) is None else str(values.get(c, "")) for c in CSV_COLUMNS}
        )

    for e in theory.elements:
        row(record="element", key=e.key, kind=e.kind, title=e.title, text=e.description)
    for k in theory.links:
        row(
            record="link",
            **{"from": k.source, "to": k.target},
            text=k.rationale,
            evidence=k.evidence,
        )
    for a in theory.assumptions:
        row(
            record="assumption",
            key=a.key,
            kind=a.kind,
            element=a.element or "",
            **({"from": a.link[0], "to": a.link[1]} if a.link else {}),
            text=a.text,
        )
    for w in theory.working_elements:
        row(
            record="working_element",
            key=w.key,
            element=w.element or "",
            title=w.title,
            text=w.description,
        )
    for i in theory.indicators:
        source = {
            "computed": f"computed:{i.computation}",
            "survey": f"survey:{i.survey_instrument}/{i.survey_scale}",
            "entered": "entered",
        }[i.source_kind]
        row(
            record="indicator",
            key=i.key,
            element=i.element,
            title=i.name,
            text=i.definition,
            unit=i.unit,
            baseline_value=_number(i.baseline.value) if i.baseline else "",
            baseline_date=i.baseline.on.isoformat() if i.baseline else "",
            target_value=_number(i.target.value) if i.target else "",
            target_date=i.target.on.isoformat() if i.target else "",
            source=source,
            data_source=i.data_source,
            collection_method=i.collection_method,
            frequency=i.frequency,
        )
    return rows
