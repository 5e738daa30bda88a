"""The seeker search, the seeker page and its steps: the two-person change of a registration
date, the two-person urgency declaration, and the resolution of possible duplicates."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from voorrang.allocation import selectors
from voorrang.seekers import evidence as evidence_files
from voorrang.seekers import services
from voorrang.seekers.models import (
    DuplicateFlag,
    EvidenceFile,
    RegistrationDateChange,
    Seeker,
    UrgencyDeclaration,
)
from voorrang.seekers.selectors import urgencies_shown
from voorrang.staff.forms import (
    CheckRejectForm,
    ConfirmForm,
    DateChangeDecisionForm,
    DateChangeRequestForm,
    ResolveDuplicateForm,
    SeekerSearchForm,
    UrgencyProposeForm,
    UrgencyReasonForm,
)
from voorrang.web.access import staff_page
from voorrang.web.actions import perform
from voorrang.web.downloads import private_file_response, stored_document_response


@staff_page
@require_safe
def seeker_list(request: HttpRequest) -> HttpResponse:
    search = SeekerSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    seekers = selectors.paginate(selectors.seeker_search(query), request.GET.get("page"))
    return render(
        request,
        "staff/seeker_list.html",
        {"search": search, "query": query, "seekers": seekers, "staff_section": "seekers"},
    )


def _seeker(registration_number: str) -> Seeker:
    try:
        return selectors.seeker_for_page(registration_number)
    except Seeker.DoesNotExist as exc:
        raise Http404(registration_number) from exc


def _show_seeker(
    request: HttpRequest,
    registration_number: str,
    *,
    failed: forms.Form | None = None,
    failed_flag: int | None = None,
    status: int = 200,
) -> HttpResponse:
    seeker = _seeker(registration_number)
    page = selectors.seeker_page(seeker)
    date_change = DateChangeRequestForm(prefix="date_change")
    decision = DateChangeDecisionForm(prefix="decide")
    resolve_forms = {
        flag.pk: ResolveDuplicateForm(prefix=f"resolve-{flag.pk}")
        for flag in page.duplicate_flags
        if not flag.resolved
    }
    urgency = UrgencyProposeForm(prefix="urgency")
    shown = urgencies_shown(seeker, timezone.localdate())
    step_forms: dict[str, forms.Form] = {}
    for item in shown:
        pk = item.declaration.pk
        step_forms[f"urgency-confirm-{pk}"] = ConfirmForm(prefix=f"urgency-confirm-{pk}")
        for step in ("reject", "end"):
            step_forms[f"urgency-{step}-{pk}"] = UrgencyReasonForm(prefix=f"urgency-{step}-{pk}")
    for part in CHECK_PARTS:
        step_forms[f"check-{part}"] = ConfirmForm(prefix=f"check-{part}")
        step_forms[f"check-reject-{part}"] = CheckRejectForm(prefix=f"check-reject-{part}")
    if failed is not None:
        if failed.prefix == "urgency":
            urgency = failed
        elif failed.prefix in step_forms:
            step_forms[failed.prefix] = failed
        elif failed_flag is not None:
            resolve_forms[failed_flag] = failed
        elif failed.prefix == "decide":
            decision = failed
        else:
            date_change = failed
    return render(
        request,
        "staff/seeker.html",
        {
            "page": page,
            "seeker": seeker,
            "date_change_form": date_change,
            "decision_form": decision,
            "resolve_forms": [(flag, resolve_forms.get(flag.pk)) for flag in page.duplicate_flags],
            "urgency_form": urgency,
            "urgencies": [
                (
                    item,
                    step_forms[f"urgency-confirm-{item.declaration.pk}"],
                    step_forms[f"urgency-reject-{item.declaration.pk}"],
                    step_forms[f"urgency-end-{item.declaration.pk}"],
                )
                for item in shown
            ],
            "checks": [
                (
                    part,
                    getattr(seeker, f"{part}_check"),
                    step_forms[f"check-{part}"],
                    step_forms[f"check-reject-{part}"],
                )
                for part in CHECK_PARTS
            ],
            "failed": failed,
            "conflict": status == 409,
            "staff_section": "seekers",
        },
        status=status,
    )


@staff_page
@require_safe
def seeker_detail(request: HttpRequest, registration_number: str) -> HttpResponse:
    return _show_seeker(request, registration_number)


@staff_page
@require_safe
def seeker_evidence(
    request: HttpRequest, registration_number: str, evidence_id: int
) -> FileResponse:
    """One of the seeker's income evidence files, opened by letting staff: recorded in the
    audit trail (seekers.services.open_evidence_as_staff)."""
    seeker = _seeker(registration_number)
    try:
        opened = services.open_evidence_as_staff(
            actor=request.user, seeker=seeker, evidence_id=evidence_id
        )
    except (EvidenceFile.DoesNotExist, FileNotFoundError) as exc:
        raise Http404(str(evidence_id)) from exc
    delivery = evidence_files.delivery_of(opened.evidence, opened.handle)
    return private_file_response(
        opened.handle,
        filename=delivery.filename,
        content_type=delivery.content_type,
        inline=delivery.inline,
    )


def _seeker_step(
    request: HttpRequest,
    seeker: Seeker,
    form: forms.Form,
    action: Callable[[dict[str, Any]], Any],
    success: str,
    failed_flag: int | None = None,
) -> HttpResponse:
    return perform(
        request,
        form,
        action,
        success=lambda result: success,
        redirect_to=reverse("staff:seeker", args=[seeker.registration_number]),
        show_again=lambda form, status: _show_seeker(
            request,
            seeker.registration_number,
            failed=form,
            failed_flag=failed_flag,
            status=status,
        ),
    )


@staff_page
@require_POST
def date_change_request(request: HttpRequest, registration_number: str) -> HttpResponse:
    seeker = _seeker(registration_number)
    form = DateChangeRequestForm(request.POST, prefix="date_change")
    return _seeker_step(
        request,
        seeker,
        form,
        lambda data: services.request_registration_date_change(
            actor=request.user, seeker=seeker, new_date=data["new_date"], reason=data["reason"]
        ),
        _("The change of the registration date waits for a second staff member's approval."),
    )


@staff_page
@require_POST
def date_change_decide(
    request: HttpRequest, registration_number: str, change_id: int
) -> HttpResponse:
    seeker = _seeker(registration_number)
    change = get_object_or_404(RegistrationDateChange, pk=change_id, seeker=seeker)
    form = DateChangeDecisionForm(request.POST, prefix="decide")
    approve = form.data.get("decide-decision") == "approve"
    return _seeker_step(
        request,
        seeker,
        form,
        lambda data: services.decide_registration_date_change(
            actor=request.user, change=change, approve=data["decision"] == "approve"
        ),
        _("The change of the registration date was approved.")
        if approve
        else _("The change of the registration date was rejected."),
    )


@staff_page
@require_POST
def duplicate_resolve(request: HttpRequest, registration_number: str, flag_id: int) -> HttpResponse:
    seeker = _seeker(registration_number)
    flag = get_object_or_404(
        DuplicateFlag.objects.filter(seeker=seeker) | DuplicateFlag.objects.filter(other=seeker),
        pk=flag_id,
    )
    form = ResolveDuplicateForm(request.POST, prefix=f"resolve-{flag.pk}")
    return _seeker_step(
        request,
        seeker,
        form,
        lambda data: services.resolve_duplicate(
            actor=request.user, flag=flag, resolution=data["resolution"]
        ),
        _("The possible duplicate was resolved."),
        failed_flag=flag.pk,
    )


# --- The check of income and household against the evidence -------------------------------

CHECK_PARTS = ("income", "household")


def _check_part(part: str) -> str:
    if part not in CHECK_PARTS:
        raise Http404(part)
    return part


@staff_page
@require_POST
def check_confirm(request: HttpRequest, registration_number: str, part: str) -> HttpResponse:
    seeker = _seeker(registration_number)
    part = _check_part(part)
    service = services.check_income if part == "income" else services.check_household
    return _seeker_step(
        request,
        seeker,
        ConfirmForm(request.POST, prefix=f"check-{part}"),
        lambda data: service(actor=request.user, seeker=seeker),
        _("The income is checked.") if part == "income" else _("The household is checked."),
    )


@staff_page
@require_POST
def check_reject(request: HttpRequest, registration_number: str, part: str) -> HttpResponse:
    seeker = _seeker(registration_number)
    part = _check_part(part)
    service = services.reject_income if part == "income" else services.reject_household
    return _seeker_step(
        request,
        seeker,
        CheckRejectForm(request.POST, prefix=f"check-reject-{part}"),
        lambda data: service(actor=request.user, seeker=seeker, reason=data["reason"]),
        _("The income is rejected. The home seeker gets an email with the reason.")
        if part == "income"
        else _("The household is rejected. The home seeker gets an email with the reason."),
    )


# --- Urgency declarations: one staff member records, another confirms ----------------------


def _declaration(seeker: Seeker, declaration_id: int) -> UrgencyDeclaration:
    return get_object_or_404(UrgencyDeclaration, pk=declaration_id, seeker=seeker)


@staff_page
@require_POST
def urgency_propose(request: HttpRequest, registration_number: str) -> HttpResponse:
    seeker = _seeker(registration_number)
    form = UrgencyProposeForm(request.POST, request.FILES, prefix="urgency")
    return _seeker_step(
        request,
        seeker,
        form,
        lambda data: services.propose_urgency(
            actor=request.user,
            seeker=seeker,
            kind=data["kind"],
            valid_from=data["valid_from"],
            valid_until=data["valid_until"],
            issued_by=data["issued_by"],
            note=data["note"],
            document=data["document"] or None,
        ),
        _("The urgency declaration is recorded. It counts once a second staff member confirms it."),
    )


@staff_page
@require_POST
def urgency_confirm(
    request: HttpRequest, registration_number: str, declaration_id: int
) -> HttpResponse:
    seeker = _seeker(registration_number)
    declaration = _declaration(seeker, declaration_id)
    return _seeker_step(
        request,
        seeker,
        ConfirmForm(request.POST, prefix=f"urgency-confirm-{declaration.pk}"),
        lambda data: services.confirm_urgency(actor=request.user, declaration=declaration),
        _("The urgency declaration is confirmed. It counts from now on."),
    )


@staff_page
@require_POST
def urgency_reject(
    request: HttpRequest, registration_number: str, declaration_id: int
) -> HttpResponse:
    seeker = _seeker(registration_number)
    declaration = _declaration(seeker, declaration_id)
    form = UrgencyReasonForm(request.POST, prefix=f"urgency-reject-{declaration.pk}")
    return _seeker_step(
        request,
        seeker,
        form,
        lambda data: services.reject_urgency(
            actor=request.user, declaration=declaration, reason=data["reason"]
        ),
        _("The urgency declaration is rejected."),
    )


@staff_page
@require_POST
def urgency_end(
    request: HttpRequest, registration_number: str, declaration_id: int
) -> HttpResponse:
    seeker = _seeker(registration_number)
    declaration = _declaration(seeker, declaration_id)
    form = UrgencyReasonForm(request.POST, prefix=f"urgency-end-{declaration.pk}")
    return _seeker_step(
        request,
        seeker,
        form,
        lambda data: services.end_urgency(
            actor=request.user, declaration=declaration, reason=data["reason"]
        ),
        _("The urgency declaration has ended. It no longer counts from today."),
    )


@staff_page
@require_safe
def urgency_document(
    request: HttpRequest, registration_number: str, declaration_id: int
) -> FileResponse:
    """The declaration's document, from the storage, as the evidence files are handed out: its
    type read from its own first bytes, a PDF always as a download."""
    declaration = _declaration(_seeker(registration_number), declaration_id)
    return stored_document_response(
        default_storage, declaration.document.name, stem=f"urgency-{declaration.pk}"
    )
