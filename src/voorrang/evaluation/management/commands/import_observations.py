from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from voorrang.evaluation import selectors, services


class Command(BaseCommand):
    help = (
        "Import observations of entered indicators from a CSV file with the columns "
        "indicator, period_start, period_end, building, value, note. Every row is checked "
        "first: one bad row and nothing is stored (exit 2, the problems on stderr)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("key", help="the theory's key, e.g. zeist-lflat")
        parser.add_argument("file", help="the CSV file")

    def handle(self, *args: Any, key: str, file: str, **options: Any) -> None:
        toc = selectors.chosen_theory(key)
        if toc is None or toc.key != key:
            raise CommandError(f"there is no theory of change with the key {key!r}", returncode=2)
        try:
            data = Path(file).read_bytes()
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror}", returncode=2) from exc
        try:
            result = services.import_observations(actor=None, theory=toc, data=data)
        except services.ObservationImportError as exc:
            raise CommandError(
                "\n".join([f"{file}: {exc.message}", *(f"  {e}" for e in exc.errors)]),
                returncode=2,
            ) from exc
        self.stdout.write(f"{result.created} created, {result.updated} updated")
