"""Where the application keeps its files (income evidence, the results of jobs): Django's
storage API, the data folder or the database (voorrang.files.storage). Keep it small."""

from __future__ import annotations

from django.core.files.storage import Storage, storages

from voorrang.files.storage import remove, remove_under, sizes_under

__all__ = ["file_storage", "remove", "remove_under", "sizes_under"]


def file_storage() -> Storage:
    """The storage every file of the application goes to (``STORAGES["default"]``)."""
    return storages["default"]
