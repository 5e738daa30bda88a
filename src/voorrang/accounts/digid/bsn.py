"""The BSN as Voorrang keeps it: a keyed hash, never the number. No Django here."""

from __future__ import annotations

import hashlib
import hmac


class InvalidBSN(ValueError):
    """What DigiD returned is not a BSN."""


def normalised_bsn(text: str) -> str:
    """The nine digits of a BSN. DigiD may leave out a leading zero (eight digits)."""
    digits = text.strip()
    if not digits.isascii() or not digits.isdigit() or len(digits) not in (8, 9):
        raise InvalidBSN("not a BSN")
    return digits.zfill(9)


def bsn_digest(bsn: str, *, key: str) -> str:
    """HMAC-SHA256 of the BSN under ``key``, as 64 hexadecimal characters: the same BSN gives
    the same hash, so the seeker is recognised, but without the key no one can tell whose
    hash it is (there are only about a billion BSNs: an unkeyed hash would be reversed by
    trying them all)."""
    if not key:
        raise ValueError("no key for the BSN hash")
    return hmac.new(key.encode(), normalised_bsn(bsn).encode("ascii"), hashlib.sha256).hexdigest()
