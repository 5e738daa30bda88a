"""The tokens of invitation links: random, shown once, stored only as a hash. Pure."""

from __future__ import annotations

import hashlib
import secrets

# Letters and digits that cannot be mistaken for each other when read from paper.
PSEUDONYM_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_token() -> str:
    """256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """SHA-256 of the token. The token has 256 random bits, so an unsalted fast hash is
    enough: there is nothing to guess from the stored hash."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_pseudonym() -> str:
    return "R-" + "".join(secrets.choice(PSEUDONYM_ALPHABET) for _ in range(8))
