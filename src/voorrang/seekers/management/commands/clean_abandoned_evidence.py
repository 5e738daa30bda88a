from django.core.management.base import BaseCommand

from voorrang.seekers.services import clean_abandoned_evidence


class Command(BaseCommand):
    help = (
        "Remove the income evidence of registrations that were started but never submitted, "
        "VOORRANG_ABANDONED_EVIDENCE_DAYS after the upload, and files in the evidence folder "
        "that no record refers to, a day after they were written. Run it daily; safe to run "
        "twice at once."
    )

    def handle(self, *args, **options) -> None:
        result = clean_abandoned_evidence()
        self.stdout.write(
            f"abandoned registrations: {result.abandoned} records, {result.files} files; "
            f"stray files: {result.strays}"
        )
