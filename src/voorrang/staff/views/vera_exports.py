"""Downloads in VERA's form from the staff pages: the candidate list of a vacancy as VERA
kandidaten, for the regional platform or the corporation's ERP."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from voorrang.api.vera.exports import ExportRefused, run_export
from voorrang.api.vera.people import SeekerNaming
from voorrang.web.access import staff_page


@staff_page
@require_safe
def vacancy_kandidaten(request: HttpRequest, reference: str) -> HttpResponse:
    try:
        export = run_export(
            "kandidaten",
            actor=request.user,
            channel="download",
            naming=SeekerNaming(request.user),
            vacancy=reference,
        )
    except ExportRefused as exc:
        raise Http404(str(exc.message)) from exc
    response = HttpResponse(export.content(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response
