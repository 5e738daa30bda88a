"""The survey pages: the staff's waves, respondents, links and paper entry, the results; and
the public questionnaire reached through a single-use link."""

from __future__ import annotations

import csv
from functools import partial
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from voorrang.errors import DomainError
from voorrang.surveys import report, selectors, services
from voorrang.surveys.forms import (
    ConfirmForm,
    InviteAllForm,
    QuestionnaireForm,
    RespondentAddForm,
    RespondentForm,
    WaveCreateForm,
)
from voorrang.surveys.instruments import library
from voorrang.surveys.models import Respondent, Wave
from voorrang.web.access import may_open, staff_page
from voorrang.web.actions import perform, step
from voorrang.web.forms import add_domain_error

SECTION = "surveys"


@staff_page
@require_safe
def wave_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "surveys/wave_list.html",
        {
            "waves": selectors.waves(),
            "may_create": may_open(request.user, "staff:survey_wave_create"),
            "may_read_results": may_open(request.user, "staff:survey_results"),
            "staff_section": SECTION,
        },
    )


@staff_page
def wave_create(request: HttpRequest) -> HttpResponse:
    form = WaveCreateForm(request.POST if request.method == "POST" else None)

    def show(form: forms.Form, status: int = 200) -> HttpResponse:
        return render(
            request,
            "surveys/wave_create.html",
            {"form": form, "failed": form if form.is_bound else None, "staff_section": SECTION},
            status=status,
        )

    if request.method != "POST":
        return show(form)
    return perform(
        request,
        form,
        lambda data: services.create_wave(actor=request.user, **data),
        success=lambda wave: _("Survey wave %(wave)s was created.") % {"wave": wave},
        redirect_to=lambda wave: reverse("staff:survey_wave", args=[wave.pk]),
        show_again=show,
    )


def _show_wave(
    request: HttpRequest, wave: Wave, *, failed: forms.Form | None = None, status: int = 200
) -> HttpResponse:
    page_forms: dict[str, forms.Form] = {
        "open": ConfirmForm(prefix="open"),
        "close": ConfirmForm(prefix="close"),
        "add": RespondentAddForm(prefix="add"),
        "all": InviteAllForm(prefix="all"),
    }
    if failed is not None and failed.prefix in page_forms:
        page_forms[failed.prefix] = failed
    return render(
        request,
        "surveys/wave.html",
        {
            "wave": wave,
            "respondents": selectors.respondents_of(wave),
            "forms": page_forms,
            "failed": failed,
            "conflict": status == 409,
            "may_manage": may_open(request.user, "staff:survey_invite"),
            "instrument_names": [
                library()[code].name(get_language() or "nl")
                for code in wave.instruments
                if code in library()
            ],
            "staff_section": SECTION,
        },
        status=status,
    )


def _wave(pk: int) -> Wave:
    return get_object_or_404(Wave.objects.select_related("building"), pk=pk)


@staff_page
@require_safe
def wave_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _show_wave(request, _wave(pk))


@staff_page
@require_POST
def wave_open(request: HttpRequest, pk: int) -> HttpResponse:
    wave = _wave(pk)
    return step(
        request,
        form=ConfirmForm(request.POST, prefix="open"),
        action=lambda data: services.open_wave(actor=request.user, wave=wave),
        success=_("The wave is open: links work and paper forms can be entered."),
        redirect_to=reverse("staff:survey_wave", args=[wave.pk]),
        page=partial(_show_wave, request, wave),
    )


@staff_page
@require_POST
def wave_close(request: HttpRequest, pk: int) -> HttpResponse:
    wave = _wave(pk)
    return step(
        request,
        form=ConfirmForm(request.POST, prefix="close"),
        action=lambda data: services.close_wave(actor=request.user, wave=wave),
        success=_("The wave is closed. Unused links no longer work."),
        redirect_to=reverse("staff:survey_wave", args=[wave.pk]),
        page=partial(_show_wave, request, wave),
    )


@staff_page
@require_POST
def respondent_add(request: HttpRequest, pk: int) -> HttpResponse:
    wave = _wave(pk)
    return step(
        request,
        form=RespondentAddForm(request.POST, prefix="add"),
        action=lambda data: _add_respondents(request, wave, data),
        success=lambda added: (
            ngettext(
                "%(count)s respondent was added: %(pseudonyms)s.",
                "%(count)s respondents were added: %(pseudonyms)s.",
                len(added),
            )
            % {"count": len(added), "pseudonyms": ", ".join(r.pseudonym for r in added[:20])}
        ),
        redirect_to=reverse("staff:survey_wave", args=[wave.pk]),
        page=partial(_show_wave, request, wave),
    )


def _add_respondents(request: HttpRequest, wave: Wave, data: dict[str, Any]) -> list[Respondent]:
    if data.get("pseudonym"):
        return [
            services.add_respondent(
                actor=request.user,
                building=wave.building,
                cohort=data["cohort"],
                pseudonym=data["pseudonym"],
            )
        ]
    return services.add_respondents(
        actor=request.user, building=wave.building, cohort=data["cohort"], count=data["count"]
    )


@staff_page
@require_POST
@never_cache
def invite_all(request: HttpRequest, pk: int) -> HttpResponse:
    """Links for every respondent without one, as CSV for a mail merge: the tokens are not
    stored, so this answer is the only place they are."""
    wave = _wave(pk)
    form = InviteAllForm(request.POST, prefix="all")
    status = 400
    if form.is_valid():
        try:
            issued = services.issue_invitations(actor=request.user, wave=wave)
        except DomainError as error:
            add_domain_error(form, error)
            status = 409
        else:
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            name = slugify(f"links {wave.building.name} {wave.label}")
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
            writer = csv.writer(response)
            writer.writerow(["pseudonym", "cohort", "link", "valid_until"])
            for invitation, token in issued:
                link = reverse("surveys:questionnaire", args=[token])
                writer.writerow(
                    [
                        invitation.respondent.pseudonym,
                        invitation.respondent.cohort,
                        request.build_absolute_uri(link),
                        timezone.localtime(invitation.expires_at).isoformat(),
                    ]
                )
            return response
    return _show_wave(request, wave, failed=form, status=status)


@staff_page
@require_POST
@never_cache
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    """Makes a link and shows it once: the token is not stored, so this page is not a
    redirect and is not cached."""
    wave = _wave(pk)
    form = RespondentForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            invitation, token = services.issue_invitation(
                actor=request.user, wave=wave, respondent=form.cleaned_data["respondent"]
            )
        except DomainError as error:
            add_domain_error(form, error)
            status = 409
        else:
            link = request.build_absolute_uri(reverse("surveys:questionnaire", args=[token]))
            return render(
                request,
                "surveys/invitation.html",
                {"wave": wave, "invitation": invitation, "link": link, "staff_section": SECTION},
            )
    return _show_wave(request, wave, failed=form, status=status)


@staff_page
def paper_entry(request: HttpRequest, pk: int, respondent_id: int) -> HttpResponse:
    wave = _wave(pk)
    respondent = get_object_or_404(Respondent, pk=respondent_id, building=wave.building)
    form = QuestionnaireForm(
        request.POST if request.method == "POST" else None,
        instruments=wave.instruments,
        paper=True,
        initial={"completed_on": timezone.localdate()},
    )

    def show(form: forms.Form, status: int = 200) -> HttpResponse:
        return render(
            request,
            "surveys/paper_entry.html",
            {
                "wave": wave,
                "respondent": respondent,
                "form": form,
                "failed": form if form.is_bound else None,
                "conflict": status == 409,
                "staff_section": SECTION,
            },
            status=status,
        )

    if request.method != "POST":
        return show(form)
    return perform(
        request,
        form,
        lambda data: services.enter_paper_form(
            actor=request.user,
            wave=wave,
            respondent=respondent,
            completed_on=data["completed_on"],
            answers=form.answers(),
        ),
        success=lambda submission: (
            _("The paper form of %(pseudonym)s was stored.") % {"pseudonym": respondent.pseudonym}
        ),
        redirect_to=reverse("staff:survey_wave", args=[wave.pk]),
        show_again=show,
    )


@staff_page
@require_safe
def results(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "surveys/results.html",
        {"section": report.kept_section(as_of=timezone.localdate()), "staff_section": SECTION},
    )


# --- The public questionnaire -------------------------------------------------------------


def _problem_text(code: str) -> str:
    return {
        "unknown": _("This link does not work. Check that you typed it in full."),
        "used": _("This questionnaire has been filled in already. Thank you!"),
        "revoked": _("This link no longer works. You may have received a new one."),
        "expired": _("This questionnaire is closed. You can no longer fill it in."),
        "closed": _("This questionnaire is closed. You can no longer fill it in."),
        "not_open": _("This questionnaire is not open yet. Please try again later."),
    }.get(code, _("This link cannot be used now."))


@never_cache
def questionnaire(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_for_token(token)
    problem = services.invitation_problem(invitation)
    if problem is not None:
        return render(
            request,
            "surveys/questionnaire_closed.html",
            {"message": _problem_text(problem)},
            status=404 if problem == "unknown" else 410,
        )
    assert invitation is not None
    wave = invitation.wave
    form = QuestionnaireForm(
        request.POST if request.method == "POST" else None, instruments=wave.instruments
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_online(token=token, answers=form.answers())
        except DomainError as error:
            if error.field and error.field in form.fields:
                add_domain_error(form, error)
                status = 400
            else:
                return render(
                    request,
                    "surveys/questionnaire_closed.html",
                    {"message": _problem_text(error.code)},
                    status=410,
                )
        else:
            return render(request, "surveys/questionnaire_thanks.html", {})
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "surveys/questionnaire.html",
        {"form": form, "wave": wave, "building": wave.building},
        status=status,
    )
