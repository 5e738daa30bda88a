from django.core.management.base import BaseCommand, CommandError, CommandParser

from voorrang.files.services import KINDS, copy_files


class Command(BaseCommand):
    help = (
        "Copy the application's files (income evidence, results of jobs, reports, urgency "
        "documents) from the data folder "
        "to the database (--to database) or back (--to local). Files the target has already "
        "are left as they are; the source is not changed. Then set VOORRANG_FILE_STORAGE to "
        "the target and restart the servers and the worker (docs/deployment.md, Files)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--to", required=True, choices=KINDS, help="where the files go")

    def handle(self, *args: object, **options: object) -> None:
        result = copy_files(to=str(options["to"]))
        self.stdout.write(
            f"copied: {result.copied}; already there: {result.present}; "
            f"there with another size (left, check them): {len(result.differing)}"
        )
        for name in result.differing:
            self.stdout.write(f"  {name}")
        if result.differing:
            raise CommandError("some files differ between the two storages; see above")
