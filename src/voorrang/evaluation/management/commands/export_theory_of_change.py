import csv
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from voorrang.evaluation import selectors
from voorrang.evaluation.theory import CSV_COLUMNS, dump_theory_json, theory_rows


class Command(BaseCommand):
    help = (
        "Write a stored theory of change to standard output: JSON (with its observations; "
        "load_theory_of_change --replace restores it) or CSV (one row per element, link, "
        "assumption, working element and indicator)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("key", help="the theory's key, e.g. zeist-lflat")
        parser.add_argument("--format", choices=("json", "csv"), default="json")

    def handle(self, *args: Any, key: str, format: str, **options: Any) -> None:
        toc = selectors.chosen_theory(key)
        if toc is None or toc.key != key:
            raise CommandError(f"there is no theory of change with the key {key!r}", returncode=2)
        theory = selectors.theory_value(toc)
        if format == "json":
            self.stdout.write(dump_theory_json(theory), ending="")
            return
        writer = csv.DictWriter(sys.stdout, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(theory_rows(theory))
