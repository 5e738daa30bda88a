"""Writes on accounts."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from voorrang.accounts.roles import Role


@dataclass(frozen=True)
class AdministratorAccount:
    username: str
    # The generated password, only when the account was created by this call: it is shown
    # once and never stored in clear.
    password: str | None

    @property
    def created(self) -> bool:
        return self.password is not None


@transaction.atomic
def ensure_administrator(*, username: str) -> AdministratorAccount:
    """Create the superuser ``username`` in the admin group, unless it exists already.

    An existing account is left exactly as it is, its password included."""
    user_model = get_user_model()
    if user_model.objects.filter(username=username).exists():
        return AdministratorAccount(username=username, password=None)
    password = secrets.token_urlsafe(18)
    user = user_model.objects.create_superuser(username=username, email="", password=password)
    user.groups.add(Group.objects.get(name=Role.ADMIN))
    return AdministratorAccount(username=username, password=password)
