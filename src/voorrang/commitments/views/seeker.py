"""The seeker's pages of the targeted track, under /inzet/: apply for a designated building,
follow the application and the commitment, log activities and answer check-ins. A seeker
reads only their own records (another's is not found)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from voorrang.commitments import selectors, services
from voorrang.commitments.forms import ActivityForm, ApplicationForm, CheckInForm, ObjectionForm
from voorrang.commitments.models import (
    Application,
    CheckIn,
    CommitmentAgreement,
    LoggedBy,
    Objection,
)
from voorrang.commitments.services.objection import term_ends
from voorrang.commitments.states import (
    OPEN_APPLICATION_STATES,
    ApplicationStatus,
    ObjectionStatus,
)
from voorrang.errors import DomainError
from voorrang.web.access import seeker_required
from voorrang.web.forms import add_domain_error


def _own(request: HttpRequest, pk: int) -> Application:
    return get_object_or_404(
        Application.objects.select_related("building", "organisation"),
        pk=pk,
        seeker=request.seeker,  # type: ignore[attr-defined]
    )


def _agreement(application: Application) -> CommitmentAgreement:
    try:
        return application.agreement
    except CommitmentAgreement.DoesNotExist:
        raise Http404 from None


def _submit(
    request: HttpRequest,
    form: forms.Form,
    action: Any,
    success: str,
    redirect_to: str,
    show_again: Any,
) -> HttpResponse:
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, success)
            return HttpResponseRedirect(redirect_to)
    return show_again(form)


@seeker_required
@require_safe
def overview(request: HttpRequest) -> HttpResponse:
    seeker = request.seeker  # type: ignore[attr-defined]
    applications = selectors.seeker_applications(seeker)
    open_buildings = {a.building_id for a in applications if a.status in OPEN_APPLICATION_STATES}
    can_apply = selectors.designated_buildings().exclude(pk__in=open_buildings).exists()
    return render(
        request,
        "commitments/track/overview.html",
        {
            "applications": applications,
            "can_apply": can_apply,
            "ApplicationStatus": ApplicationStatus,
        },
    )


@seeker_required
def apply(request: HttpRequest) -> HttpResponse:
    seeker = request.seeker  # type: ignore[attr-defined]
    buildings = selectors.designated_buildings()
    form = ApplicationForm(request.POST or None, buildings=buildings)
    if request.method == "POST":
        return _submit(
            request,
            form,
            lambda data: services.submit_application(actor=request.user, seeker=seeker, **data),
            _("Thank you. We have received your application."),
            reverse("track:overview"),
            lambda failed: render(
                request, "commitments/track/apply.html", {"form": failed}, status=400
            ),
        )
    return render(request, "commitments/track/apply.html", {"form": form})


def _application_page(
    request: HttpRequest, application: Application, objection_form: Any = None, status: int = 200
) -> HttpResponse:
    agreement = CommitmentAgreement.objects.filter(application=application).first()
    today = timezone.localdate()
    check_ins = list(agreement.check_ins.all()) if agreement else []
    # What the tenant sees of a request for support: that it is open or handled, and when;
    # never the coordinator's note.
    support = list(agreement.support_tasks.all()) if agreement else []
    objection_open = application.objections.filter(status=ObjectionStatus.LODGED).exists()
    objection_term_ends = term_ends(application)
    return render(
        request,
        "commitments/track/application.html",
        {
            "application": application,
            "intake": application.intakes.filter(cancelled=False).first(),
            "decision": application.decisions.first(),
            "objections": list(application.objections.all()),
            "objection_open": objection_open,
            "objection_term_ends": objection_term_ends,
            "objection_term_over": objection_term_ends is not None and today > objection_term_ends,
            "objection_form": objection_form or ObjectionForm(),
            "agreement": agreement,
            "home": selectors.home_of(application),
            "hours": selectors.hours(agreement) if agreement else None,
            "logs": list(agreement.activity_logs.select_related("need")[:20]) if agreement else [],
            "check_ins": [(c, selectors.check_in_open(c, today)) for c in check_ins],
            "support": support,
            "steps": selectors.next_steps(application, agreement, objection_open=objection_open),
            "ApplicationStatus": ApplicationStatus,
        },
        status=status,
    )


@seeker_required
@require_safe
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _application_page(request, _own(request, pk))


@seeker_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = _own(request, pk)
    try:
        services.withdraw(actor=request.user, application=application)
    except DomainError as error:
        messages.error(request, str(error.message))
        return HttpResponseRedirect(reverse("track:application", args=[pk]))
    messages.success(request, _("You have withdrawn your application."))
    return HttpResponseRedirect(reverse("track:overview"))


@seeker_required
@require_POST
def objection(request: HttpRequest, pk: int) -> HttpResponse:
    application = _own(request, pk)
    return _submit(
        request,
        ObjectionForm(request.POST, request.FILES),
        lambda data: services.lodge_objection(
            actor=request.user,
            application=application,
            grounds=data["grounds"],
            documents=data["documents"],
        ),
        _(
            "We have received your objection. Another coordinator of the welfare organisation "
            "will decide on it. You will get an email."
        ),
        reverse("track:application", args=[pk]),
        lambda failed: _application_page(request, application, failed, status=400),
    )


@seeker_required
def activities(request: HttpRequest, pk: int) -> HttpResponse:
    application = _own(request, pk)
    agreement = _agreement(application)
    needs = agreement.activities.all()
    form = ActivityForm(
        request.POST or None, needs=needs, initial={"done_on": timezone.localdate()}
    )

    def show(failed: forms.Form | None = None) -> HttpResponse:
        return render(
            request,
            "commitments/track/activities.html",
            {
                "application": application,
                "agreement": agreement,
                "form": failed or form,
                "logs": agreement.activity_logs.select_related("need"),
                "hours": selectors.hours(agreement),
            },
            status=400 if failed is not None else 200,
        )

    if request.method == "POST":
        return _submit(
            request,
            form,
            lambda data: services.log_activity(
                actor=request.user, agreement=agreement, logged_by=LoggedBy.SEEKER, **data
            ),
            _("Thank you. We have saved your activity."),
            reverse("track:activities", args=[pk]),
            show,
        )
    return show()


@seeker_required
def check_in(request: HttpRequest, pk: int, check_in_id: int) -> HttpResponse:
    application = _own(request, pk)
    item = get_object_or_404(
        CheckIn.objects.select_related("agreement"),
        pk=check_in_id,
        agreement__application=application,
    )
    form = CheckInForm(request.POST or None)

    def show(failed: forms.Form | None = None) -> HttpResponse:
        return render(
            request,
            "commitments/track/check_in.html",
            {
                "application": application,
                "check_in": item,
                "form": failed or form,
                "open": selectors.check_in_open(item),
            },
            status=400 if failed is not None else 200,
        )

    if request.method == "POST":
        return _submit(
            request,
            form,
            lambda data: services.answer_check_in(
                actor=request.user, check_in=item, answered_by=LoggedBy.SEEKER, **data
            ),
            _("Thank you for your answers."),
            reverse("track:application", args=[pk]),
            show,
        )
    return show()


@seeker_required
@require_POST
def objection_withdraw(request: HttpRequest, pk: int, objection_id: int) -> HttpResponse:
    application = _own(request, pk)
    objection = get_object_or_404(Objection, pk=objection_id, application=application)
    try:
        services.withdraw_objection(actor=request.user, objection=objection)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("You have withdrawn your objection."))
    return HttpResponseRedirect(reverse("track:application", args=[pk]))
