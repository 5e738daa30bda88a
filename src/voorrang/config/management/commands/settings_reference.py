from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from voorrang.config.reference import render_settings_reference


class Command(BaseCommand):
    help = "Write the settings reference (docs/settings.md) from voorrang.config.env.SETTINGS."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            default=Path("docs/settings.md"),
            help="file to write (default: %(default)s, from the working directory)",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="write nothing; fail if the file differs from what would be written",
        )

    def handle(self, *args: Any, output: Path, check: bool, **options: Any) -> None:
        text = render_settings_reference()
        if check:
            current = output.read_text(encoding="utf-8") if output.exists() else None
            if current != text:
                raise CommandError(
                    f"{output} is out of date: run 'voorrang manage settings_reference'"
                )
            self.stdout.write(f"{output} is up to date.")
            return
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {output}.")
