import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from voorrang.allocation.selectors import operator_figures
from voorrang.allocation.states import VacancyState


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(
            f"--until: {text!r} is not a date; write it as YYYY-MM-DD", returncode=2
        ) from exc


class Command(BaseCommand):
    help = (
        "Figures for operators as of a date (default today): buildings and units, seekers by "
        "status, vacancies by state, allocations by year, building and tier, and the quota of "
        "the designated buildings. Vacancy states are read from the audit trail."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="print JSON instead of a table"
        )
        parser.add_argument("--until", metavar="DATE", help="YYYY-MM-DD (default today)")

    def handle(self, *args: Any, as_json: bool, until: str | None, **options: Any) -> None:
        day = _date(until) if until else None
        figures = operator_figures(day)
        if as_json:
            self.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(render_table(figures, day))


def _rows(header: tuple[str, ...], rows: list[tuple[Any, ...]]) -> list[str]:
    """A table: numbers aligned right, words left."""
    numeric = [
        bool(rows) and all(isinstance(row[i], int) for row in rows) for i in range(len(header))
    ]
    cells = [tuple(str(c) for c in header), *(tuple(str(c) for c in row) for row in rows)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = []
    for row in cells:
        aligned = [
            cell.rjust(width) if numeric[i] else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append(("  " + "  ".join(aligned)).rstrip())
    return lines


def render_table(figures: dict[str, Any], day: date | None) -> str:
    day = day or timezone.localdate()
    lines = [_("Figures as of the end of %(date)s") % {"date": day.isoformat()}, ""]
    lines.append(_("Buildings"))
    lines += _rows(
        (_("building"), _("units"), _("designated")),
        [
            (b["name"], b["units"], _("yes") if b["designated"] else "")
            for b in figures["buildings"]
        ],
    )
    lines += ["", _("Seekers")]
    seekers = figures["seekers"]
    lines += _rows(
        (_("status"), _("count")),
        [
            (_("active"), seekers["active"]),
            (_("housed"), seekers["housed"]),
            (_("ended"), seekers["ended"]),
        ],
    )
    lines += ["", _("Vacancies by state")]
    lines += _rows(
        (_("state"), _("count")),
        [(VacancyState(state).label, count) for state, count in figures["vacancies"].items()],
    )
    lines += ["", _("Allocations by year of letting")]
    lines += _rows(
        (_("year"), _("building"), _("tier"), _("count")),
        [(a["year"], a["building"], a["tier"], a["count"]) for a in figures["allocations"]],
    )
    lines += ["", _("Quota of the designated buildings, by year of publication")]
    lines += _rows(
        (_("year"), _("building"), _("vacancies"), _("targeted")),
        [(q["year"], q["building"], q["vacancies"], q["targeted"]) for q in figures["quota"]],
    )
    return "\n".join(lines)
