"""Imports on the staff page: upload a file, see what it will change, confirm. The same
import as ``voorrang import`` (voorrang.imports); the confirmation imports the stored upload."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from voorrang.errors import DomainError
from voorrang.imports import report, uploads
from voorrang.imports.columns import columns
from voorrang.imports.models import StoredImport
from voorrang.imports.services import ImportRefused
from voorrang.uploads import log_refused
from voorrang.web.access import staff_page
from voorrang.web.forms import add_domain_error, is_conflict


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What the file holds"), choices=StoredImport.Kind)
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "CSV (UTF-8, separated by ; or ,), Excel (.xlsx, the first sheet) or VERA JSON; "
            "the first row names the columns."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.json"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > uploads.LARGEST_FILE:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload


class ConfirmForm(forms.Form):
    pass


def _columns() -> list[dict[str, Any]]:
    return [
        {
            "kind": kind,
            "label": label,
            "columns": [(c.name, c.required) for c in columns(kind)],
        }
        for kind, label in StoredImport.Kind.choices
    ]


@staff_page
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                stored = uploads.upload(
                    actor=request.user,
                    kind=form.cleaned_data["kind"],
                    name=upload.name or "file",
                    data=upload.read(),
                )
            except ImportRefused as refused:
                problems = [str(p) for p in refused.result.problems]
                form.add_error(
                    "file",
                    _("The file has %(count)s problems. Nothing was imported.")
                    % {"count": len(problems)},
                )
            else:
                return HttpResponseRedirect(reverse("staff:import_preview", args=[stored.pk]))
        log_refused(form, upload="import")
    recent = StoredImport.objects.select_related("uploaded_by").only(
        "pk", "kind", "file_name", "uploaded_at", "imported_at", "uploaded_by__username"
    )[:20]
    context = {
        "form": form,
        "failed": form if status == 400 else None,
        "problems": problems,
        "kinds": _columns(),
        "recent": recent,
        "staff_section": "imports",
    }
    return render(request, "staff/imports.html", context, status=status)


def _preview_page(
    request: HttpRequest, stored: StoredImport, form: forms.Form, status: int = 200
) -> HttpResponse:
    context = {
        "stored": stored,
        "preview": stored.preview,
        "form": form,
        "failed": form if form.errors else None,
        "conflict": status == 409,
        "staff_section": "imports",
    }
    return render(request, "staff/import_preview.html", context, status=status)


@staff_page
@require_http_methods(["GET"])
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    stored = get_object_or_404(StoredImport.objects.defer("data"), pk=pk)
    return _preview_page(request, stored, ConfirmForm())


@staff_page
@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    stored = get_object_or_404(StoredImport.objects.defer("data"), pk=pk)
    form = ConfirmForm(request.POST)
    try:
        result = uploads.confirm(actor=request.user, stored=stored)
    except ImportRefused as refused:
        for problem in refused.result.problems:
            form.add_error(None, str(problem))
        return _preview_page(request, stored, form, status=400)
    except DomainError as error:
        add_domain_error(form, error)
        stored.refresh_from_db()
        return _preview_page(request, stored, form, status=409 if is_conflict(error) else 400)
    messages.success(request, _("Imported: %(summary)s.") % {"summary": report.summary(result)})
    return HttpResponseRedirect(reverse("staff:import_preview", args=[stored.pk]))
