"""The verifiable lottery (ALLOCATION_RULES.md, section 5).

Anyone holding the published seed, the vacancy id and the candidate ids can recompute every
number with any SHA-256 implementation."""

from __future__ import annotations

import hashlib


def lottery_number(seed: str, vacancy_id: str, candidate_id: str) -> int:
    """First 8 bytes of SHA-256 over ``seed|vacancy|candidate`` as an unsigned big-endian
    integer; lower comes first."""
    digest = hashlib.sha256(f"{seed}|{vacancy_id}|{candidate_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def seed_commitment(seed: str) -> str:
    """The SHA-256 of a seed, published before the draw so that nobody can re-draw unseen."""
    return hashlib.sha256(seed.encode()).hexdigest()
