"""``voorrang manage revoke_api_client NAME``: the client's key stops working at once."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from voorrang.api.models import ApiClient
from voorrang.api.services import revoke_client


class Command(BaseCommand):
    help = "Revoke the key of an API client."

    def add_arguments(self, parser) -> None:
        parser.add_argument("name")
        parser.add_argument("--reason", default="")

    def handle(self, *args, name: str, reason: str, **options):
        client = ApiClient.objects.filter(name=name).first()
        if client is None:
            raise CommandError(f"name: no API client is called {name!r}.")
        revoke_client(actor=None, client=client, reason=reason)
        self.stdout.write(f"The key of {name} is revoked.")
