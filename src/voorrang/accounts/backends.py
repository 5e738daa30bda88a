"""The one authentication backend: Django's model backend, which loads an account's seeker
registration together with the account."""

from __future__ import annotations

import functools
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from voorrang import rows
from voorrang.accounts.roles import Role


@functools.cache
def _staff_role_sql() -> str:
    """Whether the account has any role but the seeker's (its groups, other than ``seeker``)."""
    from django.contrib.auth.models import Group

    membership = get_user_model().groups.through
    member = membership._meta.get_field("user").column
    group = membership._meta.get_field("group").column
    # Names from the models only; the role's name is a parameter of the statement.
    return (
        f"EXISTS (SELECT 1 FROM {rows.table(membership)} ug "  # noqa: S608
        f"JOIN {rows.table(Group)} g ON g.{Group._meta.pk.column} = ug.{group} "
        f"WHERE ug.{member} = u.{get_user_model()._meta.pk.column} AND g.name <> %s)"
    )


class AccountBackend(ModelBackend):
    """Every portal request needs the account and, for a seeker, the registration: one plain
    statement (the account joined to its one-to-one ``seeker``, ``voorrang.rows``) instead of
    two ORM queries. ``seekers.selectors.seeker_of`` reads the registration from the account."""

    def get_user(self, user_id: Any) -> Any:
        from voorrang.seekers.models import Seeker

        model = get_user_model()
        try:
            user_id = model._meta.pk.to_python(user_id)
        except Exception:  # a session with a key of another shape: no account
            return None
        account, registration = rows.columns(model, "u"), rows.columns(Seeker, "s")
        link = Seeker._meta.get_field("user").column
        key = model._meta.pk.column
        sql = (
            f"SELECT {account.sql}, {registration.sql}, {_staff_role_sql()} "  # noqa: S608
            f"FROM {rows.table(model)} u "
            f"LEFT JOIN {rows.table(Seeker)} s ON s.{link} = u.{key} WHERE u.{key} = %s"
        )
        row = rows.fetch_one(sql, [Role.SEEKER.value, user_id])
        if row is None:
            return None
        user = account.instance(row)
        seeker = registration.instance(row, account.width)
        # Whether the second factor applies (voorrang.accounts.second_factor), read in the
        # same statement: the portal's requests need no query of their own for it.
        user._voorrang_has_staff_role = bool(row[-1])
        # As select_related("seeker") leaves them: the registration (or its absence) cached on
        # the account, and the account on the registration.
        model.seeker.related.set_cached_value(user, seeker)
        if seeker is not None:
            Seeker.user.field.set_cached_value(seeker, user)
        return user if self.user_can_authenticate(user) else None
