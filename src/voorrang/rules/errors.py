"""Domain errors of the rules engine."""

from __future__ import annotations


class RulesError(Exception):
    """A domain error: a stable ``code`` for machines and a message for humans."""

    code = "rules_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(RulesError):
    """Input that the rules cannot be applied to. ``field`` is a path such as
    ``candidates[3].income``; the message names the field and the problem on one line."""

    code = "invalid_input"

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}" if field else problem)


class UnknownPolicy(InvalidInput):
    code = "unknown_policy"
