"""How a private file (income evidence, a simulation's results) is handed to the browser that
was allowed to have it: never cached by anyone else, and never taken for another type."""

from __future__ import annotations

from typing import BinaryIO

from django.http import FileResponse


def private_file_response(
    handle: BinaryIO, *, filename: str, content_type: str, inline: bool = False
) -> FileResponse:
    response = FileResponse(
        handle, as_attachment=not inline, filename=filename, content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
