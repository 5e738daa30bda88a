"""Objections against a decline, on the application's page: who may decide each (never the
coordinator who declined, nor who registered it), naming the coordinator who decides, the
decision, registering an objection that came by post, and its documents (handed out here only,
to the organisation's coordinators)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from voorrang.commitments import services
from voorrang.commitments.forms import (
    ObjectionAssignForm,
    ObjectionByPostForm,
    ObjectionDecisionForm,
)
from voorrang.commitments.models import Application, Objection, ObjectionDocument
from voorrang.commitments.services.objection import term_ends, why_not_decider
from voorrang.commitments.states import ApplicationStatus, ObjectionStatus
from voorrang.commitments.views.applications import (
    application_or_404,
    application_page,
    application_url,
)
from voorrang.files import file_storage
from voorrang.web.access import staff_page
from voorrang.web.actions import step
from voorrang.web.downloads import stored_document_response


def _coordinators(application: Application) -> Any:
    return (
        get_user_model()
        .objects.filter(pk__in=application.organisation.memberships.values("user_id"))
        .filter(is_active=True)
        .order_by("first_name", "last_name", "username")
    )


def objection_context(
    user: Any, application: Application, failed: Any = None, failed_name: str = ""
) -> dict[str, Any]:
    """What the application's page shows of its objections: for each pending one, whether this
    coordinator may decide it (and why not), the forms to decide and to name who decides."""
    rows = []
    for objection in application.objections.select_related(
        "declined_by", "registered_by", "assigned_to", "decided_by"
    ).prefetch_related("documents"):
        row: dict[str, Any] = {"objection": objection, "documents": list(objection.documents.all())}
        if objection.pending:
            candidates = _coordinators(application).exclude(
                pk__in=[pk for pk in (objection.declined_by_id, objection.registered_by_id) if pk]
            )
            row["why_not"] = why_not_decider(objection, user)
            row["decide_form"] = (
                failed
                if failed_name == f"decide-{objection.pk}"
                else ObjectionDecisionForm(prefix=f"decide-{objection.pk}")
            )
            row["assign_form"] = (
                failed
                if failed_name == f"assign-{objection.pk}"
                else ObjectionAssignForm(
                    prefix=f"assign-{objection.pk}",
                    coordinators=candidates,
                    initial={"coordinator": objection.assigned_to_id},
                )
            )
            row["can_assign"] = candidates.exists()
        rows.append(row)
    may_register = application.status == ApplicationStatus.DECLINED and not any(
        r["objection"].status == ObjectionStatus.LODGED for r in rows
    )
    return {
        "objection_rows": rows,
        "objection_term_ends": term_ends(application),
        "by_post_form": failed
        if failed_name == "by-post"
        else (
            ObjectionByPostForm(prefix="by-post", initial={"received_on": timezone.localdate()})
            if may_register
            else None
        ),
    }


def _page(request: HttpRequest, application: Application, name: str) -> Any:
    def show(*, failed: Any = None, status: int = 200) -> HttpResponse:
        return application_page(
            request,
            application,
            status=status,
            extra=objection_context(request.user, application, failed, name),
        )

    return show


def _objection(application: Application, objection_id: int) -> Objection:
    return get_object_or_404(Objection, pk=objection_id, application=application)


@staff_page
@require_POST
def objection_decide(request: HttpRequest, pk: int, objection_id: int) -> HttpResponse:
    application = application_or_404(request, pk)
    objection = _objection(application, objection_id)
    name = f"decide-{objection.pk}"
    return step(
        request,
        form=ObjectionDecisionForm(request.POST, prefix=name),
        action=lambda data: services.decide_objection(
            actor=request.user,
            objection=objection,
            upheld=data["outcome"] == "upheld",
            reasons=data["reasons"],
        ),
        success=_("The decision on the objection is recorded and the seeker informed."),
        redirect_to=application_url(application, "objections"),
        page=_page(request, application, name),
    )


@staff_page
@require_POST
def objection_assign(request: HttpRequest, pk: int, objection_id: int) -> HttpResponse:
    application = application_or_404(request, pk)
    objection = _objection(application, objection_id)
    name = f"assign-{objection.pk}"
    return step(
        request,
        form=ObjectionAssignForm(
            request.POST, prefix=name, coordinators=_coordinators(application)
        ),
        action=lambda data: services.assign_objection(
            actor=request.user, objection=objection, coordinator=data["coordinator"]
        ),
        success=_("The coordinator who decides on the objection is named."),
        redirect_to=application_url(application, "objections"),
        page=_page(request, application, name),
    )


@staff_page
@require_POST
def objection_register(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_or_404(request, pk)
    return step(
        request,
        form=ObjectionByPostForm(request.POST, request.FILES, prefix="by-post"),
        action=lambda data: services.lodge_objection(
            actor=request.user,
            application=application,
            grounds=data["grounds"],
            documents=data["documents"],
            by_post=True,
            received_on=data["received_on"],
        ),
        success=_("The objection is registered. Another coordinator decides on it."),
        redirect_to=application_url(application, "objections"),
        page=_page(request, application, "by-post"),
    )


@staff_page
@require_safe
def objection_document(
    request: HttpRequest, pk: int, objection_id: int, document_id: int
) -> FileResponse:
    """A document of an objection, to the organisation's coordinators: its type read from its
    own first bytes, a PDF always as a download."""
    application = application_or_404(request, pk)
    document = get_object_or_404(
        ObjectionDocument,
        pk=document_id,
        objection__pk=objection_id,
        objection__application=application,
    )
    return stored_document_response(
        file_storage(),
        document.file.name,
        stem=f"objection-{document.objection_id}-{document.pk}",
    )


__all__ = [
    "objection_assign",
    "objection_context",
    "objection_decide",
    "objection_document",
    "objection_register",
]
