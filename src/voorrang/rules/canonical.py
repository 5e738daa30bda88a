"""Canonical JSON and the input digest (ALLOCATION_RULES.md, section 6)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from voorrang.rules.errors import InvalidInput


def canonical_json(value: Any) -> str:
    """The exact text that the contract calls canonical JSON."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def input_digest(document: Any) -> str:
    """SHA-256 (hex) of the canonical JSON of a parsed input document."""
    return hashlib.sha256(canonical_json(document).encode("utf-8")).hexdigest()


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        # json.loads would silently keep the last value; in a decision record that hides
        # what the author meant, so it is refused.
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise InvalidInput(key, "appears twice in the same object")
            seen.add(key)
    return result


def _reject_constant(name: str) -> Any:
    raise InvalidInput("", f"{name} is not a JSON number")


def load_json(data: bytes | str) -> Any:
    """Parse a UTF-8 JSON document, with errors that say where and what."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidInput("", f"input is not UTF-8 (byte {exc.start})") from None
    if data.startswith("\ufeff"):
        data = data[1:]
    try:
        return json.loads(
            data,
            object_pairs_hook=_reject_duplicate_keys,
            parse_constant=_reject_constant,
        )
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            "", f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
