"""Errors of the application's services: a stable code, a message for people, and the field
it concerns when there is one. Views turn them into form errors, the CLI into exit code 2."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    code = "domain_error"

    def __init__(self, message: Any, *, field: str | None = None, code: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field
        if code is not None:
            self.code = code


class NotAllowed(DomainError):
    """The state machine or a rule of the scheme does not allow this now."""

    code = "not_allowed"


class InvalidChange(DomainError):
    """The request itself is wrong: a missing reason, a date out of range."""

    code = "invalid"
