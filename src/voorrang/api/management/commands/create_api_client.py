"""``voorrang manage create_api_client NAME --scope SCOPE [--scope ...] [--role ROLE]``: a new
client of the interfaces. The key is printed once, alone on the last line; only its hash is
kept."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from voorrang.api.models import CLIENT_ROLES
from voorrang.api.services import create_client
from voorrang.roles import Role


class Command(BaseCommand):
    help = "Create a client of the API with its scopes; prints its key once, on the last line."

    def add_arguments(self, parser) -> None:
        parser.add_argument("name", help="a short name, such as regional-platform")
        parser.add_argument(
            "--scope",
            action="append",
            default=[],
            help="a scope such as WRV.Publicaties.Read (repeat for more)",
        )
        parser.add_argument(
            "--role",
            default=Role.STAFF_ALLOCATION.value,
            choices=[value for value, _label in CLIENT_ROLES],
            help="the role the client acts in (default: staff-allocation)",
        )
        parser.add_argument("--organisation", default="", help="the organisation behind it")

    def handle(self, *args, name: str, scope: list[str], role: str, organisation: str, **options):
        try:
            new = create_client(
                actor=None, name=name, role=role, scopes=scope, organisation=organisation
            )
        except ValidationError as error:
            raise CommandError(
                "; ".join(
                    f"{field}: {' '.join(msgs)}" for field, msgs in error.message_dict.items()
                )
            ) from None
        self.stdout.write(
            f"Client {new.client.name} ({new.client.role}) with scopes: "
            f"{', '.join(new.client.scopes)}."
        )
        self.stdout.write("Its key, shown only now (send it as the header X-API-KEY):")
        self.stdout.write(new.key)
