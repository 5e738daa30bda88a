"""``voorrang manage export_vera KIND [--from DATE] [--until DATE] [--output FILE]``: records as
VERA's bodies (JSON), for the systems the corporations already run."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from voorrang.api.vera import exports_toewijzingen

# One exporter per kind: export(**options) -> bytes.
EXPORTERS = {
    "toewijzingen": exports_toewijzingen.export,
}


def _day(value: str | None, field: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{field}: give a date as YYYY-MM-DD, not {value!r}.") from None


class Command(BaseCommand):
    help = "Export records as VERA's bodies (JSON)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("kind", choices=sorted(EXPORTERS))
        parser.add_argument("--from", dest="date_from", help="first day (YYYY-MM-DD)")
        parser.add_argument("--until", dest="date_until", help="last day (YYYY-MM-DD)")
        parser.add_argument("--output", help="file to write (default: standard output)")

    def handle(self, *args, kind: str, output: str | None, **options):
        options["date_from"] = _day(options.get("date_from"), "--from")
        options["date_until"] = _day(options.get("date_until"), "--until")
        first, last = options["date_from"], options["date_until"]
        if first and last and first > last:
            raise CommandError("--until: the last day comes before the first.")
        data = EXPORTERS[kind](**options)
        if output:
            Path(output).write_bytes(data)
            self.stdout.write(f"Written to {output}.")
        else:
            self.stdout.write(data.decode("utf-8"), ending="")
