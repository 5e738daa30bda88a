"""What other apps do when a home is let (its contract signed): the targeted track starts the
follow-up of a commitment let through the commitment tier, and applies the policy to a
commitment whose holder was housed by another route. They register a hook from their
``AppConfig.ready``, so that allocation, which they build on, does not import them."""

from __future__ import annotations

from typing import Any, Protocol


class LettingHook(Protocol):
    def __call__(self, *, actor: Any, allocation: Any) -> None:
        """Called in the letting's transaction, once the contract is stored."""


_HOOKS: list[LettingHook] = []


def register(hook: LettingHook) -> None:
    if hook not in _HOOKS:
        _HOOKS.append(hook)


def contract_signed(*, actor: Any, allocation: Any) -> None:
    for hook in _HOOKS:
        hook(actor=actor, allocation=allocation)
