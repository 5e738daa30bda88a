from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from voorrang.evaluation import report


class Command(BaseCommand):
    help = (
        "Write the evaluation report, report.html and report.pdf, to a folder. The same data "
        "and the same --as-of give the same report.html, byte for byte."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--out", required=True, metavar="DIR")
        parser.add_argument("--as-of", metavar="DATE", help="YYYY-MM-DD (default today)")
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
        )

    def handle(self, *args: Any, out: str, as_of: str | None, language: str, **kw: Any) -> None:
        try:
            day = date.fromisoformat(as_of) if as_of else timezone.localdate()
        except ValueError as exc:
            raise CommandError(
                f"--as-of: {as_of!r} is not a date; write it as YYYY-MM-DD", returncode=2
            ) from exc
        built = report.build(as_of=day, language=language)
        try:
            html_path, pdf_path = report.write(built, Path(out))
        except OSError as exc:
            raise CommandError(f"--out: {exc}", returncode=2) from exc
        self.stdout.write(f"{html_path}\n{pdf_path}\nsha256 of the HTML: {built.digest}")
