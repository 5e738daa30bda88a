"""Registering as a home seeker, one question per page (GOV.UK pattern). The answers are
kept in the session until the last page, where one service call stores them all at once."""

from __future__ import annotations

import contextlib
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from voorrang.errors import DomainError
from voorrang.portal.forms import ContactForm, IncomeForm, LocalTieForm, OtherPersonForm, PersonForm
from voorrang.seekers import evidence as evidence_files
from voorrang.seekers import services as seeker_services
from voorrang.seekers.models import EvidenceFile, IncomeEvidence
from voorrang.seekers.selectors import seeker_of
from voorrang.uploads import log_refused

SESSION_KEY = "registration"
STEPS = ("you", "household", "income", "contact", "local_tie", "check")


def _answers(request: HttpRequest) -> dict[str, Any]:
    return request.session.setdefault(SESSION_KEY, {})


def _save(request: HttpRequest, **answers: Any) -> None:
    current = _answers(request)
    current.update(answers)
    request.session[SESSION_KEY] = current
    request.session.modified = True


def _first_missing(answers: dict[str, Any]) -> str | None:
    for step, key in (
        ("you", "you"),
        ("household", "household_done"),
        ("income", "income"),
        ("contact", "contact"),
        ("local_tie", "local_tie"),
    ):
        if key not in answers:
            return step
    return None


def _next(request: HttpRequest, step: str) -> HttpResponse:
    """After a step: back to the check page when all is answered, else the next question."""
    answers = _answers(request)
    missing = _first_missing(answers)
    if missing is None or request.GET.get("change"):
        return redirect(
            "portal:register_check" if missing is None else f"portal:register_{missing}"
        )
    return redirect(f"portal:register_{missing}")


def _registration_view(view: Any) -> Any:
    @login_required
    @require_http_methods(["GET", "POST"])
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if seeker_of(request.user) is not None:
            messages.info(request, _("You are registered already."))
            return redirect("portal:my_page")
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _render(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    form = context.get("form")
    status = 400 if form is not None and form.is_bound and form.errors else 200
    context.setdefault("change", bool(request.GET.get("change")))
    return render(request, f"portal/register/{template}.html", context, status=status)


@login_required
def start(request: HttpRequest) -> HttpResponse:
    if seeker_of(request.user) is not None:
        return redirect("portal:my_page")
    return render(request, "portal/register/start.html")


@_registration_view
def you(request: HttpRequest) -> HttpResponse:
    initial = dict(_answers(request).get("you", {}))
    form = PersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        _save(request, you={**data, "birth_date": data["birth_date"].isoformat()})
        return _next(request, "you")
    return _render(request, "you", {"form": form})


@_registration_view
def household(request: HttpRequest) -> HttpResponse:
    answers = _answers(request)
    others: list[dict[str, str]] = list(answers.get("others", []))
    form = OtherPersonForm(request.POST if request.POST.get("action") == "add" else None)
    if request.method == "POST":
        if "remove" in request.POST:
            with contextlib.suppress(ValueError, IndexError):
                others.pop(int(request.POST["remove"]))
            _save(request, others=others)
            return redirect("portal:register_household")
        if request.POST.get("action") == "add":
            if form.is_valid():
                data = form.cleaned_data
                others.append({**data, "birth_date": data["birth_date"].isoformat()})
                _save(request, others=others)
                messages.success(
                    request, _("%(name)s has been added.") % {"name": data["first_name"]}
                )
                return redirect("portal:register_household")
        else:
            _save(request, others=others, household_done=True)
            return _next(request, "household")
    return _render(request, "household", {"form": form, "others": others})


@_registration_view
def income(request: HttpRequest) -> HttpResponse:
    answers = _answers(request)
    saved = answers.get("income", {})
    uploaded = EvidenceFile.objects.filter(
        pk=saved.get("evidence"), owner=request.user, seeker=None
    ).first()
    form = IncomeForm(
        request.POST or None,
        request.FILES or None,
        initial=saved,
        evidence_required=uploaded is None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data.get("evidence"):
            with transaction.atomic():
                try:
                    uploaded = evidence_files.store_upload(
                        owner=request.user, upload=data["evidence"]
                    )
                except DomainError as error:
                    form.add_error("evidence", error.message)
                    log_refused(form, upload="income evidence")
                    return _render(request, "income", {"form": form, "uploaded": uploaded})
        _save(
            request,
            income={
                "income": str(data["income"]),
                "income_evidence_kind": data["income_evidence_kind"],
                "income_evidence_date": data["income_evidence_date"].isoformat(),
                "evidence": uploaded.pk,
            },
        )
        return _next(request, "income")
    if "evidence" in form.errors:
        log_refused(form, upload="income evidence")
    return _render(request, "income", {"form": form, "uploaded": uploaded})


@_registration_view
def contact(request: HttpRequest) -> HttpResponse:
    form = ContactForm(request.POST or None, initial=_answers(request).get("contact"))
    if request.method == "POST" and form.is_valid():
        _save(request, contact=form.cleaned_data)
        return _next(request, "contact")
    return _render(request, "contact", {"form": form})


@_registration_view
def local_tie(request: HttpRequest) -> HttpResponse:
    saved = _answers(request).get("local_tie")
    initial = {"local_tie": "yes" if saved else "no"} if saved is not None else {}
    form = LocalTieForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        _save(request, local_tie=form.cleaned_data["local_tie"] == "yes")
        return _next(request, "local_tie")
    return _render(request, "local_tie", {"form": form})


def _members(answers: dict[str, Any]) -> list[dict[str, Any]]:
    people = [answers["you"], *answers.get("others", [])]
    return [
        {
            "first_name": p["first_name"],
            "last_name": p["last_name"],
            "birth_date": date.fromisoformat(p["birth_date"]),
        }
        for p in people
    ]


@_registration_view
def check(request: HttpRequest) -> HttpResponse:
    answers = _answers(request)
    missing = _first_missing(answers)
    if missing is not None:
        return redirect(f"portal:register_{missing}")
    income_answers = answers["income"]
    uploaded = EvidenceFile.objects.filter(
        pk=income_answers.get("evidence"), owner=request.user, seeker=None
    ).first()
    if uploaded is None:
        messages.error(request, _("Upload the document that shows your income again."))
        return redirect("portal:register_income")
    if request.method == "POST":
        contact_answers = answers["contact"]
        try:
            seeker = seeker_services.register_online(
                user=request.user,
                members=_members(answers),
                income=Decimal(income_answers["income"]),
                income_evidence_kind=income_answers["income_evidence_kind"],
                income_evidence_date=date.fromisoformat(income_answers["income_evidence_date"]),
                evidence=uploaded,
                local_tie=answers["local_tie"],
                # The emails follow the language of the pages the seeker registered in;
                # they can change it under "My details".
                language=translation.get_language() or settings.LANGUAGE_CODE,
                **contact_answers,
            )
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("portal:my_page")
        request.session.pop(SESSION_KEY, None)
        messages.success(
            request,
            _("You are registered. Your registration number is %(number)s.")
            % {"number": seeker.registration_number},
        )
        return redirect("portal:my_page")
    return render(
        request,
        "portal/register/check.html",
        {
            "members": _members(answers),
            "income": Decimal(income_answers["income"]),
            "evidence_kind": IncomeEvidence(income_answers["income_evidence_kind"]).label,
            "evidence_date": date.fromisoformat(income_answers["income_evidence_date"]),
            "uploaded": uploaded,
            "contact": answers["contact"],
            "local_tie": answers["local_tie"],
        },
    )
