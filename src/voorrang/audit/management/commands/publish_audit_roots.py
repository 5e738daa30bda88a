from django.core.management.base import BaseCommand

from voorrang.audit.services import publish_daily_roots


class Command(BaseCommand):
    help = (
        "Publish the daily root hash of the audit trail (the hash of each finished day's last "
        "event, Europe/Amsterdam) on the results page. Run it daily after midnight; safe to "
        "run twice at once."
    )

    def handle(self, *args, **options) -> None:
        roots = publish_daily_roots()
        for root in roots:
            self.stdout.write(f"{root.day.isoformat()} {root.hash} (place {root.sequence})")
        self.stdout.write(f"{len(roots)} daily root(s) published")
