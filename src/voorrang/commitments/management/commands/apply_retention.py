import sys
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from voorrang.commitments.selectors import retention_due
from voorrang.commitments.services import apply_retention


class Command(BaseCommand):
    help = (
        "Erase the intake notes, check-in answers in free text and other free text of the "
        "targeted track VOORRANG_RETENTION_MONTHS after a commitment ended (or an application "
        "was declined or withdrawn), and replace the seeker by a pseudonym. Dates, statuses, "
        "hours, scores and structured answers are kept for the evaluation. Run it daily."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="The day to count from (YYYY-MM-DD); default today.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would be erased."
        )

    def handle(self, *args, **options) -> None:
        today = None
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError:
                sys.stderr.write(f"--today: {options['today']!r} is not a date (YYYY-MM-DD)\n")
                sys.exit(2)
        months = settings.VOORRANG_RETENTION_MONTHS
        if options["dry_run"]:
            count = retention_due(today).count()
            self.stdout.write(f"applications to erase (after {months} months): {count}")
            return
        self.stdout.write(
            f"applications erased (after {months} months): {apply_retention(today=today)}"
        )
