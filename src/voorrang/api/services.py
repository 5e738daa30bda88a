"""Creating and revoking API clients: each in one transaction, with its audit event."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from voorrang.api import scopes as scope_names
from voorrang.api.models import ACCOUNT_PREFIX, CLIENT_ROLES, ApiClient
from voorrang.audit.services import record

PREFIX_LENGTH = 12


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@dataclass(frozen=True)
class NewClient:
    client: ApiClient
    # Shown once, to whoever created the client; only its hash is kept.
    key: str


def _new_key() -> tuple[str, str]:
    while True:
        key = secrets.token_urlsafe(32)
        prefix = key[:PREFIX_LENGTH]
        if not ApiClient.objects.filter(key_prefix=prefix).exists():
            return key, prefix


@transaction.atomic
def create_client(
    *,
    actor: Any,
    name: str,
    role: str,
    scopes: list[str],
    organisation: str = "",
) -> NewClient:
    """A new client with a fresh key. Raises ValidationError naming the field at fault."""
    errors: dict[str, list[str]] = {}
    if not name or slugify(name) != name:
        errors["name"] = [
            _("Use lower-case letters, digits and hyphens only, such as 'regional-platform'.")
        ]
    elif ApiClient.objects.filter(name=name).exists():
        errors["name"] = [_("A client with this name already exists.")]
    roles = [value for value, _label in CLIENT_ROLES]
    if role not in roles:
        errors["role"] = [_("Choose one of: %(roles)s.") % {"roles": ", ".join(roles)}]
    if not scopes:
        errors["scope"] = [_("Give at least one scope.")]
    elif unknown := scope_names.unknown(scopes):
        errors["scope"] = [
            _("Unknown scope: %(scopes)s. Scopes look like WRV.Publicaties.Read.")
            % {"scopes": ", ".join(unknown)}
        ]
    if errors:
        raise ValidationError(errors)
    user_model = get_user_model()
    username = f"{ACCOUNT_PREFIX}{name}"
    if user_model.objects.filter(username=username).exists():
        raise ValidationError({"name": [_("An account with this name already exists.")]})
    user = user_model(username=username, first_name=organisation[:150] or name)
    user.set_unusable_password()
    user.save()
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    key, prefix = _new_key()
    client = ApiClient.objects.create(
        name=name,
        organisation=organisation,
        role=role,
        scopes=sorted(set(scopes)),
        key_prefix=prefix,
        key_hash=key_hash(key),
        user=user,
    )
    record(
        actor=actor,
        action="api.client_created",
        obj=client,
        summary=name,
        after={"role": role, "scopes": client.scopes, "organisation": organisation},
    )
    return NewClient(client=client, key=key)


@transaction.atomic
def revoke_client(*, actor: Any, client: ApiClient, reason: str = "") -> ApiClient:
    """The key stops working at once; the client and its history stay."""
    client = ApiClient.objects.select_for_update().get(pk=client.pk)
    if client.revoked_at is not None:
        return client
    client.revoked_at = timezone.now()
    client.save(update_fields=["revoked_at"])
    client.user.is_active = False
    client.user.save(update_fields=["is_active"])
    record(actor=actor, action="api.client_revoked", obj=client, summary=client.name, reason=reason)
    return client


def client_for_key(key: str) -> ApiClient | None:
    """The active client whose key this is, or None."""
    if len(key) < PREFIX_LENGTH:
        return None
    client = (
        ApiClient.objects.select_related("user")
        .filter(key_prefix=key[:PREFIX_LENGTH], revoked_at__isnull=True)
        .first()
    )
    if client is None or not hmac.compare_digest(client.key_hash, key_hash(key)):
        return None
    return client


def note_use(client: ApiClient) -> None:
    """When the client was last seen, at most once a minute (no audit: reading is not a change)."""
    now = timezone.now()
    if client.last_used_at is None or (now - client.last_used_at).total_seconds() > 60:
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        client.last_used_at = now
