"""An import, from the file to the records: read (voorrang.imports.reading), check each row
(voorrang.imports.columns), compare with what is stored (new / changed / unchanged), and
write through the services of the apps the records belong to, all in one transaction with an
audit event for the import (its counts and the file's SHA-256) beside the records' own.

A file with any bad row writes nothing. A preview (``dry_run``) runs the same writes and rolls
them back, so that it also shows what the services refuse (a response to a closed vacancy)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from voorrang.allocation.models import Channel, Response, Vacancy
from voorrang.allocation.services.responses import respond
from voorrang.audit.services import record
from voorrang.errors import DomainError
from voorrang.housing.models import Building, Unit
from voorrang.imports import bulk, vera_rows
from voorrang.imports.columns import KINDS, CellProblem, check_row, columns
from voorrang.imports.reading import Table, UnreadableFile, read_table
from voorrang.seekers import services as seeker_services
from voorrang.seekers.models import (
    ChangeStatus,
    HouseholdMember,
    RegistrationDateChange,
    Seeker,
    SeekerStatus,
    UrgencyDeclaration,
    UrgencyStatus,
)

BATCH = 1000

NEW, CHANGED, UNCHANGED, REQUESTED = "new", "changed", "unchanged", "requested"


@dataclass
class Outcome:
    """What the import does with one row."""

    row: int
    key: str
    action: str  # new, changed, unchanged, or requested (a date change for a second person)
    changes: dict[str, tuple[str, str]] = field(default_factory=dict)


@dataclass
class ImportResult:
    kind: str
    name: str
    sha256: str
    outcomes: list[Outcome] = field(default_factory=list)
    problems: list[CellProblem] = field(default_factory=list)
    written: bool = False

    @property
    def counts(self) -> dict[str, int]:
        counts = {NEW: 0, CHANGED: 0, UNCHANGED: 0, REQUESTED: 0}
        for outcome in self.outcomes:
            counts[outcome.action] += 1
        return counts

    @property
    def digest(self) -> str:
        """What the import would do, in one hash: the staff page's confirmation writes only
        when the import still does what its preview showed."""
        text = "\n".join(
            f"{o.row}|{o.key}|{o.action}|{sorted(o.changes.items())}" for o in self.outcomes
        )
        return hashlib.sha256(text.encode()).hexdigest()


class ImportRefused(Exception):
    """The file has problems: nothing was written."""

    def __init__(self, result: ImportResult) -> None:
        super().__init__(f"{len(result.problems)} problems")
        self.result = result


class _Preview(Exception):
    """Raised inside the transaction to roll back a preview."""


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, date | Decimal):
        return str(value)
    return str(value)


def _needs_a_person() -> str:
    return _(
        "needs a staff member who asks for it, for a second one to decide "
        "(on the command line: --user NAME)"
    )


def _problem(row: int, column: str, text: str, value: str = "") -> CellProblem:
    return CellProblem(row, column, value, text)


# --- Reading rows ---------------------------------------------------------------------------


def _rows(kind: str, table: Table, problems: list[CellProblem]) -> list[tuple[int, dict]]:
    """The rows as columns; a JSON file's VERA bodies through voorrang.imports.vera_rows."""
    if table.format == "json":
        convert = vera_rows.ROWS.get(kind)
        rows = []
        for number, body in table.rows:
            if not isinstance(body, dict):
                problems.append(_problem(number, "-", _("is not a JSON object")))
            elif convert is None:
                rows.append((number, {k: _json_text(v) for k, v in body.items()}))
            else:
                rows.append((number, convert(body)))
        return rows
    names = set(table.rows[0][1]) if table.rows else set()
    known = {column.name for column in columns(kind)}
    for name in sorted(names - known):
        problems.append(_problem(1, name, _("is not a column of this import")))
    for column in columns(kind):
        if column.required and column.name not in names:
            problems.append(_problem(1, column.name, _("is missing from the header row")))
    return list(table.rows)


def _json_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _checked(
    kind: str, rows: list[tuple[int, dict]], problems: list[CellProblem], *, partial: bool
) -> list[tuple[int, dict[str, Any]]]:
    checked = []
    for number, row in rows:
        values, found = check_row(kind, number, row, partial=partial)
        problems += found
        checked.append((number, values))
    return checked


def _unique(
    rows: list[tuple[int, dict[str, Any]]], column: str, problems: list[CellProblem]
) -> None:
    seen: dict[str, int] = {}
    for number, values in rows:
        key = values.get(column)
        if not key:
            continue
        if key in seen:
            problems.append(
                _problem(
                    number,
                    column,
                    _("appears twice in the file (also in row %(row)s)") % {"row": seen[key]},
                    str(key),
                )
            )
        else:
            seen[key] = number


# --- Units ----------------------------------------------------------------------------------

UNIT_FIELDS = [c.name for c in columns("units") if c.name not in ("source_id", "building")]
UNIT_DEFAULTS = {
    "addition": "",
    "bag_id": "",
    "floor": 0,
    "lift": False,
    "service_costs": Decimal("0.00"),
    "energy_label": "",
    "accessibility_label": "none",
    "min_household": 1,
    "max_household": 4,
    "ground_floor": False,
    "wheelchair_adapted": False,
}


def unit_row(unit: Unit) -> dict[str, str]:
    """A stored unit as a row of the units import (a VERA PATCH changes some of it)."""
    row = {"source_id": unit.source_id, "building": unit.building.name}
    for name in UNIT_FIELDS:
        value = getattr(unit, name)
        row[name] = ("yes" if value else "no") if isinstance(value, bool) else str(value)
    return row


def _import_units(
    rows: list[tuple[int, dict[str, Any]]],
    result: ImportResult,
    actor: Any,
    write: bool,
    tick: Callable[[int], None],
) -> None:
    problems = result.problems
    _unique(rows, "source_id", problems)
    buildings = {b.name: b for b in Building.objects.all()}
    existing = {
        u.source_id: u for u in Unit.objects.exclude(source_id="").select_related("building")
    }
    addresses = dict(
        ((postcode, number, addition), (pk, source))
        for pk, postcode, number, addition, source in Unit.objects.values_list(
            "pk", "postcode", "number", "addition", "source_id"
        )
    )
    plans: list[tuple[Outcome, dict[str, Any], Unit | None]] = []
    for number, values in rows:
        if "source_id" not in values:
            continue
        building = buildings.get(values.get("building", ""))
        if "building" in values and building is None:
            problems.append(
                _problem(number, "building", _("is not a building we know"), values["building"])
            )
            continue
        unit = existing.get(values["source_id"])
        wanted = {**UNIT_DEFAULTS, **values} if unit is None else values
        address = (wanted.get("postcode"), wanted.get("number"), wanted.get("addition", ""))
        holder = addresses.get(address)
        if holder is not None and (unit is None or holder[0] != unit.pk):
            problems.append(
                _problem(
                    number,
                    "postcode",
                    _("another unit has this address already (postcode, number, addition)"),
                    str(wanted.get("postcode")),
                )
            )
            continue
        if unit is None:
            plans.append((Outcome(number, values["source_id"], NEW), wanted, None))
            continue
        changes = {}
        for name, value in values.items():
            if name == "building":
                if unit.building.name != value:
                    changes[name] = (unit.building.name, value)
            elif name != "source_id" and getattr(unit, name) != value:
                changes[name] = (_shown(getattr(unit, name)), _shown(value))
        plans.append(
            (
                Outcome(number, values["source_id"], CHANGED if changes else UNCHANGED, changes),
                values,
                unit,
            )
        )
    result.outcomes = [plan[0] for plan in plans]
    if problems or not write:
        return
    for outcome, values, unit in plans:
        if outcome.action == UNCHANGED:
            tick(1)
            continue
        target = unit or Unit(source_id=values["source_id"])
        for name, value in values.items():
            if name == "building":
                target.building = buildings[value]
            elif name != "source_id":
                setattr(target, name, value)
        try:
            target.full_clean(validate_unique=False, validate_constraints=True)
        except Exception as error:  # ValidationError: the model's own checks, field by field
            for name, messages in getattr(error, "message_dict", {"-": [str(error)]}).items():
                problems.append(_problem(outcome.row, name, " ".join(messages)))
            continue
        target.save()
        record(
            actor=actor,
            action="unit.imported" if unit is None else "unit.changed_by_import",
            obj=target,
            before={k: old for k, (old, _new) in outcome.changes.items()} or None,
            after={k: new for k, (_old, new) in outcome.changes.items()}
            or {"source_id": target.source_id},
        )
        tick(1)


# --- Seekers --------------------------------------------------------------------------------

SEEKER_CHANGEABLE = ("phone", "street", "number", "postcode", "town", "income", "local_tie")


class _StoredSeeker(NamedTuple):
    pk: int
    source_id: str
    registration_number: str
    registered_on: date
    status: str
    phone: str
    street: str
    number: str
    postcode: str
    town: str
    income: Decimal
    local_tie: bool


def _import_seekers(
    rows: list[tuple[int, dict[str, Any]]],
    result: ImportResult,
    actor: Any,
    write: bool,
    tick: Callable[[int], None],
) -> None:
    problems = result.problems
    _unique(rows, "source_id", problems)
    _unique(rows, "registration_number", problems)
    # One query for every seeker with a source id, one for the registration numbers in use.
    # Plain rows, not instances: a re-import of 50,000 compares them all.
    fields = ("pk", "source_id", "registration_number", "registered_on", "status")
    existing = {
        row[1]: _StoredSeeker(*row)
        for row in Seeker.objects.exclude(source_id="").values_list(*fields, *SEEKER_CHANGEABLE)
    }
    numbers_in_use = dict(Seeker.objects.values_list("registration_number", "source_id"))
    pending = dict(
        RegistrationDateChange.objects.filter(status=ChangeStatus.PENDING).values_list(
            "seeker_id", "new_date"
        )
    )
    plans: list[tuple[Outcome, dict[str, Any], _StoredSeeker | None]] = []
    for number, values in rows:
        if "source_id" not in values:
            continue
        seeker = existing.get(values["source_id"])
        given_number = values.get("registration_number")
        if (
            given_number
            and numbers_in_use.get(given_number, values["source_id"]) != values["source_id"]
        ):
            problems.append(
                _problem(
                    number,
                    "registration_number",
                    _("is the registration number of another seeker"),
                    given_number,
                )
            )
            continue
        if seeker is None:
            plans.append((Outcome(number, values["source_id"], NEW), values, None))
            continue
        changes = {
            name: (_shown(getattr(seeker, name)), _shown(values[name]))
            for name in SEEKER_CHANGEABLE
            if name in values and getattr(seeker, name) != values[name]
        }
        action = CHANGED if changes else UNCHANGED
        new_date = values.get("registered_on")
        if new_date not in (None, seeker.registered_on, pending.get(seeker.pk)):
            changes["registered_on"] = (str(seeker.registered_on), str(new_date))
            action = REQUESTED
        if changes and seeker.status == SeekerStatus.ENDED:
            problems.append(
                _problem(number, "source_id", _("this registration has ended"), seeker.source_id)
            )
            continue
        plans.append((Outcome(number, values["source_id"], action, changes), values, seeker))
    result.outcomes = [plan[0] for plan in plans]
    if not getattr(actor, "pk", None):
        for outcome, _values, _seeker in plans:
            if outcome.action == REQUESTED:
                problems.append(_problem(outcome.row, "registered_on", _needs_a_person()))
    if problems or not write:
        return
    reason = _("Import of %(name)s (SHA-256 %(sha)s)") % {
        "name": result.name,
        "sha": result.sha256[:12],
    }
    new = [(outcome, values) for outcome, values, seeker in plans if seeker is None]
    _create_seekers(new, tick)
    for outcome, values, seeker in plans:
        if seeker is None:
            continue
        if outcome.action == UNCHANGED:
            tick(1)
            continue
        seeker = Seeker.objects.get(pk=seeker.pk)
        try:
            details = {k: values[k] for k in SEEKER_CHANGEABLE if k in outcome.changes}
            if details:
                seeker_services.change_details(actor=actor, seeker=seeker, changes=details)
            if "registered_on" in outcome.changes:
                seeker_services.request_registration_date_change(
                    actor=actor, seeker=seeker, new_date=values["registered_on"], reason=reason
                )
        except DomainError as error:
            problems.append(_problem(outcome.row, error.field or "-", str(error.message)))
        tick(1)


def _create_seekers(new: list[tuple[Outcome, dict[str, Any]]], tick: Callable[[int], None]) -> None:
    """New registrations in bulk (voorrang.imports.bulk): the seekers, then their main
    applicants. The import's own audit event records them (with the file's hash)."""
    if not new:
        return
    # Made-up numbers follow the highest in use and the highest the file gives.
    prefix = seeker_services.REGISTRATION_PREFIX
    given = [
        int(number[len(prefix) :])
        for _outcome, values in new
        if (number := values.get("registration_number", "")).startswith(prefix)
        and number[len(prefix) :].isdigit()
    ]
    next_number = max(
        int(seeker_services.next_registration_number()[len(prefix) :]), max(given, default=0) + 1
    )
    for start in range(0, len(new), BATCH * 5):
        batch = new[start : start + BATCH * 5]
        seekers = []
        for _outcome, values in batch:
            number = values.get("registration_number")
            if not number:
                number = f"{seeker_services.REGISTRATION_PREFIX}{next_number:06d}"
                next_number += 1
            seekers.append(
                {
                    "registration_number": number,
                    "registered_on": values["registered_on"],
                    "source_id": values["source_id"],
                    "income": values["income"],
                    "email": values.get("email", ""),
                    "phone": values.get("phone", ""),
                    "street": values.get("street", ""),
                    "number": values.get("number", ""),
                    "postcode": values.get("postcode", ""),
                    "town": values.get("town", ""),
                    "local_tie": values.get("local_tie", False),
                }
            )
        bulk.insert(Seeker, seekers)
        keys = dict(
            Seeker.objects.filter(
                registration_number__in=[s["registration_number"] for s in seekers]
            ).values_list("registration_number", "pk")
        )
        bulk.insert(
            HouseholdMember,
            (
                {
                    "seeker_id": keys[seeker["registration_number"]],
                    "first_name": values["first_name"],
                    "last_name": values["last_name"],
                    "birth_date": values["birth_date"],
                    "is_main_applicant": True,
                }
                for seeker, (_outcome, values) in zip(seekers, batch, strict=True)
            ),
        )
        tick(len(batch))


# --- Responses and urgency ------------------------------------------------------------------


def _seekers_named(keys: Iterable[str]) -> dict[str, Seeker]:
    keys = set(keys)
    found: dict[str, Seeker] = {}
    for seeker in Seeker.objects.filter(Q(source_id__in=keys) | Q(registration_number__in=keys)):
        found[seeker.registration_number] = seeker
        if seeker.source_id:
            found[seeker.source_id] = seeker
    return found


def _import_responses(
    rows: list[tuple[int, dict[str, Any]]],
    result: ImportResult,
    actor: Any,
    write: bool,
    tick: Callable[[int], None],
) -> None:
    problems = result.problems
    seekers = _seekers_named(v["seeker"] for _n, v in rows if "seeker" in v)
    vacancies = {
        v.reference: v
        for v in Vacancy.objects.filter(reference__in=[v.get("vacancy") for _n, v in rows])
    }
    active = set(
        Response.objects.filter(
            vacancy__in=vacancies.values(), withdrawn_at__isnull=True
        ).values_list("seeker_id", "vacancy_id")
    )
    plans = []
    seen: dict[tuple[int, int], int] = {}
    for number, values in rows:
        if "seeker" not in values or "vacancy" not in values:
            continue
        seeker = seekers.get(values["seeker"])
        vacancy = vacancies.get(values["vacancy"])
        if seeker is None:
            problems.append(
                _problem(
                    number,
                    "seeker",
                    _("is no source id or registration number of a seeker"),
                    values["seeker"],
                )
            )
        if vacancy is None:
            problems.append(
                _problem(number, "vacancy", _("is no reference of a vacancy"), values["vacancy"])
            )
        if seeker is None or vacancy is None:
            continue
        key = f"{seeker.registration_number} → {vacancy.reference}"
        pair = (seeker.pk, vacancy.pk)
        if pair in seen:
            problems.append(
                _problem(
                    number,
                    "seeker",
                    _("responds twice to the same vacancy (also in row %(row)s)")
                    % {"row": seen[pair]},
                    values["seeker"],
                )
            )
            continue
        seen[pair] = number
        action = UNCHANGED if pair in active else NEW
        plans.append((Outcome(number, key, action), values, seeker, vacancy))
    result.outcomes = [plan[0] for plan in plans]
    if problems:
        return
    for outcome, values, seeker, vacancy in plans:
        if outcome.action == NEW:
            try:
                respond(
                    actor=actor,
                    vacancy=vacancy,
                    seeker=seeker,
                    channel=values.get("channel", Channel.ONLINE),
                    responded_on=values.get("responded_on"),
                )
            except DomainError as error:
                problems.append(_problem(outcome.row, error.field or "vacancy", str(error.message)))
        tick(1)


def _import_urgency(
    rows: list[tuple[int, dict[str, Any]]],
    result: ImportResult,
    actor: Any,
    write: bool,
    tick: Callable[[int], None],
) -> None:
    problems = result.problems
    seekers = _seekers_named(v["seeker"] for _n, v in rows if "seeker" in v)
    known = set(
        UrgencyDeclaration.objects.filter(seeker__in=set(seekers.values()))
        .exclude(status=UrgencyStatus.REJECTED)
        .values_list("seeker_id", "kind", "valid_from", "valid_until")
    )
    plans = []
    for number, values in rows:
        if len(values) < 5:  # a required column had a problem
            continue
        seeker = seekers.get(values["seeker"])
        if seeker is None:
            problems.append(
                _problem(
                    number,
                    "seeker",
                    _("is no source id or registration number of a seeker"),
                    values["seeker"],
                )
            )
            continue
        key = (seeker.pk, values["kind"], values["valid_from"], values["valid_until"])
        action = UNCHANGED if key in known else NEW
        known.add(key)
        label = f"{seeker.registration_number} {values['valid_from']}–{values['valid_until']}"
        plans.append((Outcome(number, label, action), values, seeker))
    result.outcomes = [plan[0] for plan in plans]
    if not getattr(actor, "pk", None):
        for outcome, _values, _seeker in plans:
            if outcome.action == NEW:
                problems.append(_problem(outcome.row, "seeker", _needs_a_person()))
    if problems:
        return
    for outcome, values, seeker in plans:
        if outcome.action == NEW:
            try:
                seeker_services.propose_urgency(
                    actor=actor,
                    seeker=seeker,
                    kind=values["kind"],
                    valid_from=values["valid_from"],
                    valid_until=values["valid_until"],
                    issued_by=values["issued_by"],
                    note=values.get("note", ""),
                )
            except DomainError as error:
                problems.append(_problem(outcome.row, error.field or "seeker", str(error.message)))
        tick(1)


IMPORTERS = {
    "units": _import_units,
    "seekers": _import_seekers,
    "responses": _import_responses,
    "urgency": _import_urgency,
}
MODELS = {"units": Unit, "seekers": Seeker, "responses": Response, "urgency": UrgencyDeclaration}


# --- The one way in -------------------------------------------------------------------------


def run_import(
    *,
    actor: Any,
    kind: str,
    name: str,
    data: bytes,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
    rows: list[tuple[int, dict[str, Any]]] | None = None,
    partial: bool = False,
) -> ImportResult:
    """Import ``data`` (a file called ``name``) as ``kind``. Returns the result; raises
    ImportRefused, with every problem, when any row is bad: then nothing is written. With
    ``dry_run`` the writes run and are rolled back (the preview). ``rows`` gives the rows
    directly (the VERA interface: one body, one row)."""
    if kind not in KINDS:
        raise ValueError(kind)
    result = ImportResult(kind=kind, name=name, sha256=hashlib.sha256(data).hexdigest())
    if rows is None:
        try:
            table = read_table(name, data)
        except UnreadableFile as error:
            result.problems.append(_problem(0, "-", error.message))
            raise ImportRefused(result) from None
        rows = _rows(kind, table, result.problems)
    checked = _checked(kind, rows, result.problems, partial=partial)
    if result.problems:
        raise ImportRefused(result)
    tick = progress or (lambda count: None)
    try:
        with transaction.atomic():
            IMPORTERS[kind](checked, result, actor, True, tick)
            if result.problems:
                raise ImportRefused(result)
            counts = result.counts
            if any(counts[action] for action in (NEW, CHANGED, REQUESTED)):
                record(
                    actor=actor,
                    action="import.done",
                    obj=MODELS[kind],
                    summary=f"{kind}: {name}",
                    after={"kind": kind, "file": name, "sha256": result.sha256, **counts},
                )
            if dry_run:
                raise _Preview
    except _Preview:
        return result
    result.written = True
    return result
