from django.core.management.base import BaseCommand

from voorrang.snapshots import refresh


class Command(BaseCommand):
    help = (
        "Render the evaluation's indicators and the survey results again for today, in Dutch "
        "and English, when their records have changed, so the pages find them ready. The "
        "worker does this every minute; safe to run at the same time."
    )

    def handle(self, *args, **options) -> None:
        counts = refresh()
        self.stdout.write(f"{counts['rendered']} of {counts['sections']} section(s) rendered")
