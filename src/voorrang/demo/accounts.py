"""An account for every role, so that each part of Voorrang can be shown and tried."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from voorrang.accounts.roles import Role
from voorrang.accounts.services import ensure_administrator

ADMIN_USERNAME = "admin"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    first_name: str
    last_name: str


# Two letting staff members, so that the two-person rule for registration dates can be shown.
STAFF_ACCOUNTS = (
    DemoAccount("staff-allocation", Role.STAFF_ALLOCATION, "Anouk", "Verhagen"),
    DemoAccount("staff-allocation-2", Role.STAFF_ALLOCATION, "Jeroen", "Bosman"),
    DemoAccount("staff-welfare", Role.STAFF_WELFARE, "Samira", "Ouali"),
    DemoAccount("policy", Role.POLICY, "Hans", "Wielinga"),
    DemoAccount("researcher", Role.RESEARCHER, "Priya", "Ramsaran"),
)
SEEKER_ACCOUNT = DemoAccount("seeker", Role.SEEKER, "", "")
ALL_USERNAMES = (
    ADMIN_USERNAME,
    *(a.username for a in STAFF_ACCOUNTS),
    SEEKER_ACCOUNT.username,
)


@dataclass(frozen=True)
class AccountResult:
    username: str
    role: str
    created: bool
    # The generated password of an account created now: shown once, never stored in clear.
    password: str | None


def _ensure(account: DemoAccount, password: str | None) -> AccountResult:
    user_model = get_user_model()
    user = user_model.objects.filter(username=account.username).first()
    if user is not None:
        if password is not None:
            user.set_password(password)
            user.save(update_fields=["password"])
        return AccountResult(account.username, account.role, created=False, password=None)
    generated = password is None
    chosen = secrets.token_urlsafe(18) if password is None else password
    user = user_model.objects.create_user(
        username=account.username,
        email=f"{account.username}@example.org",
        password=chosen,
        first_name=account.first_name,
        last_name=account.last_name,
    )
    user.groups.add(Group.objects.get_or_create(name=account.role)[0])
    return AccountResult(
        account.username, account.role, created=True, password=chosen if generated else None
    )


@transaction.atomic
def ensure_demo_accounts(*, password: str | None = None) -> list[AccountResult]:
    """The administrator and one account per role (two for letting staff). Existing accounts
    keep their password, unless ``password`` is given: then every demo account gets it."""
    results: list[AccountResult] = []
    admin = ensure_administrator(username=ADMIN_USERNAME)
    if password is not None:
        user = get_user_model().objects.get(username=ADMIN_USERNAME)
        user.set_password(password)
        user.save(update_fields=["password"])
    results.append(
        AccountResult(
            ADMIN_USERNAME,
            Role.ADMIN,
            created=admin.created,
            password=admin.password if password is None else None,
        )
    )
    for account in (*STAFF_ACCOUNTS, SEEKER_ACCOUNT):
        results.append(_ensure(account, password))
    return results


def demo_accounts_exist() -> bool:
    """Whether the demo made this database's accounts (its role accounts are there)."""
    return (
        get_user_model().objects.filter(username__in=[a.username for a in STAFF_ACCOUNTS]).exists()
    )


def letting_staff() -> list:
    """The letting staff accounts that act in the demo's history, in a fixed order."""
    names = [a.username for a in STAFF_ACCOUNTS if a.role == Role.STAFF_ALLOCATION]
    users = {u.username: u for u in get_user_model().objects.filter(username__in=names)}
    return [users[name] for name in names]
