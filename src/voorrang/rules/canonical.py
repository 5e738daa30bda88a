"""Canonical JSON and the input digest (ALLOCATION_RULES.md, section 6)."""

from __future__ import annotations

import hashlib
import json
import re
import sys
from typing import Any

from voorrang.rules.errors import InvalidInput

# A surrogate written as an escape (JSON allows "\ud800" on its own). Only a document in
# which this matches is searched for a lone one; the others pay for one substring search.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


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
    given_as_text = isinstance(data, str)
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidInput("", f"input is not UTF-8 (byte {exc.start})") from None
    if data.startswith("\ufeff"):
        data = data[1:]
    try:
        document = json.loads(
            data,
            object_pairs_hook=_reject_duplicate_keys,
            parse_constant=_reject_constant,
        )
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            "", f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    except RecursionError:
        # No document the rules read is more than a few levels deep; Python's parser gives up
        # near a thousand, and that is refused as input, not a crash.
        raise InvalidInput("", "not valid input: lists or objects are nested too deeply") from None
    except ValueError:
        # The one other ValueError json.loads raises: Python refuses to convert an integer
        # with more digits than its limit (a guard against slow conversions).
        raise InvalidInput(
            "",
            "not valid input: a number has too many digits "
            f"(more than {sys.get_int_max_str_digits()})",
        ) from None
    if ("\\u" in data and _SURROGATE_ESCAPE.search(data)) or (
        given_as_text and _has_lone_surrogate(data)
    ):
        _reject_lone_surrogates(document)
    return document


def _has_lone_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _reject_lone_surrogates(document: Any) -> None:
    """Half of a UTF-16 pair on its own is valid JSON but no character: it cannot be written
    as UTF-8, so the digest and the output could not be made. Refused, naming the field."""
    pending: list[tuple[str, Any]] = [("", document)]
    while pending:
        path, value = pending.pop()
        if isinstance(value, str):
            if _has_lone_surrogate(value):
                raise InvalidInput(path, "contains a lone surrogate (half a character)")
        elif isinstance(value, dict):
            for key, item in value.items():
                child = f"{path}.{key}" if path else key
                if _has_lone_surrogate(key):
                    raise InvalidInput(
                        child, "the name contains a lone surrogate (half a character)"
                    )
                pending.append((child, item))
        elif isinstance(value, list):
            pending.extend((f"{path}[{index}]", item) for index, item in enumerate(value))
