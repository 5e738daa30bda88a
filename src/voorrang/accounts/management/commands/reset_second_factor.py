from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from voorrang.accounts.services import reset_second_factor


class Command(BaseCommand):
    help = (
        "Reset the second factor of a staff account: its authenticator key and recovery codes "
        "are removed, and the person sets up a new key at their next log-in. Recorded in the "
        "audit trail as a reset on the command line."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("username", help="the user name of the account")
        parser.add_argument("--reason", default="", help="why, for the audit trail")

    def handle(self, *args, **options) -> None:
        username = options["username"]
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no account with the user name {username!r}")
        removed = reset_second_factor(user=user, actor=None, reason=options["reason"])
        self.stdout.write(
            f"The second factor of {username} was reset ({removed} devices removed); "
            "they set up a new one at their next log-in."
        )
