from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from voorrang.portal.readability import PACKAGE, read_catalogue, report


class Command(BaseCommand):
    help = (
        "Report how easy the seekers' texts (portal, targeted track, account pages, emails, "
        "public pages) are to read in Dutch: per file the sentences, words per sentence, "
        "syllables per word and the Flesch-Douma score, then the hardest sentences to rewrite. "
        "Reads the Dutch catalogue; needs no database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--catalogue",
            type=Path,
            default=PACKAGE / "locale" / "nl" / "LC_MESSAGES" / "django.po",
            help="The .po file to read (default: the Dutch catalogue).",
        )
        parser.add_argument(
            "--top", type=int, default=5, help="How many hardest sentences to show (default 5)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        catalogue: Path = options["catalogue"]
        if not catalogue.is_file():
            raise CommandError(f"No catalogue at {catalogue}")
        result = report(read_catalogue(catalogue), top=options["top"])
        width = max((len(name) for name in result.files), default=4)
        self.stdout.write(
            f"{'file':<{width}}  sentences  words/sentence  syllables/word  Flesch-Douma"
        )
        for name, tally in result.files.items():
            self.stdout.write(
                f"{name:<{width}}  {tally.sentences:>9}  {tally.words_per_sentence:>14.1f}"
                f"  {tally.syllables_per_word:>14.2f}  {tally.score:>12.1f}"
            )
        overall = result.overall
        self.stdout.write(
            f"{'overall':<{width}}  {overall.sentences:>9}  {overall.words_per_sentence:>14.1f}"
            f"  {overall.syllables_per_word:>14.2f}  {overall.score:>12.1f}"
        )
        self.stdout.write("")
        self.stdout.write(f"The {len(result.hardest)} hardest sentences (lowest score first):")
        for number, sentence in enumerate(result.hardest, start=1):
            self.stdout.write(
                f"{number}. [{sentence.score:.1f}, {sentence.words} words] {sentence.where}\n"
                f"   {sentence.text}\n"
                f"   msgid: {sentence.msgid}"
            )
