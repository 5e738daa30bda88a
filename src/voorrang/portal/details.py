"""A registered seeker changes their details; every change goes through a service that
records it in the audit trail."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from voorrang.errors import DomainError
from voorrang.portal.forms import (
    ContactForm,
    IncomeForm,
    LanguageForm,
    LocalTieForm,
    OtherPersonForm,
)
from voorrang.seekers import evidence as evidence_files
from voorrang.seekers import services as seeker_services
from voorrang.seekers.models import HouseholdMember
from voorrang.uploads import log_refused
from voorrang.web.access import seeker_required


@seeker_required
def overview(request: HttpRequest) -> HttpResponse:
    seeker = request.seeker  # type: ignore[attr-defined]
    return render(
        request,
        "portal/details/overview.html",
        {
            "seeker": seeker,
            "members": seeker.members.all(),
            "evidence": seeker.evidence_files.all(),
        },
    )


def _change(
    request: HttpRequest, form: Any, template: str, changes: dict[str, Any], upload: Any = None
) -> HttpResponse | None:
    try:
        with transaction.atomic():
            stored = (
                evidence_files.store_upload(owner=request.user, upload=upload) if upload else None
            )
            seeker_services.change_details(
                actor=request.user,
                seeker=request.seeker,  # type: ignore[attr-defined]
                changes=changes,
                evidence=stored,
            )
    except DomainError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return None
    except Exception as error:
        from django.core.exceptions import ValidationError

        if not isinstance(error, ValidationError):
            raise
        for field, problems in error.message_dict.items():
            for problem in problems:
                form.add_error(field if field in form.fields else None, problem)
        return None
    messages.success(request, _("Your details have been changed."))
    return redirect("portal:details")


@seeker_required
def contact(request: HttpRequest) -> HttpResponse:
    seeker = request.seeker  # type: ignore[attr-defined]
    initial = {k: getattr(seeker, k) for k in ContactForm.base_fields}
    form = ContactForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = _change(request, form, "contact", form.cleaned_data)
        if done:
            return done
    return _page(request, "contact", form)


@seeker_required
def income(request: HttpRequest) -> HttpResponse:
    seeker = request.seeker  # type: ignore[attr-defined]
    initial = {
        "income": seeker.income,
        "income_evidence_kind": seeker.income_evidence_kind,
        "income_evidence_date": seeker.income_evidence_date,
    }
    form = IncomeForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("evidence")
        done = _change(request, form, "income", data, upload)
        if done:
            return done
    if "evidence" in form.errors:
        log_refused(form, upload="income evidence")
    return _page(request, "income", form)


@seeker_required
def local_tie(request: HttpRequest) -> HttpResponse:
    seeker = request.seeker  # type: ignore[attr-defined]
    form = LocalTieForm(
        request.POST or None, initial={"local_tie": "yes" if seeker.local_tie else "no"}
    )
    if request.method == "POST" and form.is_valid():
        done = _change(
            request, form, "local_tie", {"local_tie": form.cleaned_data["local_tie"] == "yes"}
        )
        if done:
            return done
    return _page(request, "local_tie", form)


@seeker_required
def language(request: HttpRequest) -> HttpResponse:
    """The language of the emails; the pages follow the language switch or the browser."""
    seeker = request.seeker  # type: ignore[attr-defined]
    form = LanguageForm(request.POST or None, initial={"language": seeker.language})
    if request.method == "POST" and form.is_valid():
        done = _change(request, form, "language", {"language": form.cleaned_data["language"]})
        if done:
            return done
    return _page(request, "language", form)


def _page(request: HttpRequest, name: str, form: Any) -> HttpResponse:
    status = 400 if form.is_bound and form.errors else 200
    return render(request, f"portal/details/{name}.html", {"form": form}, status=status)


@seeker_required
def household(request: HttpRequest) -> HttpResponse:
    seeker = request.seeker  # type: ignore[attr-defined]
    form = OtherPersonForm(request.POST or None)
    if request.method == "POST":
        if "remove" in request.POST:
            member = get_object_or_404(
                HouseholdMember, pk=request.POST.get("remove"), seeker=seeker
            )
            try:
                seeker_services.remove_household_member(actor=request.user, member=member)
                messages.success(request, _("%(name)s has been removed.") % {"name": member})
            except DomainError as error:
                messages.error(request, error.message)
            return redirect("portal:details_household")
        if form.is_valid():
            try:
                seeker_services.add_household_member(
                    actor=request.user, seeker=seeker, **form.cleaned_data
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("%(name)s has been added.") % {"name": form.cleaned_data["first_name"]},
                )
                return redirect("portal:details_household")
    return render(
        request,
        "portal/details/household.html",
        {"form": form, "members": seeker.members.all()},
        status=400 if form.is_bound and form.errors else 200,
    )
