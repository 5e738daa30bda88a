"""Print the SAML metadata of this installation as a DigiD service provider, for Logius."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from voorrang.accounts.digid import connection


class Command(BaseCommand):
    help = (
        "Print the signed SAML metadata of this installation as a DigiD service provider "
        "(VOORRANG_DIGID=real), to send to Logius when connecting."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.mode() != connection.REAL:
            raise CommandError("VOORRANG_DIGID is not 'real': there is no SAML connection.")
        self.stdout.write(connection.service_provider_metadata().decode())
