"""Accounts of the roles, that can log in with a known password."""

from __future__ import annotations

from tests.factories import UserFactory

PASSWORD = "correct horse battery"


def account(username: str, *groups: str, superuser: bool = False):
    """A user in ``groups`` who can log in with PASSWORD. (The factory sets the password after
    the row is written, without saving it again: save here, so logging in works.)"""
    user = UserFactory(username=username, groups=list(groups))
    user.set_password(PASSWORD)
    user.is_superuser = superuser
    user.save()
    return user
