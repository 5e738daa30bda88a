"""The files Voorrang keeps in its data folder when the environment does not provide them."""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from pathlib import Path

SQLITE_FILE = "voorrang.sqlite3"
SECRET_KEY_FILE = "secret_key"  # noqa: S105 - a file name, not a key
BSN_KEY_FILE = "bsn_key"


def ensure_data_dir(data_dir: Path) -> Path:
    """Create the data folder (private to its owner: it holds the key and the database)."""
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    return data_dir


def sqlite_database(data_dir: Path) -> dict[str, object]:
    """Django's database settings for the default SQLite file in the data folder."""
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(ensure_data_dir(data_dir) / SQLITE_FILE),
    }


def stored_secret_key(data_dir: Path) -> str:
    """The development secret key kept in the data folder, generated on first use."""
    return _stored_key(data_dir, SECRET_KEY_FILE)


def stored_bsn_key(data_dir: Path) -> str:
    """The key of the BSN hashes (``VOORRANG_BSN_KEY``) for the demo and development, kept in
    the data folder like the secret key and generated on first use."""
    return _stored_key(data_dir, BSN_KEY_FILE)


def _stored_key(data_dir: Path, file_name: str) -> str:
    """A random key kept in ``data_dir/file_name``, generated on first use.

    The key is written to a private temporary file and then linked into place, so that two
    processes starting at once agree on one key and neither reads a half-written file."""
    path = ensure_data_dir(data_dir) / file_name
    if not path.exists():
        key = secrets.token_urlsafe(50)
        descriptor, temporary = tempfile.mkstemp(dir=data_dir, prefix=f".{file_name}.")
        try:
            # mkstemp creates the file with mode 0600 already; chmod states it outright.
            os.fchmod(descriptor, 0o600)
            with os.fdopen(descriptor, "w", encoding="ascii") as handle:
                handle.write(key + "\n")
            # When another process won the race, its key stands and ours is dropped.
            with contextlib.suppress(FileExistsError):
                os.link(temporary, path)
        finally:
            os.unlink(temporary)
    return path.read_text(encoding="ascii").strip()
