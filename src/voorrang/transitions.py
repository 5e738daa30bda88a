"""One way to change a status: the declared table of allowed changes decides, and a refused change
says in the reader's language what the thing is now and what it cannot become.

Each state machine is declared once, beside its table (``allocation.states.VACANCY_MACHINE``,
``commitments.states.APPLICATION_MACHINE``, ...), and every service moves its objects through it."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from voorrang.errors import NotAllowed


@dataclass(frozen=True)
class StateMachine:
    """The allowed changes of one status field.

    ``message`` is a (lazily translated) sentence with ``%(old)s`` and ``%(new)s``; it is
    filled in with the states' labels when a change is refused, so it reads in the language
    active at that moment."""

    field: str
    allowed: Mapping[str, Collection[str]]
    states: Any  # the field's TextChoices: its labels name the states in the message
    message: Any
    code: str

    def allows(self, old: str, new: str) -> bool:
        return new in self.allowed[old]

    def check(self, old: str, new: str) -> None:
        """Refuse a change the table does not allow, as ``NotAllowed`` with the machine's code."""
        if not self.allows(old, new):
            raise NotAllowed(
                self.message % {"old": self.states(old).label, "new": self.states(new).label},
                code=self.code,
            )

    def move(self, obj: Any, new: str) -> str:
        """Set ``obj``'s status to ``new`` if the table allows it; return the old status.
        The caller saves ``obj`` (and records the audit event) in its own transaction."""
        old = getattr(obj, self.field)
        self.check(old, new)
        setattr(obj, self.field, new)
        return old
