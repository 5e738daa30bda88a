"""``voorrang manage export_vera NAME ...``: a file in VERA's form, one subcommand per
exporter of ``voorrang.api.vera.exports.EXPORTERS`` (``kandidaten --vacancy REF``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from voorrang.api.vera.exports import EXPORTERS, run_export
from voorrang.api.vera.people import SeekerNaming
from voorrang.errors import DomainError


class Command(BaseCommand):
    help = "Export records in VERA's form (JSON): " + "; ".join(
        f"{name}: {exporter.help}" for name, exporter in EXPORTERS.items()
    )

    def add_arguments(self, parser) -> None:
        subparsers = parser.add_subparsers(dest="resource", required=True, metavar="RESOURCE")
        for name, exporter in EXPORTERS.items():
            sub = subparsers.add_parser(name, help=exporter.help)
            exporter.add_arguments(sub)
            sub.add_argument(
                "--output", metavar="FILE", help="write to FILE instead of standard output"
            )

    def handle(self, *args: Any, resource: str, output: str | None = None, **options: Any) -> None:
        known = {
            "verbosity",
            "settings",
            "pythonpath",
            "traceback",
            "no_color",
            "force_color",
            "skip_checks",
        }
        arguments = {key: value for key, value in options.items() if key not in known}
        try:
            export = run_export(
                resource,
                actor=None,
                channel="command",
                naming=SeekerNaming(None, operator=True),
                **arguments,
            )
        except DomainError as exc:
            raise CommandError(
                f"{exc.field}: {exc.message}" if exc.field else str(exc.message), returncode=2
            ) from exc
        content = export.content()
        if output is None:
            self.stdout.write(content.decode("utf-8"), ending="")
            return
        try:
            Path(output).write_bytes(content)
        except OSError as exc:
            raise CommandError(f"--output: {exc}", returncode=2) from exc
        self.stderr.write(f"{len(export.bodies)} {resource} -> {output}")
