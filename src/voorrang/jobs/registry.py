"""What each kind of job runs. An app registers its handlers in its ``AppConfig.ready``.

A handler gets the job's parameters and an empty working folder for its results (the worker
puts what it leaves there into the file storage, voorrang.files), and reports its
progress; it does not touch the database (the worker writes the job's progress, heartbeat and
outcome from its own thread), so it may run for as long as it needs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class JobCancelled(Exception):
    """Raised from ``progress`` when the job was cancelled or given back: stop working."""


class JobFailed(Exception):
    """A handler's own failure, with a message for the person who asked for the job."""


@dataclass(frozen=True)
class JobContext:
    job_id: int
    parameters: dict[str, Any]
    folder: Path
    progress: Callable[[int, int], None]


Handler = Callable[[JobContext], None]

_HANDLERS: dict[str, Handler] = {}


def register(kind: str, handler: Handler) -> None:
    """Make ``handler`` run the jobs of ``kind``. Each kind has one handler: a second
    registration is refused rather than silently replacing the first (two apps claiming one
    kind would otherwise run each other's jobs)."""
    if kind in _HANDLERS:
        raise ValueError(
            f"the job kind {kind!r} has a handler already ({_name(_HANDLERS[kind])}); "
            f"{_name(handler)} cannot be registered for it too"
        )
    _HANDLERS[kind] = handler


def _name(handler: Handler) -> str:
    return f"{getattr(handler, '__module__', '?')}.{getattr(handler, '__qualname__', handler)}"


def handler_for(kind: str) -> Handler | None:
    return _HANDLERS.get(kind)


def kinds() -> frozenset[str]:
    return frozenset(_HANDLERS)
