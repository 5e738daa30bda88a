"""The two places Voorrang keeps its files, both behind Django's storage API
(``STORAGES["default"]``, chosen by ``VOORRANG_FILE_STORAGE``):

- ``LocalFileStorage``: the data folder (``VOORRANG_DATA_DIR``) of this machine, private to
  the server's user (files 0600, folders 0700); for one application server.
- ``DatabaseFileStorage``: the database itself (``StoredFile`` rows); for more than one
  application server, with nothing else to run or back up (docs/deployment.md, "Files").

Every file is private: neither storage has a URL. A file is handed out only by a view that
checks who asks (the seeker's evidence, a simulation's results)."""

from __future__ import annotations

import contextlib
import mimetypes
import os
import posixpath
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage, Storage
from django.db import IntegrityError, transaction
from django.utils.deconstruct import deconstructible


class NoPublicAddress(NotImplementedError):
    """Private files have no URL: they are served only through a view that checks access."""


@deconstructible(path="voorrang.files.storage.LocalFileStorage")
class LocalFileStorage(FileSystemStorage):
    """The data folder, read from the settings at each use (a test that moves
    ``DATA_DIR`` moves the files with it)."""

    @property  # type: ignore[override]
    def base_location(self) -> str:
        return str(self._value_or_setting(self._location, settings.DATA_DIR))

    @property  # type: ignore[override]
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise NoPublicAddress(name)

    def delete(self, name: str) -> bool:  # type: ignore[override]
        """Whether this call removed the file (False when it was gone already)."""
        if not name:
            raise ValueError("The name must be given to delete().")
        try:
            os.remove(self.path(name))
        except FileNotFoundError:
            return False
        return True


@deconstructible(path="voorrang.files.storage.DatabaseFileStorage")
class DatabaseFileStorage(Storage):
    """Files as rows of ``StoredFile``: written in the caller's transaction, so a file and
    the record that refers to it are stored (or rolled back) together."""

    def _rows(self) -> Any:
        from voorrang.files.models import StoredFile

        return StoredFile.objects

    @staticmethod
    def _clean(name: str) -> str:
        cleaned = posixpath.normpath(str(name).replace("\\", "/")).lstrip("/")
        if cleaned in ("", ".") or cleaned == ".." or cleaned.startswith("../"):
            raise ValueError(f"{name!r} is not the name of a file in the storage")
        return cleaned

    def _open(self, name: str, mode: str = "rb") -> File:
        if "w" in mode or "a" in mode or "+" in mode:
            raise ValueError("Files in the database are written with save(), not opened to write")
        found = self._rows().filter(name=self._clean(name)).values_list("content", flat=True)
        content = found.first()
        if content is None:
            raise FileNotFoundError(name)
        return ContentFile(bytes(content), name=name)

    def _save(self, name: str, content: File) -> str:
        data = b"".join(content.chunks()) if hasattr(content, "chunks") else content.read()
        if isinstance(data, str):
            data = data.encode("utf-8")
        content_type = getattr(content, "content_type", None) or (
            mimetypes.guess_type(name)[0] or "application/octet-stream"
        )
        name = self._clean(name)
        while True:
            try:
                # A savepoint: a name taken meanwhile fails this insert only, not the
                # caller's transaction.
                with transaction.atomic():
                    self._rows().create(
                        name=name, content=data, size=len(data), content_type=content_type[:100]
                    )
            except IntegrityError:
                if self.exists(name):
                    name = self.get_available_name(name)
                    continue
                raise
            return name

    def exists(self, name: str) -> bool:
        return self._rows().filter(name=self._clean(name)).exists()

    def delete(self, name: str) -> bool:  # type: ignore[override]
        """Whether this call removed the file (False when it was gone already)."""
        if not name:
            raise ValueError("The name must be given to delete().")
        removed, _ = self._rows().filter(name=self._clean(name)).delete()
        return bool(removed)

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        prefix = self._prefix(path)
        directories: set[str] = set()
        files: list[str] = []
        for name in self._rows().filter(name__startswith=prefix).values_list("name", flat=True):
            rest = name[len(prefix) :]
            head, slash, _ = rest.partition("/")
            if slash:
                directories.add(head)
            else:
                files.append(rest)
        return sorted(directories), sorted(files)

    def sizes_under(self, path: str) -> dict[str, int]:
        """Every file below ``path`` (at any depth), by its name relative to it: its size."""
        prefix = self._prefix(path)
        return {
            name[len(prefix) :]: size
            for name, size in self._rows()
            .filter(name__startswith=prefix)
            .values_list("name", "size")
        }

    def _prefix(self, path: str) -> str:
        path = str(path or "").strip("/")
        return f"{self._clean(path)}/" if path else ""

    def _field(self, name: str, field: str) -> Any:
        found = self._rows().filter(name=self._clean(name)).values_list(field, flat=True).first()
        if found is None:
            raise FileNotFoundError(name)
        return found

    def size(self, name: str) -> int:
        return int(self._field(name, "size"))

    def content_type(self, name: str) -> str:
        return str(self._field(name, "content_type"))

    def get_created_time(self, name: str) -> datetime:
        return self._field(name, "created_at")

    def get_modified_time(self, name: str) -> datetime:
        # A stored file is never changed in place: a new content is a new row.
        return self._field(name, "created_at")

    def url(self, name: str | None) -> str:
        raise NoPublicAddress(name)


def sizes_under(storage: Storage, path: str) -> dict[str, int]:
    """Every file below ``path`` in ``storage`` by its name relative to ``path``: its size.
    One query on the database storage; a walk of the folders elsewhere."""
    if isinstance(storage, DatabaseFileStorage):
        return storage.sizes_under(path)
    found: dict[str, int] = {}
    try:
        directories, files = storage.listdir(path)
    except FileNotFoundError:
        return found
    for file in files:
        found[file] = storage.size(f"{path}/{file}")
    for directory in directories:
        for name, size in sizes_under(storage, f"{path}/{directory}").items():
            found[f"{directory}/{name}"] = size
    return found


def remove(storage: Storage, name: str) -> bool:
    """Remove ``name``; whether this call removed it (both of Voorrang's storages tell; for
    another, such as S3, a file that was there counts as removed by this call)."""
    removed = storage.delete(name)
    return removed is not False


def remove_under(storage: Storage, path: str) -> int:
    """Remove every file below ``path``; how many there were."""
    names = list(sizes_under(storage, path))
    for name in names:
        storage.delete(f"{path}/{name}")
    if isinstance(storage, LocalFileStorage):
        _remove_empty_folders(Path(storage.path(path)))
    return len(names)


def _remove_empty_folders(folder: Path) -> None:
    if not folder.is_dir():
        return
    for child in folder.iterdir():
        if child.is_dir():
            _remove_empty_folders(child)
    with contextlib.suppress(OSError):  # not empty: a file was written meanwhile
        folder.rmdir()
