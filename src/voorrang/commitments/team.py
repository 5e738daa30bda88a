"""Writes on a welfare organisation's team of coordinators: add someone by email address (an
existing account, or a new one with an invitation to choose a password), send the invitation
again, remove someone. Each runs in one transaction, checks its rules and records audit events
with ids and statuses only.

A removed membership is deleted: the organisation's audit trail keeps who was added and
removed, by whom and when."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from voorrang.accounts.roles import Role
from voorrang.accounts.services import invitation_pending, normalise_email
from voorrang.audit.services import record
from voorrang.commitments import emails
from voorrang.commitments.models import CoordinatorMembership, WelfareOrganisation
from voorrang.errors import InvalidChange, NotAllowed
from voorrang.person_names import clean_name
from voorrang.seekers.models import Seeker

# The longest address that fits an account name (a new account's name is its address).
MAX_EMAIL_LENGTH = 150


@dataclass(frozen=True)
class Added:
    user: Any
    created: bool  # a new account was made for the address
    invited: bool  # an invitation to choose a password was sent


@dataclass(frozen=True)
class Removed:
    user: Any
    kept_role: bool  # still a coordinator of another organisation


def _locked(organisation: WelfareOrganisation) -> WelfareOrganisation:
    # One change to a team at a time: two coordinators removing each other at the same
    # moment must not leave the organisation without one.
    return WelfareOrganisation.objects.select_for_update().get(pk=organisation.pk)


def _welfare_group() -> Group:
    return Group.objects.get_or_create(name=Role.STAFF_WELFARE.value)[0]


def _is_seeker(user: Any) -> bool:
    return (
        user.groups.filter(name=Role.SEEKER.value).exists()
        or Seeker.objects.filter(user=user).exists()
    )


def _cannot_add() -> InvalidChange:
    # The same words whatever the reason, so that nothing is learnt about the address.
    return InvalidChange(
        _(
            "This email address cannot be added to the team. Use another address, or ask the "
            "application manager."
        ),
        field="email",
        code="cannot_add",
    )


def _new_account(email: str, first_name: str, last_name: str) -> Any:
    user = get_user_model()(
        username=email,
        email=email,
        first_name=first_name[:150],
        last_name=last_name[:150],
        is_active=False,
    )
    user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise NotAllowed(
            _("Someone added this email address a moment ago. Look at the team and try again."),
            field="email",
            code="account_race",
        ) from None
    return user


@transaction.atomic
def add_coordinator_by_email(
    *,
    actor: Any,
    organisation: WelfareOrganisation,
    email: str,
    first_name: str = "",
    last_name: str = "",
) -> Added:
    """Make the account with ``email`` a coordinator of ``organisation``. An account that
    exists is put in the staff-welfare group; for an address without one, an inactive account
    is made and an invitation to choose a password is sent. A seeker's account is refused,
    with the same message as any address that cannot be added."""
    email = normalise_email(email or "")
    if not email:
        raise InvalidChange(_("Fill in the email address."), field="email")
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidChange(_("Enter a valid email address."), field="email") from None
    if len(email) > MAX_EMAIL_LENGTH:
        raise InvalidChange(
            _("The email address can have at most %(max)s characters.") % {"max": MAX_EMAIL_LENGTH},
            field="email",
        )
    organisation = _locked(organisation)
    matches = list(
        get_user_model().objects.filter(Q(email__iexact=email) | Q(username__iexact=email))[:2]
    )
    group = _welfare_group()
    if not matches:
        user = _new_account(email, clean_name(first_name or ""), clean_name(last_name or ""))
        user.groups.add(group)
        created = True
        record(
            actor=actor,
            action="account.created",
            obj=user,
            after={"active": False, "groups": [Role.STAFF_WELFARE.value]},
        )
    elif len(matches) > 1 or _is_seeker(matches[0]):
        raise _cannot_add()
    else:
        user, created = matches[0], False
        if CoordinatorMembership.objects.filter(organisation=organisation, user=user).exists():
            raise InvalidChange(
                _("This person is in the team already."), field="email", code="in_team"
            )
        if not user.groups.filter(pk=group.pk).exists():
            user.groups.add(group)
            record(
                actor=actor,
                action="account.role_added",
                obj=user,
                after={"role": Role.STAFF_WELFARE.value},
            )
    CoordinatorMembership.objects.create(
        organisation=organisation, user=user, since=timezone.localdate()
    )
    invited = invitation_pending(user)
    if invited:
        emails.coordinator_invitation(user, organisation)
    record(
        actor=actor,
        action="welfare.coordinator_added",
        obj=organisation,
        after={
            "user": user.pk,
            "account": "created" if created else "existing",
            "invited": invited,
        },
    )
    return Added(user=user, created=created, invited=invited)


def _membership(organisation: WelfareOrganisation, user: Any) -> CoordinatorMembership:
    membership = CoordinatorMembership.objects.filter(organisation=organisation, user=user).first()
    if membership is None:
        raise NotAllowed(_("This person is not in the team."), code="not_in_team")
    return membership


@transaction.atomic
def send_invitation_again(*, actor: Any, organisation: WelfareOrganisation, user: Any) -> None:
    """A new link for a coordinator who has not chosen a password yet (the first one may
    have expired or been lost)."""
    organisation = _locked(organisation)
    _membership(organisation, user)
    user = get_user_model().objects.get(pk=user.pk)
    if not invitation_pending(user):
        raise NotAllowed(
            _("This person has chosen a password already. They can log in."),
            code="not_invited",
        )
    emails.coordinator_invitation(user, organisation)
    record(
        actor=actor,
        action="welfare.coordinator_invited",
        obj=organisation,
        after={"user": user.pk},
    )


@transaction.atomic
def remove_coordinator(*, actor: Any, organisation: WelfareOrganisation, user: Any) -> Removed:
    """End ``user``'s membership of ``organisation``. Refused when no other coordinator with
    an active account would remain. Without another membership, the account leaves the
    staff-welfare group, and an invitation it has not used stops working."""
    organisation = _locked(organisation)
    membership = _membership(organisation, user)
    others = CoordinatorMembership.objects.filter(
        organisation=organisation, user__is_active=True
    ).exclude(user=user)
    if not others.exists():
        raise NotAllowed(
            _(
                "An organisation must keep at least one coordinator with an active account. "
                "Add another coordinator first, and wait until they have chosen their password."
            ),
            code="last_coordinator",
        )
    since = membership.since
    membership.delete()
    user = get_user_model().objects.get(pk=user.pk)
    kept_role = CoordinatorMembership.objects.filter(user=user).exists()
    if not kept_role:
        user.groups.remove(_welfare_group())
        record(
            actor=actor,
            action="account.role_removed",
            obj=user,
            before={"role": Role.STAFF_WELFARE.value},
        )
        if invitation_pending(user):
            # A new unusable password: the links already sent no longer match.
            user.set_unusable_password()
            user.save(update_fields=["password"])
    record(
        actor=actor,
        action="welfare.coordinator_removed",
        obj=organisation,
        before={"user": user.pk, "since": since.isoformat() if since else None},
        after={"user": user.pk, "staff_welfare": kept_role},
    )
    return Removed(user=user, kept_role=kept_role)
