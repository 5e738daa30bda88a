from django.core.management.base import BaseCommand

from voorrang.portal.services import erase_finished_registrations


class Command(BaseCommand):
    help = (
        "Erase the registration data of ended accounts that was kept for running allocations, "
        "once those allocations have ended (let or withdrawn). Run it daily; safe to run twice "
        "at once."
    )

    def handle(self, *args, **options) -> None:
        erased = erase_finished_registrations()
        self.stdout.write(f"registrations erased: {len(erased)}")
