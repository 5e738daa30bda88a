from django.core.management.base import BaseCommand

from voorrang.allocation.services import expire_due_offers


class Command(BaseCommand):
    help = (
        "Expire open offers past their deadline and offer each home to the next candidate. "
        "Safe to run every minute."
    )

    def handle(self, *args, **options) -> None:
        count = expire_due_offers()
        self.stdout.write(f"expired offers: {count}")
