"""Files in VERA's form for the platform and the ERP: ``EXPORTERS`` by name, each with its
command-line arguments and the body it writes (a JSON list of VERA bodies, exactly as the
interface serves them). ``voorrang manage export_vera NAME ...`` offers every exporter here;
add one by adding an ``Exporter``."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from voorrang.allocation.models import Allocation, Vacancy
from voorrang.allocation.selectors.vacancies import vacancy_for_page
from voorrang.api.vera import exports_toewijzingen
from voorrang.api.vera.kandidaten import kandidaat, offers_of, vacancy_candidates
from voorrang.api.vera.people import SeekerNaming
from voorrang.audit.services import record
from voorrang.errors import DomainError


class ExportRefused(DomainError):
    code = "vera_export_refused"


@dataclass(frozen=True)
class Export:
    filename: str
    bodies: list[dict[str, Any]]
    # What the audit event is about: the vacancy, or the model for an export of many.
    subject: Any

    def content(self) -> bytes:
        return (json.dumps(self.bodies, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


@dataclass(frozen=True)
class Exporter:
    help: str
    add_arguments: Callable[[Any], None]
    export: Callable[..., Export]


def _vacancy(reference: str) -> Vacancy:
    try:
        return vacancy_for_page(reference)
    except Vacancy.DoesNotExist:
        raise ExportRefused(
            _("There is no vacancy with the reference %(reference)s.") % {"reference": reference},
            field="vacancy",
        ) from None


def kandidaten_export(*, vacancy: str, naming: SeekerNaming, **_options: Any) -> Export:
    """The candidate list of one vacancy (its current ranking) as VERA kandidaten."""
    found = _vacancy(vacancy)
    entries = list(vacancy_candidates(found.reference))
    if not entries:
        raise ExportRefused(
            _("This vacancy has no ranking yet: there is no candidate list to export."),
            field="vacancy",
        )
    offers = offers_of(entries)
    bodies = [
        kandidaat(entry, naming, offers.get((entry.ranking.vacancy_id, entry.seeker_id)))
        for entry in entries
    ]
    return Export(f"kandidaten-{found.reference}.json", bodies, found)


def _kandidaten_arguments(parser: Any) -> None:
    parser.add_argument("--vacancy", required=True, metavar="REF", help="the vacancy's reference")


def _day(value: Any, field: str) -> Any:
    if value is None or not isinstance(value, str):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ExportRefused(
            _("Give a date as YYYY-MM-DD, not %(value)s.") % {"value": value}, field=field
        ) from None


def toewijzingen_export(
    *, date_from: Any = None, date_until: Any = None, **_options: Any
) -> Export:
    """The lettings of a period (by default all) as VERA toewijzingen."""
    first, last = _day(date_from, "--from"), _day(date_until, "--until")
    if first and last and first > last:
        raise ExportRefused(_("The last day comes before the first."), field="--until")
    found = exports_toewijzingen.bodies(date_from=first, date_until=last)
    return Export(exports_toewijzingen.filename(first, last), found, Allocation)


def _toewijzingen_arguments(parser: Any) -> None:
    parser.add_argument("--from", dest="date_from", metavar="DATE", help="first day (YYYY-MM-DD)")
    parser.add_argument("--until", dest="date_until", metavar="DATE", help="last day (YYYY-MM-DD)")


EXPORTERS: dict[str, Exporter] = {
    "kandidaten": Exporter(
        help="the candidate list of a vacancy as VERA kandidaten",
        add_arguments=_kandidaten_arguments,
        export=kandidaten_export,
    ),
    "toewijzingen": Exporter(
        help="the lettings of a period as VERA toewijzingen",
        add_arguments=_toewijzingen_arguments,
        export=toewijzingen_export,
    ),
}


def run_export(
    name: str, *, actor: Any, channel: str, naming: SeekerNaming, **options: Any
) -> Export:
    """Make the export and record who took it out, and how (``channel``: download or command)."""
    export = EXPORTERS[name].export(naming=naming, **options)
    with transaction.atomic():
        record(
            actor=actor,
            action="api.vera_export",
            obj=export.subject,
            summary=f"{name}, {len(export.bodies)} records ({channel})",
        )
    return export
