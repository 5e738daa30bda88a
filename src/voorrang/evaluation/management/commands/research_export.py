from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from voorrang.evaluation import research


class Command(BaseCommand):
    help = (
        "Write the pseudonymised research export (CSV and Parquet, with a codebook) to a "
        "folder. Needs VOORRANG_RESEARCH_KEY, the controller's key for the pseudonyms."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--out", required=True, metavar="DIR")
        parser.add_argument("--as-of", metavar="DATE", help="YYYY-MM-DD (default today)")

    def handle(self, *args: Any, out: str, as_of: str | None, **options: Any) -> None:
        try:
            day = date.fromisoformat(as_of) if as_of else timezone.localdate()
        except ValueError as exc:
            raise CommandError(
                f"--as-of: {as_of!r} is not a date; write it as YYYY-MM-DD", returncode=2
            ) from exc
        try:
            paths = research.write_export(Path(out), day)
        except research.ResearchKeyMissing as exc:
            raise CommandError(exc.message, returncode=2) from exc
        except OSError as exc:
            raise CommandError(f"--out: {exc}", returncode=2) from exc
        for path in paths:
            self.stdout.write(str(path))
