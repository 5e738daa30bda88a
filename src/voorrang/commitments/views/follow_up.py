"""The follow-up of a signed agreement on the application's page (it starts by itself at the
letting, see ``services.letting``): the activity log,
the check-ins, a pause, the end. Records only: nothing here touches the tenancy."""

from __future__ import annotations

from functools import partial

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from voorrang.commitments import selectors, services
from voorrang.commitments.forms import (
    ActivityForm,
    CheckInForm,
    CloseSupportTaskForm,
    EmptyForm,
    EndForm,
    PauseForm,
    ReassignSupportTaskForm,
)
from voorrang.commitments.models import CheckIn, LoggedBy, SupportTask
from voorrang.commitments.views.applications import (
    agreement_or_404,
    application_or_404,
    application_page,
    application_url,
    show_form_again,
)
from voorrang.web.access import staff_page
from voorrang.web.actions import perform, step


@staff_page
@require_POST
def activity_log(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_or_404(request, pk)
    agreement = agreement_or_404(application)
    return step(
        request,
        form=ActivityForm(request.POST, needs=selectors.catalogue(application.building)),
        action=lambda data: services.log_activity(
            actor=request.user, agreement=agreement, logged_by=LoggedBy.COORDINATOR, **data
        ),
        success=_("The activity is logged."),
        redirect_to=application_url(application, "follow-up"),
        page=partial(application_page, request, application, failed_name="activity_form"),
    )


@staff_page
def check_in(request: HttpRequest, pk: int, check_in_id: int) -> HttpResponse:
    application = application_or_404(request, pk)
    item = get_object_or_404(
        CheckIn.objects.select_related("agreement"),
        pk=check_in_id,
        agreement__application=application,
    )
    form = CheckInForm(request.POST or None)
    context = {"application": application, "check_in": item, "welfare_section": "queue"}
    if request.method == "POST":
        return perform(
            request,
            form,
            lambda data: services.answer_check_in(
                actor=request.user, check_in=item, answered_by=LoggedBy.COORDINATOR, **data
            ),
            success=lambda _r: _("The check-in is saved."),
            redirect_to=application_url(application, "follow-up"),
            show_again=show_form_again(request, "commitments/welfare/check_in.html", context),
        )
    return render(request, "commitments/welfare/check_in.html", {**context, "form": form})


@staff_page
@require_POST
def support_close(request: HttpRequest, pk: int, task_id: int) -> HttpResponse:
    application = application_or_404(request, pk)
    task = get_object_or_404(SupportTask, pk=task_id, agreement__application=application)
    return step(
        request,
        form=CloseSupportTaskForm(request.POST, prefix=f"support-{task.pk}"),
        action=lambda data: services.close_support_task(
            actor=request.user, task=task, note=data["closing_note"]
        ),
        success=_("The request for support is handled."),
        redirect_to=application_url(application, "support"),
        page=partial(application_page, request, application, failed_name=f"support_form_{task.pk}"),
    )


@staff_page
@require_POST
def support_reassign(request: HttpRequest, pk: int, task_id: int) -> HttpResponse:
    application = application_or_404(request, pk)
    task = get_object_or_404(SupportTask, pk=task_id, agreement__application=application)
    return step(
        request,
        form=ReassignSupportTaskForm(
            request.POST,
            prefix=f"give-{task.pk}",
            coordinators=selectors.coordinators_of(application.organisation),
        ),
        action=lambda data: services.reassign_support_task(
            actor=request.user, task=task, coordinator=data["assigned_to"]
        ),
        success=_("The request for support is given to another coordinator."),
        redirect_to=application_url(application, "support"),
        page=partial(application_page, request, application, failed_name=f"give_form_{task.pk}"),
    )


@staff_page
@require_POST
def pause(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_or_404(request, pk)
    agreement = agreement_or_404(application)
    return step(
        request,
        form=PauseForm(request.POST),
        action=lambda data: services.pause(
            actor=request.user, agreement=agreement, reason=data["reason"]
        ),
        success=_("The commitment is paused."),
        redirect_to=application_url(application, "follow-up"),
        page=partial(application_page, request, application, failed_name="pause_form"),
    )


@staff_page
@require_POST
def resume(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_or_404(request, pk)
    agreement = agreement_or_404(application)
    return step(
        request,
        form=EmptyForm(request.POST),
        action=lambda data: services.resume(actor=request.user, agreement=agreement),
        success=_("The commitment is active again."),
        redirect_to=application_url(application, "follow-up"),
        page=partial(application_page, request, application, failed_name="resume_form"),
    )


@staff_page
@require_POST
def end(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_or_404(request, pk)
    agreement = agreement_or_404(application)
    return step(
        request,
        form=EndForm(request.POST),
        action=lambda data: services.end(
            actor=request.user, agreement=agreement, reason=data["reason"]
        ),
        success=_("The commitment has ended. This has no consequence for the tenancy."),
        redirect_to=application_url(application, "follow-up"),
        page=partial(application_page, request, application, failed_name="end_form"),
    )
