"""What other apps have to say about the next offer on a vacancy (an objection still pending
holds it, or makes it subject to the objection). They register a gate from their
``AppConfig.ready``, so that allocation, which they build on, does not import them."""

from __future__ import annotations

from typing import Any, Protocol


class OfferGate(Protocol):
    def reason_to_wait(self, vacancy: Any) -> str | None:
        """Why no offer may be made on ``vacancy`` now, in words; None when one may."""

    def offer_made(self, offer: Any) -> None:
        """Called in the offer's transaction, once the offer is stored."""


_GATES: list[OfferGate] = []


def register(gate: OfferGate) -> None:
    if gate not in _GATES:
        _GATES.append(gate)


def reason_to_wait(vacancy: Any) -> str | None:
    return next((reason for gate in _GATES if (reason := gate.reason_to_wait(vacancy))), None)


def offer_made(offer: Any) -> None:
    for gate in _GATES:
        gate.offer_made(offer)
