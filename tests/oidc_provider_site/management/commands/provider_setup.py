"""Prepare the test provider: a signing key, Voorrang's client (and another one), and the
people of the tests. Run again with more ``--redirect-uri`` to register more addresses."""

from __future__ import annotations

from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import BaseCommand
from oidc_provider.models import Client, ResponseType, RSAKey

from tests.oidc_provider_site.people import (
    CLIENT_ID,
    CLIENT_SECRET,
    OTHER_CLIENT_ID,
    PASSWORD,
    PEOPLE,
)


class Command(BaseCommand):
    def add_arguments(self, parser) -> None:
        parser.add_argument("--redirect-uri", action="append", default=[])

    def handle(self, *args, redirect_uri: list[str], **options) -> None:
        if not RSAKey.objects.exists():
            call_command("creatersakey")
        code = ResponseType.objects.get(value="code")
        for client_id, secret in ((CLIENT_ID, CLIENT_SECRET), (OTHER_CLIENT_ID, "other")):
            client, _ = Client.objects.get_or_create(
                client_id=client_id,
                defaults={
                    "name": client_id,
                    "client_type": "confidential",
                    "client_secret": secret,
                    "jwt_alg": "RS256",
                    "require_consent": False,
                    "reuse_consent": False,
                },
            )
            client.response_types.add(code)
            client.redirect_uris = sorted(set(client.redirect_uris) | set(redirect_uri))
            client.save()
        for username, (first, last, groups) in PEOPLE.items():
            if User.objects.filter(username=username).exists():
                continue
            user = User.objects.create_user(
                username,
                email=f"{username}@corporatie.example",
                password=PASSWORD,
                first_name=first,
                last_name=last,
            )
            user.groups.set(Group.objects.get_or_create(name=name)[0] for name in groups)
