"""The link in the email that confirms an address. Like a password-reset link it is signed
with the secret key and expires (PASSWORD_RESET_TIMEOUT); it works once, because it stops
matching when the account becomes active."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.tokens import PasswordResetTokenGenerator


class EmailConfirmationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "voorrang.accounts.tokens.EmailConfirmationTokenGenerator"

    def _make_hash_value(self, user: Any, timestamp: int) -> str:
        return f"{user.pk}{user.is_active}{user.email}{user.password}{timestamp}"


email_confirmation_token = EmailConfirmationTokenGenerator()
