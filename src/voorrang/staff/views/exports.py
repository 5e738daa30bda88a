"""Lettings for the corporation's ERP: the allocations as VERA toewijzingen (JSON), the same
bodies as ``/api/vera/toewijzingen`` and ``voorrang manage export_vera toewijzingen``."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from voorrang.api.vera.exports import run_export
from voorrang.api.vera.people import SeekerNaming
from voorrang.web.access import staff_page


class PeriodForm(forms.Form):
    date_from = forms.DateField(label=_("From"), required=False)
    date_until = forms.DateField(label=_("Until"), required=False)

    def clean(self):
        data = super().clean()
        first, last = data.get("date_from"), data.get("date_until")
        if first and last and first > last:
            self.add_error("date_until", _("The last day comes before the first."))
        return data


@staff_page
@require_safe
def allocations_vera(request: HttpRequest) -> HttpResponse:
    form = PeriodForm(request.GET)
    if not form.is_valid():
        text = "\n".join(
            f"{form.fields[name].label}: {' '.join(errors)}" for name, errors in form.errors.items()
        )
        return HttpResponseBadRequest(text, content_type="text/plain; charset=utf-8")
    first, last = form.cleaned_data["date_from"], form.cleaned_data["date_until"]
    # Recorded in the audit trail like every export in VERA's form.
    export = run_export(
        "toewijzingen",
        actor=request.user,
        channel="download",
        naming=SeekerNaming(request.user),
        date_from=first,
        date_until=last,
    )
    response = HttpResponse(export.content(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
