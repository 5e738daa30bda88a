"""Domain errors of the rules engine."""

from __future__ import annotations


def one_line(text: str) -> str:
    """The text with every character that is not printable (line breaks, control and format
    characters, lone surrogates) written as its escape, so that it prints as one plain line."""
    if text.isprintable():
        return text
    return "".join(
        char if char.isprintable() else char.encode("unicode_escape").decode("ascii")
        for char in text
    )


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
        # Field names and values come from the input: a key with a line break or a bidi
        # control would otherwise break the one-line message or disguise it.
        field = one_line(field)
        problem = one_line(problem)
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}" if field else problem)


class UnknownPolicy(InvalidInput):
    code = "unknown_policy"
