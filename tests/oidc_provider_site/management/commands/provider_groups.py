"""Set a person's groups at the test provider: what the organisation changes in its directory."""

from __future__ import annotations

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("groups", nargs="*")

    def handle(self, *args, username: str, groups: list[str], **options) -> None:
        user = User.objects.get(username=username)
        user.groups.set(Group.objects.get_or_create(name=name)[0] for name in groups)
