"""A client of the interfaces, made through the service, with its key, for tests."""

from __future__ import annotations

from voorrang.api.services import create_client
from voorrang.roles import Role


def api_client(name: str, *scopes: str, role: str = Role.STAFF_ALLOCATION.value):
    """(client, key): a new client with these scopes."""
    new = create_client(actor=None, name=name, role=role, scopes=list(scopes))
    return new.client, new.key
