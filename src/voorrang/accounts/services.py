"""Writes on accounts: the administrator, sign-up and email confirmation, the acceptance
of an invitation to a staff account, and the account of a single sign-on log-in."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from voorrang.accounts.models import SingleSignOnIdentity
from voorrang.accounts.roles import MAPPABLE_ROLES, Role
from voorrang.accounts.tokens import email_confirmation_token, invitation_token
from voorrang.audit.services import record
from voorrang.errors import NotAllowed


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


def normalise_email(email: str) -> str:
    return email.strip().lower()


def _send(template: str, *, to: str, context: dict[str, Any]) -> None:
    subject = render_to_string(f"accounts/email/{template}_subject.txt", context).strip()
    body = render_to_string(f"accounts/email/{template}.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])


def confirmation_path(user: Any) -> str:
    from django.urls import reverse

    return reverse(
        "accounts:confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": email_confirmation_token.make_token(user),
        },
    )


def sign_up(*, email: str, password: str, base_url: str) -> None:
    """Create an inactive seeker account and send the link that confirms the address.

    Whether the address has an account already cannot be learnt from the answer: the caller
    shows the same page either way, the password is hashed either way, and an email goes to
    the address either way (to an existing account: a note that it exists, with the links to
    log in and to reset the password; to an unconfirmed one: a new confirmation link)."""
    email = normalise_email(email)
    user_model = get_user_model()
    encoded = make_password(password)
    created = None
    try:
        with transaction.atomic():
            if not user_model.objects.filter(username__iexact=email).exists() and (
                not user_model.objects.filter(email__iexact=email).exists()
            ):
                created = user_model.objects.create(
                    username=email, email=email, password=encoded, is_active=False
                )
                created.groups.add(Group.objects.get_or_create(name=Role.SEEKER)[0])
                record(
                    actor=None,
                    action="account.created",
                    obj=created,
                    after={"active": False, "groups": [Role.SEEKER.value]},
                )
    except IntegrityError:
        created = None  # someone signed up with this address a moment ago
    if created is not None:
        context = {"link": base_url + confirmation_path(created), "days": _link_days()}
        transaction.on_commit(lambda: _send("confirm", to=email, context=context))
        return
    existing = (
        user_model.objects.filter(username__iexact=email).first()
        or user_model.objects.filter(email__iexact=email).first()
    )
    if existing is not None and not existing.is_active:
        context = {"link": base_url + confirmation_path(existing), "days": _link_days()}
        transaction.on_commit(lambda: _send("confirm", to=email, context=context))
    else:
        context = {"base_url": base_url}
        transaction.on_commit(lambda: _send("account_exists", to=email, context=context))


def link_days() -> int:
    """How long the links in account emails work, in whole days."""
    return _link_days()


def _link_days() -> int:
    return settings.PASSWORD_RESET_TIMEOUT // (24 * 3600)


@transaction.atomic
def confirm_email(*, user: Any) -> Any:
    """Make the account active once its address is confirmed."""
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    if user.is_active:
        return user
    user.is_active = True
    user.save(update_fields=["is_active"])
    record(
        actor=user,
        action="account.email_confirmed",
        obj=user,
        before={"active": False},
        after={"active": True},
    )
    return user


# --- Invitations -------------------------------------------------------------------------------
# An account made for someone else (a coordinator added by their organisation) is inactive and
# has no password until its person follows the invitation's link and chooses one.


def invitation_pending(user: Any) -> bool:
    """The account waits for its person to choose a password: it never had one and was
    never used."""
    return not user.has_usable_password() and user.last_login is None


def invitation_path(user: Any) -> str:
    """The path of the link with which the person of ``user`` chooses a password. Make it
    after the account's last change: the link stops matching when the account changes."""
    from django.urls import reverse

    return reverse(
        "accounts:accept_invitation",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": invitation_token.make_token(user),
        },
    )


@transaction.atomic
def accept_invitation(*, user: Any, password: str) -> Any:
    """Set the chosen password (already checked by the form's validators) and make the
    account active."""
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    if not invitation_pending(user):
        raise NotAllowed(_("This invitation was used already."), code="invitation_used")
    was_active = user.is_active
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    record(
        actor=user,
        action="account.invitation_accepted",
        obj=user,
        before={"active": was_active},
        after={"active": True},
    )
    return user


# --- Single sign-on ----------------------------------------------------------------------------
# A member of staff who logs in through the organisation's OpenID Connect provider has an
# account of their own, found by the provider's subject. Its roles are exactly those that
# Voorrang's role map gives the provider's claim, set again at every such log-in.


def _single_sign_on_username(issuer: str, subject: str) -> str:
    # Not the email address or the provider's user name: either may be another account's name
    # already (a seeker's account is named after their address), and neither is unique for
    # ever at the provider.
    digest = hashlib.sha256(f"{issuer}\0{subject}".encode()).hexdigest()
    return f"sso-{digest[:24]}"


def _role_names(user: Any) -> list[str]:
    roles = {role.value for role in Role}
    return sorted(name for name in user.groups.values_list("name", flat=True) if name in roles)


def _role_groups(names: Any) -> list[Group]:
    # Each role's group, made if it is missing (as every service that gives a role does): a
    # role the map gives must never be dropped quietly for want of its group.
    return [Group.objects.get_or_create(name=name)[0] for name in sorted(names)]


def _single_sign_on_account(
    issuer: str, subject: str, email: str, first_name: str, last_name: str
) -> Any | None:
    """A new account for the person, or None when one was made for them meanwhile."""
    user = get_user_model()(
        username=_single_sign_on_username(issuer, subject),
        email=normalise_email(email)[:254],
        first_name=first_name[:150],
        last_name=last_name[:150],
    )
    user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
            SingleSignOnIdentity.objects.create(user=user, issuer=issuer, subject=subject)
    except IntegrityError:
        return None
    return user


@transaction.atomic
def sign_in_through_organisation(
    *,
    issuer: str,
    subject: str,
    roles: frozenset[Role],
    email: str = "",
    first_name: str = "",
    last_name: str = "",
) -> Any | None:
    """The account of the provider's person ``subject``, with its roles set to ``roles``.

    A person seen for the first time gets a new account without a password, but only when
    ``roles`` is not empty: without a role, nothing is created and None is returned. An
    existing account keeps no role that ``roles`` lacks (also when that leaves it none: the
    caller then refuses the log-in). Each change of roles is an audit event."""
    unmappable = set(roles) - MAPPABLE_ROLES
    if unmappable:
        raise NotAllowed(
            f"the provider may not give {sorted(unmappable)}", code="role_not_mappable"
        )
    wanted = sorted(role.value for role in roles)
    identity = (
        SingleSignOnIdentity.objects.select_for_update()
        .select_related("user")
        .filter(issuer=issuer, subject=subject)
        .first()
    )
    if identity is None:
        if not roles:
            return None
        user = _single_sign_on_account(issuer, subject, email, first_name, last_name)
        if user is not None:
            user.groups.set(_role_groups(wanted))
            record(
                actor=None,
                action="account.created",
                obj=user,
                summary="single sign-on",
                after={"active": True, "groups": wanted, "single_sign_on": issuer},
            )
            return user
        # The same person's first log-in in another tab made the account a moment ago.
        identity = SingleSignOnIdentity.objects.get(issuer=issuer, subject=subject)
    user = get_user_model().objects.select_for_update().get(pk=identity.user_id)
    held = _role_names(user)
    if held != wanted:
        user.groups.remove(*Group.objects.filter(name__in=set(held) - set(wanted)))
        user.groups.add(*_role_groups(set(wanted) - set(held)))
        record(
            actor=None,
            action="account.roles_synced",
            obj=user,
            summary="single sign-on",
            before={"groups": held},
            after={"groups": wanted},
        )
    details = {
        "email": normalise_email(email)[:254],
        "first_name": first_name[:150],
        "last_name": last_name[:150],
    }
    changed = [field for field, value in details.items() if getattr(user, field) != value]
    if changed:
        for field in changed:
            setattr(user, field, details[field])
        user.save(update_fields=changed)
        record(
            actor=None,
            action="account.details_synced",
            obj=user,
            summary="single sign-on",
            after={"fields": changed},
        )
    return user


# --- The second factor of staff accounts ----------------------------------------------------
# (voorrang.accounts.second_factor reads; these write, each with its audit event.)


@transaction.atomic
def start_second_factor_setup(*, user: Any) -> Any:
    """The authenticator key a staff member is setting up: the one waiting for its first
    code, or a new one. It counts only once confirmed with a code
    (``confirm_second_factor``)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from voorrang.accounts.second_factor import confirmed_totp_device, unconfirmed_totp_device

    get_user_model().objects.select_for_update().get(pk=user.pk)
    if confirmed_totp_device(user) is not None:
        raise NotAllowed(
            _("This account has a second factor already."), code="second_factor_exists"
        )
    device = unconfirmed_totp_device(user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


def _new_recovery_codes(user: Any, count: int) -> list[str]:
    """Replace the account's recovery codes by ``count`` new ones (the old ones stop working)."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(count)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def confirm_second_factor(*, user: Any, device: Any) -> list[str]:
    """The first right code from the app confirms its key; the account gets its recovery
    codes, returned here to be shown once. (django-otp keeps the key and the codes as they
    are in the database, as it must to check a time-based code: its backups are secret.)"""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from voorrang.accounts.second_factor import RECOVERY_CODE_COUNT

    get_user_model().objects.select_for_update().get(pk=user.pk)
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
    if device.confirmed:
        raise NotAllowed(_("This key is confirmed already."), code="second_factor_exists")
    # One authenticator per account: keys begun earlier and never confirmed go.
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user, RECOVERY_CODE_COUNT)
    record(
        actor=user,
        action="account.second_factor_set_up",
        obj=user,
        after={"second_factor": "totp", "recovery_codes": len(codes)},
    )
    return codes


@transaction.atomic
def renew_recovery_codes(*, user: Any) -> list[str]:
    """New recovery codes, asked for by the staff member (the old ones stop working)."""
    from voorrang.accounts.second_factor import (
        RECOVERY_CODE_COUNT,
        confirmed_totp_device,
        remaining_recovery_codes,
    )

    get_user_model().objects.select_for_update().get(pk=user.pk)
    if confirmed_totp_device(user) is None:
        raise NotAllowed(_("Set up the second factor first."), code="second_factor_missing")
    before = remaining_recovery_codes(user)
    codes = _new_recovery_codes(user, RECOVERY_CODE_COUNT)
    record(
        actor=user,
        action="account.recovery_codes_renewed",
        obj=user,
        before={"recovery_codes": before},
        after={"recovery_codes": len(codes)},
    )
    return codes


@transaction.atomic
def reset_second_factor(*, user: Any, actor: Any, reason: str = "") -> int:
    """Remove every second-factor device of ``user`` (their key and recovery codes): at the
    next page they are asked to set one up anew, and a session verified with the old key is
    no longer verified. Only the application manager may do this; ``actor`` None is the
    command line, run by whoever manages the server. Returns how many devices went."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if actor is not None and not (
        actor.is_active and actor.groups.filter(name=Role.ADMIN.value).exists()
    ):
        raise NotAllowed(
            _("Only the application manager can reset a second factor."),
            code="not_application_manager",
        )
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        devices = model.objects.filter(user=user)
        removed += devices.count()
        devices.delete()
    record(
        actor=actor,
        action="account.second_factor_reset",
        obj=user,
        summary=(
            f"reset by {actor.get_username()}" if actor is not None else "reset on the command line"
        ),
        reason=reason,
        before={"devices": removed},
        after={"devices": 0},
    )
    return removed


@dataclass(frozen=True)
class IssuedSecondFactor:
    """What a person needs to log in with an issued second factor: shown once."""

    key: str  # base32, as authenticator apps take it
    otpauth_uri: str
    recovery_codes: tuple[str, ...]


@transaction.atomic
def issue_second_factor(
    *, user: Any, key_hex: str | None = None, recovery_code_count: int
) -> IssuedSecondFactor:
    """Give ``user`` a confirmed authenticator key (``key_hex``, or a new random one) and new
    recovery codes, replacing any they had. For accounts made on the command line (the demo),
    where the person cannot scan a QR code at set-up."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from voorrang.accounts.second_factor import base32_key, otpauth_uri

    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice(user=user, name="authenticator", confirmed=True)
    if key_hex is not None:
        device.key = key_hex
    device.save()
    codes = _new_recovery_codes(user, recovery_code_count)
    record(
        actor=None,
        action="account.second_factor_issued",
        obj=user,
        after={"second_factor": "totp", "recovery_codes": len(codes)},
    )
    return IssuedSecondFactor(
        key=base32_key(device), otpauth_uri=otpauth_uri(device), recovery_codes=tuple(codes)
    )


# --- Roles given in the administration ---------------------------------------------------------
# The separation rules (voorrang.web.access.may_read) follow a person's roles, so whoever can
# give roles could read what a role reads. The administration therefore never lets an account
# change its own roles or powers (a superuser cannot make itself a welfare coordinator), and every
# change of another account's roles or powers is an audit event.

POWER_FIELDS = ("groups", "is_superuser", "is_staff", "is_active", "user_permissions")


def powers_of(user: Any) -> dict[str, Any]:
    """What an account may do, as the audit trail records it: its roles and its flags."""
    return {
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "is_superuser": user.is_superuser,
        "is_staff": user.is_staff,
        "is_active": user.is_active,
        "permissions": sorted(
            f"{app}.{code}"
            for app, code in user.user_permissions.values_list(
                "content_type__app_label", "codename"
            )
        ),
    }


@transaction.atomic
def record_powers_changed(*, actor: Any, user: Any, before: dict[str, Any]) -> bool:
    """Record that ``actor`` changed the roles or flags of ``user`` from ``before`` to what they
    are now; refused when ``actor`` is ``user`` (nobody gives themselves a role). Returns
    whether anything changed."""
    after = powers_of(user)
    if after == before:
        return False
    if getattr(actor, "pk", None) == user.pk:
        raise NotAllowed(
            _("Nobody may change their own roles or powers; ask another application manager."),
            code="own_powers",
        )
    record(
        actor=actor,
        action="account.powers_changed",
        obj=user,
        summary=user.get_username(),
        before=before,
        after=after,
    )
    return True
