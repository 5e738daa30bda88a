"""``voorrang import units|seekers|responses|urgency FILE [--dry-run]`` (voorrang.cli)."""

from __future__ import annotations

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from voorrang.imports import report
from voorrang.imports.columns import KINDS
from voorrang.imports.services import ImportRefused, run_import


class Command(BaseCommand):
    # The system checks load every URL, template setting and model check: seconds before an
    # import of a file, which needs none of them (benchmarks/bench_import.py).
    requires_system_checks: list[str] = []
    help = "Import units, seekers, responses or urgency declarations from CSV, XLSX or VERA JSON."

    def add_arguments(self, parser) -> None:
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument("file")
        parser.add_argument(
            "--dry-run", action="store_true", help="show what would change; write nothing"
        )
        parser.add_argument("--quiet", action="store_true", help="no progress bar")
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="the staff account the import is recorded under (needed to ask for a change "
            "of a registration date and to propose urgency)",
        )

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        actor = None
        if options["user"]:
            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"--user: there is no account {options['user']!r}")
        bar = None
        if not options["quiet"] and sys.stderr.isatty():
            from tqdm import tqdm

            bar = tqdm(total=None, unit=" rows", file=sys.stderr, desc=options["kind"])
        try:
            result = run_import(
                actor=actor,
                kind=options["kind"],
                name=path.name,
                data=data,
                dry_run=options["dry_run"],
                progress=bar.update if bar is not None else None,
            )
        except ImportRefused as refused:
            if bar is not None:
                bar.close()
            problems = refused.result.problems
            for problem in problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{len(problems)} problem(s) in {path.name}: nothing was imported"
            ) from None
        if bar is not None:
            bar.close()
        for line in report.lines(result):
            self.stdout.write(line)
        prefix = "dry run, nothing written: " if options["dry_run"] else ""
        self.stdout.write(f"{prefix}{report.summary(result)} (SHA-256 {result.sha256})")
