"""Every write of the evaluation records: each in one transaction, with an audit event."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from voorrang.audit.services import record
from voorrang.errors import InvalidChange
from voorrang.evaluation import theory as t
from voorrang.evaluation.figures import computation_names
from voorrang.evaluation.models import (
    Assumption,
    Element,
    Indicator,
    Link,
    Observation,
    SourceKind,
    TheoryOfChange,
    WorkingElement,
)
from voorrang.housing.models import Building


def read_theory(text: str | bytes) -> t.Theory:
    """Parse a theory document, checking computed indicators against this installation's
    computations. Raises TheoryError naming the place and the problem."""
    return t.load_theory_json(text, computations=computation_names())


def _buildings(names: set[str], where: str) -> dict[str, Building]:
    found = {b.name: b for b in Building.objects.filter(name__in=names)}
    missing = sorted(names - set(found))
    if missing:
        raise InvalidChange(
            _("%(where)s: there is no building named %(names)s.")
            % {"where": where, "names": ", ".join(repr(n) for n in missing)},
            field="building",
        )
    return found


@transaction.atomic
def save_theory(*, actor: Any, theory: t.Theory, replace: bool = False) -> TheoryOfChange:
    """Store a theory of change from its document value, with its indicators and any
    observations. A theory with the same key is replaced only when ``replace`` is given (its
    elements, indicators and observations are deleted and written anew, as in the document)."""
    existing = TheoryOfChange.objects.select_for_update().filter(key=theory.key).first()
    if existing is not None and not replace:
        raise InvalidChange(
            _("A theory of change with the key %(key)s exists already.") % {"key": theory.key},
            field="key",
        )
    buildings = _buildings({o.building for o in theory.observations if o.building}, "observations")
    if existing is not None:
        Observation.objects.filter(indicator__theory=existing).delete()
        existing.delete()
    toc = TheoryOfChange.objects.create(
        key=theory.key,
        title=theory.title,
        description=theory.description,
        sources=[{k: v for k, v in vars(s).items() if v not in ("", None)} for s in theory.sources],
    )
    elements = {}
    for position, e in enumerate(theory.elements):
        elements[e.key] = Element.objects.create(
            theory=toc,
            key=e.key,
            kind=e.kind,
            title=e.title,
            description=e.description,
            position=position,
        )
    links = {}
    for position, k in enumerate(theory.links):
        links[k.source, k.target] = Link.objects.create(
            theory=toc,
            source=elements[k.source],
            target=elements[k.target],
            rationale=k.rationale,
            evidence=k.evidence,
            position=position,
        )
    Assumption.objects.bulk_create(
        Assumption(
            theory=toc,
            key=a.key,
            kind=a.kind,
            text=a.text,
            element=elements[a.element] if a.element else None,
            link=links[a.link] if a.link else None,
            position=position,
        )
        for position, a in enumerate(theory.assumptions)
    )
    WorkingElement.objects.bulk_create(
        WorkingElement(
            theory=toc,
            key=w.key,
            title=w.title,
            description=w.description,
            element=elements[w.element] if w.element else None,
            position=position,
        )
        for position, w in enumerate(theory.working_elements)
    )
    indicators = {}
    for position, i in enumerate(theory.indicators):
        indicators[i.key] = Indicator.objects.create(
            theory=toc,
            element=elements[i.element],
            key=i.key,
            name=i.name,
            definition=i.definition,
            unit=i.unit,
            baseline_value=i.baseline.value if i.baseline else None,
            baseline_date=i.baseline.on if i.baseline else None,
            target_value=i.target.value if i.target else None,
            target_date=i.target.on if i.target else None,
            data_source=i.data_source,
            collection_method=i.collection_method,
            frequency=i.frequency,
            source_kind=i.source_kind,
            computation=i.computation,
            survey_instrument=i.survey_instrument,
            survey_scale=i.survey_scale,
            position=position,
        )
    Observation.objects.bulk_create(
        Observation(
            indicator=indicators[o.indicator],
            period_start=o.period_start,
            period_end=o.period_end,
            building=buildings[o.building] if o.building else None,
            value=o.value,
            note=o.note,
            entered_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        for o in theory.observations
    )
    record(
        actor=actor,
        action="evaluation.theory_replaced" if existing else "evaluation.theory_saved",
        obj=toc,
        summary=f"{toc.key}: {len(theory.elements)} elements, {len(theory.links)} links, "
        f"{len(theory.indicators)} indicators, {len(theory.observations)} observations",
    )
    return toc


# --- Observations from a CSV file ---------------------------------------------------------------

OBSERVATION_COLUMNS = ("indicator", "period_start", "period_end", "building", "value", "note")


@dataclass(frozen=True)
class RowError:
    row: int  # the line of the file, the header being line 1
    field: str
    message: str

    def __str__(self) -> str:
        return _("line %(row)s, %(field)s: %(message)s") % vars(self)


class ObservationImportError(InvalidChange):
    """Rows that cannot be imported; nothing of the file was stored."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(
            ngettext(
                "Nothing was imported: %(count)s problem in the file.",
                "Nothing was imported: %(count)s problems in the file.",
                len(errors),
            )
            % {"count": len(errors)},
            field="file",
        )
        self.errors = errors


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


def _read_rows(data: bytes) -> list[dict[str, str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ObservationImportError(
            [RowError(1, "file", _("the file is not UTF-8 text (save it as CSV UTF-8)"))]
        ) from None
    sample = text[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in ("indicator", "period_start", "period_end", "value") if c not in header]
    if missing:
        raise ObservationImportError(
            [
                RowError(
                    1,
                    c,
                    _("the column is missing (columns: %(columns)s)")
                    % {"columns": ", ".join(OBSERVATION_COLUMNS)},
                )
                for c in missing
            ]
        )
    reader.fieldnames = header
    try:
        return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]
    except csv.Error:
        # A field over the reader's limit (128 KB) or a quote left open to the end.
        raise ObservationImportError(
            [
                RowError(
                    reader.line_num,
                    "file",
                    _("the line is not valid CSV (a field is far too long, or a quote is open)"),
                )
            ]
        ) from None


@transaction.atomic
def import_observations(*, actor: Any, theory: TheoryOfChange, data: bytes) -> ImportResult:
    """Import observations of the theory's entered indicators from CSV (columns
    indicator, period_start, period_end, building, value, note; comma or semicolon). Every row
    is checked first; one bad row and nothing is stored. A row for a period and building that
    has a value already replaces it."""
    rows = _read_rows(data)
    indicators = {i.key: i for i in Indicator.objects.filter(theory=theory)}
    buildings = {b.name: b for b in Building.objects.all()}
    errors: list[RowError] = []
    parsed: list[tuple[Indicator, date, date, Building | None, Decimal, str]] = []
    seen: set[tuple[str, date, date, str]] = set()
    if not rows:
        errors.append(RowError(2, "file", _("the file has no rows below its header")))
    for number, row in enumerate(rows, start=2):
        before = len(errors)
        indicator = indicators.get(row.get("indicator", ""))
        if indicator is None:
            errors.append(
                RowError(
                    number,
                    "indicator",
                    _("%(key)s is not an indicator of this theory")
                    % {"key": t.shown(row.get("indicator", ""))},
                )
            )
        elif indicator.source_kind != SourceKind.ENTERED:
            errors.append(
                RowError(
                    number,
                    "indicator",
                    _("%(key)s is not entered by staff (its numbers come from %(source)s)")
                    % {"key": indicator.key, "source": indicator.get_source_kind_display()},
                )
            )
        dates = {}
        for name in ("period_start", "period_end"):
            try:
                dates[name] = t.parse_date(row.get(name, ""), name)
            except t.TheoryError as exc:
                errors.append(
                    RowError(
                        number,
                        name,
                        _("%(value)s is not a date written as YYYY-MM-DD")
                        % {"value": t.shown(row.get(name, ""))},
                    )
                )
                del exc
        if len(dates) == 2 and dates["period_end"] < dates["period_start"]:
            errors.append(RowError(number, "period_end", _("is before period_start")))
        building = None
        name = row.get("building", "")
        if name:
            building = buildings.get(name)
            if building is None:
                errors.append(
                    RowError(
                        number,
                        "building",
                        _("there is no building named %(name)s") % {"name": t.shown(name)},
                    )
                )
        value = None
        try:
            value = t.parse_decimal(row.get("value", ""), "value")
            if abs(value) >= Decimal("1e10"):
                raise t.TheoryError("value", "too large")
        except t.TheoryError:
            errors.append(
                RowError(
                    number,
                    "value",
                    _("%(value)s is not a number") % {"value": t.shown(row.get("value", ""))},
                )
            )
        note = row.get("note", "")
        if len(note) > 300:
            errors.append(RowError(number, "note", _("is longer than 300 characters")))
        elif t.has_control_character(note):
            errors.append(RowError(number, "note", _("contains a control character (such as NUL)")))
        if len(errors) == before and indicator is not None and value is not None:
            identity = (indicator.key, dates["period_start"], dates["period_end"], name)
            if identity in seen:
                errors.append(
                    RowError(
                        number,
                        "period_start",
                        _("this indicator, period and building are in the file twice"),
                    )
                )
                continue
            seen.add(identity)
            parsed.append(
                (
                    indicator,
                    dates["period_start"],
                    dates["period_end"],
                    building,
                    value.quantize(Decimal("0.0001")),
                    note,
                )
            )
    if errors:
        raise ObservationImportError(errors)
    created = updated = 0
    for indicator, start, end, building, value, note in parsed:
        existing = Observation.objects.filter(
            indicator=indicator, period_start=start, period_end=end, building=building
        ).first()
        if existing is None:
            Observation.objects.create(
                indicator=indicator,
                period_start=start,
                period_end=end,
                building=building,
                value=value,
                note=note,
                entered_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            created += 1
        elif existing.value != value or existing.note != note:
            existing.value, existing.note = value, note
            existing.save(update_fields=["value", "note"])
            updated += 1
    record(
        actor=actor,
        action="evaluation.observations_imported",
        obj=theory,
        summary=f"{created} created, {updated} updated from {len(parsed)} rows",
    )
    return ImportResult(created=created, updated=updated)


# --- The report, built by the job queue --------------------------------------------------------


@transaction.atomic
def request_report(*, actor: Any, as_of: date, language: str) -> Any:
    """Queue the building of the evaluation report (a worker builds and keeps it; see
    evaluation/jobs.py). Returns the job."""
    from django.conf import settings

    from voorrang.evaluation import jobs as report_jobs
    from voorrang.jobs import services as jobs

    if language not in dict(settings.LANGUAGES):
        raise InvalidChange(_("Choose the language of the report from the list."), field="language")
    job = jobs.enqueue(
        actor=actor,
        kind=report_jobs.KIND,
        parameters=report_jobs.parameters(as_of=as_of, language=language),
        title=_("Evaluation report, data as of %(day)s (%(language)s)")
        % {"day": formats.date_format(as_of, "j F Y"), "language": language},
        total=report_jobs.STEPS,
    )
    record(
        actor=actor,
        action="evaluation.report_requested",
        obj=job,
        summary=f"as of {as_of.isoformat()} ({language})",
        after={"as_of": as_of.isoformat(), "language": language, "job": job.pk},
    )
    return job
