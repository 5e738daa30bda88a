"""Photos of a listing: an upload is checked to be an image, turned upright, resized to two
sizes and written again as JPEG, which leaves its metadata behind (EXIF holds the camera, the
time and often the place the photo was taken: not for a public page). Both sizes go under
``photos/`` in the application's file storage, which has no public address; the portal hands
them out through a view (portal.views.vacancy_photo)."""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass
from typing import BinaryIO

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from voorrang.errors import InvalidChange
from voorrang.files import file_storage, remove

FOLDER = "photos"
FIELD = "photo"
# The long side of the photo shown on the listing, and of the small one on the cards.
LARGE = 1600
SMALL = 480
# As the evidence: the proxy in front takes bodies up to 11 MB (docs/deployment.md).
MAX_BYTES = 10 * 1024 * 1024
# A photo of a home from any camera fits; a file that claims more is refused before it is
# decoded (a small file can unpack to gigabytes).
MAX_PIXELS = 60_000_000
ACCEPTED = frozenset({"JPEG", "PNG", "WEBP"})
SIZES = ("large", "small")


@dataclass(frozen=True)
class ResizedPhoto:
    large: bytes
    small: bytes
    width: int  # of the large one
    height: int


def _jpeg(image: Image.Image, long_side: int) -> tuple[bytes, int, int]:
    copy = image.copy()
    copy.thumbnail((long_side, long_side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    # No exif= and no icc_profile= given: the new file carries none of the original's metadata.
    copy.save(out, format="JPEG", quality=85, optimize=True, progressive=True)
    return out.getvalue(), copy.width, copy.height


def resize(upload: BinaryIO, *, size: int | None = None) -> ResizedPhoto:
    """The two sizes of an uploaded photo; InvalidChange on the photo field when the file is
    empty, too large or not a JPEG, PNG or WebP image."""
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
    if not size:
        raise InvalidChange(_("The file is empty."), field=FIELD)
    if size > MAX_BYTES:
        raise InvalidChange(
            _("The photo is larger than %(mb)s MB. Upload a smaller file.")
            % {"mb": MAX_BYTES // (1024 * 1024)},
            field=FIELD,
        )
    not_a_photo = _("The file must be a photo in JPEG, PNG or WebP format. This file is not.")
    upload.seek(0)
    try:
        with Image.open(upload) as probe:
            kind = probe.format
            pixels = probe.width * probe.height
            probe.verify()
        if kind not in ACCEPTED:
            raise InvalidChange(not_a_photo, field=FIELD)
        if pixels > MAX_PIXELS:
            raise InvalidChange(
                _("The photo has too many pixels. Make it smaller and upload it again."),
                field=FIELD,
            )
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            upright = ImageOps.exif_transpose(image) or image
            rgb = upright.convert("RGB")
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as exc:
        raise InvalidChange(not_a_photo, field=FIELD) from exc
    large, width, height = _jpeg(rgb, LARGE)
    small, _width, _height = _jpeg(rgb, SMALL)
    return ResizedPhoto(large=large, small=small, width=width, height=height)


def name_of(stored_name: str, size: str) -> str:
    """The file's name in the storage, for the size ("large" or "small")."""
    if size not in SIZES:
        raise ValueError(size)
    return f"{FOLDER}/{stored_name}.jpg" if size == "large" else f"{FOLDER}/{stored_name}-small.jpg"


def store(upload: UploadedFile) -> tuple[str, ResizedPhoto]:
    """Resize and write both sizes under a new random name; the name and the photo."""
    photo = resize(upload, size=upload.size)
    storage = file_storage()
    stored_name = secrets.token_hex(16)
    written: list[str] = []
    try:
        for size, data in (("large", photo.large), ("small", photo.small)):
            content = ContentFile(data)
            content.content_type = "image/jpeg"  # type: ignore[attr-defined]
            name = storage.save(name_of(stored_name, size), content)
            written.append(name)
            if name != name_of(stored_name, size):
                raise FileExistsError(name)
    except BaseException:
        for name in written:
            remove(storage, name)
        raise
    return stored_name, photo


def remove_files(stored_name: str) -> None:
    storage = file_storage()
    for size in SIZES:
        remove(storage, name_of(stored_name, size))


def open_photo(stored_name: str, size: str) -> BinaryIO | None:
    try:
        return file_storage().open(name_of(stored_name, size), "rb")
    except FileNotFoundError:
        return None
