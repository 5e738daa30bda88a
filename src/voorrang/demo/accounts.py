"""An account for every role, so that each part of Voorrang can be shown and tried; each
staff account with a second factor ready (its key and a few recovery codes are printed)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from voorrang.accounts.roles import Role
from voorrang.accounts.second_factor import confirmed_totp_device
from voorrang.accounts.services import (
    IssuedSecondFactor,
    ensure_administrator,
    issue_second_factor,
)

ADMIN_USERNAME = "admin"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    first_name: str
    last_name: str


# Two letting staff members, so that the two-person rule for registration dates can be shown;
# two coordinators, so that an objection to one's decline is decided by the other.
STAFF_ACCOUNTS = (
    DemoAccount("staff-allocation", Role.STAFF_ALLOCATION, "Anouk", "Verhagen"),
    DemoAccount("staff-allocation-2", Role.STAFF_ALLOCATION, "Jeroen", "Bosman"),
    DemoAccount("staff-welfare", Role.STAFF_WELFARE, "Samira", "Ouali"),
    DemoAccount("staff-welfare-2", Role.STAFF_WELFARE, "Daan", "Kuipers"),
    DemoAccount("policy", Role.POLICY, "Hans", "Wielinga"),
    DemoAccount("researcher", Role.RESEARCHER, "Priya", "Ramsaran"),
)
SEEKER_ACCOUNT = DemoAccount("seeker", Role.SEEKER, "", "")
# A household that was let a home: its pages show the registration that ended with it. And the
# household that responded most: its responses page has pages and filters to try.
HOUSED_SEEKER_ACCOUNT = DemoAccount("seeker-housed", Role.SEEKER, "", "")
BUSY_SEEKER_ACCOUNT = DemoAccount("seeker-many-responses", Role.SEEKER, "", "")
# A tenant of the targeted track who asked to end the account: staff's screen of requests to
# end an account shows what is kept of it, why and until when (demo.account_end).
LEAVING_SEEKER_ACCOUNT = DemoAccount("seeker-leaving", Role.SEEKER, "", "")
SEEKER_ACCOUNTS = (
    SEEKER_ACCOUNT,
    HOUSED_SEEKER_ACCOUNT,
    BUSY_SEEKER_ACCOUNT,
    LEAVING_SEEKER_ACCOUNT,
)
ALL_USERNAMES = (
    ADMIN_USERNAME,
    *(a.username for a in STAFF_ACCOUNTS),
    *(a.username for a in SEEKER_ACCOUNTS),
)


@dataclass(frozen=True)
class AccountResult:
    username: str
    role: str
    created: bool
    # The generated password of an account created now: shown once, never stored in clear.
    password: str | None
    # A staff account's second factor issued now (key, app link, recovery codes): shown once.
    second_factor: IssuedSecondFactor | None = None


# Recovery codes printed for each demo staff account: the simplest way in without an app.
DEMO_RECOVERY_CODES = 5


def training_key(password: str) -> str:
    """With --demo-password, every staff account's authenticator key follows from it: the same
    at every run with that password, so that a training group adds the key to their app once.
    As public as the password itself, and for the demo only."""
    # 20 bytes, the key length authenticator apps expect for their (SHA-1) codes.
    digest = hashlib.sha256(b"voorrang demo second factor\0" + password.encode()).digest()
    return digest[:20].hex()


def _second_factor(user, role: str, password: str | None) -> IssuedSecondFactor | None:
    """A staff account's second factor: issued when the account has none, and again (with
    the training key) for --demo-password; an existing key is otherwise left alone."""
    if role == Role.SEEKER:
        return None
    if password is None and confirmed_totp_device(user) is not None:
        return None
    return issue_second_factor(
        user=user,
        key_hex=training_key(password) if password is not None else None,
        recovery_code_count=DEMO_RECOVERY_CODES,
    )


def _ensure(account: DemoAccount, password: str | None) -> AccountResult:
    user_model = get_user_model()
    user = user_model.objects.filter(username=account.username).first()
    if user is not None:
        if password is not None:
            user.set_password(password)
            user.save(update_fields=["password"])
        return AccountResult(
            account.username,
            account.role,
            created=False,
            password=None,
            second_factor=_second_factor(user, account.role, password),
        )
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
        account.username,
        account.role,
        created=True,
        password=chosen if generated else None,
        second_factor=_second_factor(user, account.role, password),
    )


@transaction.atomic
def ensure_demo_accounts(*, password: str | None = None) -> list[AccountResult]:
    """The administrator and one account per role (two for letting staff). Existing accounts
    keep their password, unless ``password`` is given: then every demo account gets it."""
    results: list[AccountResult] = []
    admin = ensure_administrator(username=ADMIN_USERNAME)
    user = get_user_model().objects.get(username=ADMIN_USERNAME)
    if password is not None:
        user.set_password(password)
        user.save(update_fields=["password"])
    results.append(
        AccountResult(
            ADMIN_USERNAME,
            Role.ADMIN,
            created=admin.created,
            password=admin.password if password is None else None,
            second_factor=_second_factor(user, Role.ADMIN, password),
        )
    )
    for account in (*STAFF_ACCOUNTS, *SEEKER_ACCOUNTS):
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
