from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from voorrang.errors import DomainError
from voorrang.evaluation import example, services
from voorrang.evaluation.theory import TheoryError


class Command(BaseCommand):
    help = (
        "Store a theory of change from a JSON file (as written by export_theory_of_change), or "
        "a shipped example by name (default: zeist-lflat), in the installation's language or "
        "the one given with --language. A theory with the same key is replaced only with "
        "--replace."
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
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            help=(
                "the language of a shipped example (default: the installation's, "
                f"{settings.LANGUAGE_CODE}; English when the example lacks it)"
            ),
        )

    def handle(
        self, *args: Any, source: str, replace: bool, language: str | None, **options: Any
    ) -> None:
        shipped = source in example.shipped_names()
        if shipped:
            language = example.example_language(source, language)
            text = example.shipped_text(source, language=language)
        elif language:
            raise CommandError(
                f"--language: {source} is a file, not a shipped example "
                f"({', '.join(example.shipped_names())}); a file has one language",
                returncode=2,
            )
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
        name = f"{toc.key} ({language})" if shipped else toc.key
        self.stdout.write(
            f"{name}: {len(theory.elements)} elements, {len(theory.links)} links, "
            f"{len(theory.indicators)} indicators, {len(theory.observations)} observations"
        )
