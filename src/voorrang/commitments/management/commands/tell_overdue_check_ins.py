import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandParser

from voorrang.commitments.services import tell_overdue_check_ins


class Command(BaseCommand):
    help = (
        "Email each coordinator one digest of the check-ins that are past their date and "
        "unanswered, and not told before. Each check-in is told once; safe to run daily."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="The day to count from (YYYY-MM-DD); default today.")

    def handle(self, *args, **options) -> None:
        today = None
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError:
                sys.stderr.write(f"--today: {options['today']!r} is not a date (YYYY-MM-DD)\n")
                sys.exit(2)
        counts = tell_overdue_check_ins(today=today)
        self.stdout.write(f"digests sent: {counts['digests']}, check-ins told: {counts['told']}")
