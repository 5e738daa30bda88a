"""Reads of DigiD: which account a DigiD belongs to, and which accounts may have one."""

from __future__ import annotations

from typing import Any

from voorrang.accounts.models import DigidIdentity
from voorrang.accounts.roles import Role


def may_use_digid(account: Any) -> bool:
    """Only seeker accounts log in with DigiD. Staff accounts log in with their password
    (and second factor): a DigiD must never open the corporation's pages."""
    if account.is_staff or account.is_superuser:
        return False
    return not account.groups.exclude(name=Role.SEEKER).exists()


def account_for_digid(bsn_digest: str) -> Any | None:
    """The active seeker account linked to this BSN hash, if any."""
    identity = DigidIdentity.objects.select_related("account").filter(bsn_digest=bsn_digest)
    found = identity.first()
    if found is None:
        return None
    account = found.account
    return account if account.is_active and may_use_digid(account) else None


def has_digid(account: Any) -> bool:
    return DigidIdentity.objects.filter(account=account).exists()
