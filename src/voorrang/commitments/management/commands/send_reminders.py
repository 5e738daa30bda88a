import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandParser

from voorrang.commitments.services import send_reminders


class Command(BaseCommand):
    help = (
        "Start the follow-up of commitments whose tenant has moved in, then email the tenant "
        "and the coordinator about every check-in due within a week (or overdue). Each "
        "check-in is reminded once; safe to run daily, and twice at once."
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
        self.stdout.write(f"check-ins reminded: {send_reminders(today=today)}")
