"""Objections against allocation decisions: the pending ones, each decided by a second staff
member with reasons; an objection that came by post registered here; the decided ones."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from voorrang.allocation.models import Vacancy
from voorrang.errors import InvalidChange
from voorrang.objections import selectors, services
from voorrang.objections.models import Objection, ObjectionState
from voorrang.seekers.models import Seeker
from voorrang.staff.forms import ObjectionByPostForm, ObjectionDecisionForm
from voorrang.web.access import staff_page
from voorrang.web.actions import perform
from voorrang.web.downloads import stored_document_response

DECIDED_SHOWN = 50


def _page(
    request: HttpRequest,
    *,
    failed: forms.Form | None = None,
    failed_pk: int | None = None,
    status: int = 200,
) -> HttpResponse:
    pending = selectors.objections_for_staff().filter(state=ObjectionState.LODGED)
    rows = [
        {
            "objection": objection,
            "term_ends": selectors.term_ends(objection.vacancy),
            "form": failed
            if failed_pk == objection.pk
            else ObjectionDecisionForm(prefix=f"decide-{objection.pk}"),
        }
        for objection in pending.order_by("lodged_at")
    ]
    decided = selectors.objections_for_staff().exclude(state=ObjectionState.LODGED)
    context: dict[str, Any] = {
        "rows": rows,
        "decided": decided.order_by("-decided_at", "-lodged_at")[:DECIDED_SHOWN],
        "by_post": failed
        if isinstance(failed, ObjectionByPostForm)
        else ObjectionByPostForm(prefix="post"),
        "staff_section": "objections",
    }
    return render(request, "staff/objections.html", context, status=status)


@staff_page
@require_safe
def objection_list(request: HttpRequest) -> HttpResponse:
    return _page(request)


def _register(actor: Any, data: dict[str, Any]) -> Objection:
    vacancy = Vacancy.objects.filter(reference=data["vacancy"].strip()).first()
    if vacancy is None:
        raise InvalidChange(_("No vacancy has this reference."), field="vacancy")
    seeker = Seeker.objects.filter(registration_number=data["seeker"].strip()).first()
    if seeker is None:
        raise InvalidChange(_("No home seeker has this registration number."), field="seeker")
    return services.lodge_objection(
        actor=actor,
        vacancy=vacancy,
        seeker=seeker,
        reasons=data["reasons"],
        document=data["document"] or None,
        by_post=True,
    )


@staff_page
@require_POST
def objection_register(request: HttpRequest) -> HttpResponse:
    form = ObjectionByPostForm(request.POST, request.FILES, prefix="post")
    return perform(
        request,
        form,
        lambda data: _register(request.user, data),
        success=lambda _result: _("The objection is registered. Another staff member decides it."),
        redirect_to=reverse("staff:objections"),
        show_again=lambda form, status: _page(request, failed=form, status=status),
    )


@staff_page
@require_POST
def objection_decide(request: HttpRequest, pk: int) -> HttpResponse:
    objection = get_object_or_404(Objection, pk=pk)
    form = ObjectionDecisionForm(request.POST, prefix=f"decide-{pk}")

    def success(decided: Objection) -> str:
        if decided.state == ObjectionState.UPHELD:
            return _(
                "The objection is upheld. If the home is not let yet: correct what was wrong "
                "and rank the vacancy again, with the objection as the reason."
            )
        return _("The objection is rejected.")

    return perform(
        request,
        form,
        lambda data: services.decide_objection(
            actor=request.user,
            objection=objection,
            outcome=data["outcome"],
            reasons=data["reasons"],
        ),
        success=success,
        redirect_to=reverse("staff:objections"),
        show_again=lambda form, status: _page(request, failed=form, failed_pk=pk, status=status),
    )


def document_response(objection: Objection) -> FileResponse:
    """The objection's document, as the urgency documents are handed out: its type read from
    its own first bytes, a PDF always as a download."""
    return stored_document_response(
        default_storage, objection.document.name, stem=f"objection-{objection.pk}"
    )


@staff_page
@require_safe
def objection_document(request: HttpRequest, pk: int) -> FileResponse:
    return document_response(get_object_or_404(Objection, pk=pk))
