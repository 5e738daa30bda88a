from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from voorrang.errors import DomainError
from voorrang.evaluation import example, services
from voorrang.evaluation.theory import TheoryError


class Command(BaseCommand):
    help = (
        "Store a theory of change from a JSON file (as written by export_theory_of_change), or "
        "a shipped example by name (default: zeist-lflat). A theory with the same key is "
        "replaced only with --replace."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "source",
            nargs="?",
            default=example.EXAMPLE,
            help="a JSON file, or the name of a shipped example",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="replace a stored theory with the same key, observations too",
        )

    def handle(self, *args: Any, source: str, replace: bool, **options: Any) -> None:
        if source in example.shipped_names():
            text = example.shipped_text(source)
        else:
            try:
                text = Path(source).read_text("utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise CommandError(f"{source}: {exc}", returncode=2) from exc
        try:
            theory = services.read_theory(text)
            toc = services.save_theory(actor=None, theory=theory, replace=replace)
        except TheoryError as exc:
            raise CommandError(f"{source}: {exc}", returncode=2) from exc
        except DomainError as exc:
            raise CommandError(f"{source}: {exc.message}", returncode=2) from exc
        self.stdout.write(
            f"{toc.key}: {len(theory.elements)} elements, {len(theory.links)} links, "
            f"{len(theory.indicators)} indicators, {len(theory.observations)} observations"
        )
