"""How a private file (income evidence, a simulation's results) is handed to the browser that
was allowed to have it: never cached by anyone else, and never taken for another type."""

from __future__ import annotations

from typing import Any, BinaryIO

from django.http import FileResponse, Http404

from voorrang.seekers.evidence import delivery_named

# The policy of an image opened on its own: the image itself, the browser's own inline style,
# and nothing else (no script, no form, no framing).
IMAGE_ALONE = (
    "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


def private_file_response(
    handle: BinaryIO, *, filename: str, content_type: str, inline: bool = False
) -> FileResponse:
    response = FileResponse(
        handle, as_attachment=not inline, filename=filename, content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    if inline and content_type.startswith("image/"):
        # The browser shows an image opened on its own in a document it makes itself, and
        # styles that document inline. The answer carries a policy of its own (the site's
        # policy leaves an answer that has one alone): that image and the browser's styling,
        # nothing else.
        response["Content-Security-Policy"] = IMAGE_ALONE
    return response


def stored_document_response(storage: Any, name: str, *, stem: str) -> FileResponse:
    """A document kept in ``storage`` under ``name`` (an objection's, an urgency
    declaration's), handed out as the evidence files are: its type read from its own first
    bytes, never cached elsewhere. Raises Http404 when it is not there (any more)."""
    if not name or not storage.exists(name):
        raise Http404
    handle = storage.open(name, "rb")
    delivery = delivery_named(stem, handle)
    return private_file_response(
        handle,
        filename=delivery.filename,
        content_type=delivery.content_type,
        inline=delivery.inline,
    )
