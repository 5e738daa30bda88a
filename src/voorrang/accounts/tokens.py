"""The signed links in account emails: the one that confirms an address, and the invitation
to a new staff account. Like a password-reset link each is signed with the secret key and
expires (PASSWORD_RESET_TIMEOUT); each works once, because it stops matching when the account
becomes active."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.tokens import PasswordResetTokenGenerator


class EmailConfirmationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "voorrang.accounts.tokens.EmailConfirmationTokenGenerator"

    def _make_hash_value(self, user: Any, timestamp: int) -> str:
        return f"{user.pk}{user.is_active}{user.email}{user.password}{timestamp}"


email_confirmation_token = EmailConfirmationTokenGenerator()


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """The link in an invitation to a new staff account, with which the person chooses a
    password. Django's password-reset token with its own salt, so that neither link works as
    the other; it stops matching once a password is set or the account becomes active."""

    key_salt = "voorrang.accounts.tokens.InvitationTokenGenerator"

    def _make_hash_value(self, user: Any, timestamp: int) -> str:
        return f"{user.pk}{user.is_active}{user.email}{user.password}{timestamp}"


invitation_token = InvitationTokenGenerator()
