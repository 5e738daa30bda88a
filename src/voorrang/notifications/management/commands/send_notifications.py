from django.core.management.base import BaseCommand

from voorrang.notifications.emails import send_pending


class Command(BaseCommand):
    help = (
        "Send the emails that wait in batches (positions after a ranking, a withdrawn "
        "vacancy). Run it every minute, like expire_offers; safe to run twice at once."
    )

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"emails sent: {send_pending()}")
