"""Copying the application's files from one storage to the other, when an installation moves
from one application server to more (``move_files --to database``) or back."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.storage import Storage
from django.db import transaction

from voorrang.audit.services import record
from voorrang.files.models import StoredFile
from voorrang.files.storage import DatabaseFileStorage, LocalFileStorage, sizes_under

# Every folder of the storage the application writes: income evidence, the jobs' results and
# the evaluation reports' PDFs, the listings' photos, the documents of urgency declarations
# and objections, and those of objections in the targeted track.
FOLDERS = ("evidence", "jobs", "objections", "photos", "reports", "track-objections", "urgency")
KINDS = ("local", "database")


@dataclass(frozen=True)
class Copied:
    copied: int  # files written to the target
    present: int  # files the target had already (same name and size): left as they are
    differing: list[str]  # names the target holds with another size: left, and reported


def storage_of(kind: str) -> Storage:
    if kind == "local":
        return LocalFileStorage()
    if kind == "database":
        return DatabaseFileStorage()
    raise ValueError(f"{kind!r} is not one of {', '.join(KINDS)}")


def copy_files(*, actor: object = None, to: str) -> Copied:
    """Copy every file of the application from the other storage to ``to``. A file the target
    has already is not written again, so the command can run twice (or after an interruption);
    the source is left as it is, for the operator to remove once the new setting runs."""
    target_kind = to
    source_kind = next(kind for kind in KINDS if kind != to)
    source, target = storage_of(source_kind), storage_of(target_kind)
    copied = present = 0
    differing: list[str] = []
    for folder in FOLDERS:
        there = sizes_under(target, folder)
        for relative, size in sorted(sizes_under(source, folder).items()):
            name = f"{folder}/{relative}"
            if relative in there:
                if there[relative] == size:
                    present += 1
                else:
                    differing.append(name)
                continue
            with source.open(name, "rb") as handle:
                written = target.save(name, handle)
            if written != name:  # written meanwhile by a server: keep that one
                target.delete(written)
                present += 1
                continue
            copied += 1
    result = Copied(copied=copied, present=present, differing=differing)
    with transaction.atomic():
        record(
            actor=actor,
            action="files.copied",
            obj=StoredFile,
            summary=f"{source_kind} -> {target_kind}",
            after={
                "from": source_kind,
                "to": target_kind,
                "copied": copied,
                "present": present,
                "differing": differing,
            },
        )
    return result
