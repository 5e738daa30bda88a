"""The welfare coordinators' queue and the page of one application: the intake, the
assessment with the rubric, the decision and its renewal (objections: views.objections). Each
record is read through the selectors scoped to the coordinator's organisation, so a record of
another organisation is not found (404)."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from voorrang.audit.selectors import trail
from voorrang.commitments import selectors, services
from voorrang.commitments.forms import (
    ActivityForm,
    AssessmentForm,
    CloseSupportTaskForm,
    DecisionForm,
    EndForm,
    PauseForm,
    ReassignSupportTaskForm,
    RecordIntakeForm,
    RenewForm,
    ScheduleIntakeForm,
)
from voorrang.commitments.models import Application, CommitmentAgreement
from voorrang.commitments.states import ApplicationStatus, FollowUpStatus
from voorrang.web.access import staff_page
from voorrang.web.actions import perform, step


def application_or_404(request: HttpRequest, pk: int) -> Application:
    try:
        return selectors.application_for(request.user, pk)
    except Application.DoesNotExist:
        raise Http404 from None


def agreement_or_404(application: Application) -> CommitmentAgreement:
    try:
        return application.agreement
    except CommitmentAgreement.DoesNotExist:
        raise Http404 from None


def application_url(application: Application, anchor: str = "") -> str:
    return reverse("welfare:application", args=[application.pk]) + (f"#{anchor}" if anchor else "")


def show_form_again(request: HttpRequest, template: str, context: dict[str, Any]) -> Any:
    """The page of a form that was not saved, shown again with the form as it was sent (its
    errors, or a conflict with a change made meanwhile: status 409)."""

    def show(failed: forms.Form, status: int) -> HttpResponse:
        page = {**context, "form": failed, "failed": failed, "conflict": status == 409}
        return render(request, template, page, status=status)

    return show


@staff_page
@require_safe
def queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status and status not in ApplicationStatus.values:
        status = ""
    applications = selectors.application_queue(request.user, status or None)
    new = list(selectors.new_applications(request.user)[:200])
    return render(
        request,
        "commitments/welfare/queue.html",
        {
            "applications": applications[:500],
            "new_applications": new,
            "new_ids": {a.pk for a in new},
            "overdue_count": selectors.overdue_check_ins(request.user).count(),
            "support_tasks": list(selectors.support_tasks(request.user)[:200]),
            "status": status,
            "statuses": ApplicationStatus.choices,
            "organisations": selectors.organisations_of(request.user),
            "welfare_section": "queue",
        },
    )


def _forms(application: Application) -> dict[str, Any]:
    needs = selectors.catalogue(application.building)
    forms_: dict[str, Any] = {
        "schedule_form": ScheduleIntakeForm(),
        "record_form": RecordIntakeForm(initial={"held_on": timezone.localdate()}),
        "decision_form": DecisionForm(),
        "renew_form": RenewForm(),
        "pause_form": PauseForm(),
        "end_form": EndForm(),
        "activity_form": ActivityForm(needs=needs, initial={"done_on": timezone.localdate()}),
    }
    return forms_


def application_page(
    request: HttpRequest,
    application: Application,
    *,
    failed: forms.Form | None = None,
    failed_name: str = "",
    status: int = 200,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """The application's page; after a step that was not saved, with its form as it was sent
    in the place (``failed_name``) of the blank one. ``extra``: the objections' part, when a
    step of theirs was not saved (views.objections)."""
    from voorrang.commitments.views.objections import objection_context

    context = _forms(application)
    context.update(extra or objection_context(request.user, application))
    if failed is not None and failed_name:
        context[failed_name] = failed
    agreement = CommitmentAgreement.objects.filter(application=application).first()
    check_ins = list(agreement.check_ins.all()) if agreement else []
    coordinators = selectors.coordinators_of(application.organisation)
    tasks = (
        list(agreement.support_tasks.select_related("check_in", "assigned_to", "closed_by"))
        if agreement
        else []
    )
    assessments = list(
        application.assessments.prefetch_related("scores__criterion").select_related("assessed_by")
    )
    context.update(
        application=application,
        intakes=list(application.intakes.all()),
        assessments=assessments,
        below_pass_mark=bool(assessments) and not assessments[0].passed,
        decisions=list(application.decisions.select_related("decided_by")),
        agreement=agreement,
        home=selectors.home_of(application),
        hours=selectors.hours(agreement) if agreement else None,
        check_ins=check_ins,
        overdue_ids={c.pk for c in check_ins if selectors.is_overdue(c)},
        support_tasks=[
            (
                task,
                context.get(f"support_form_{task.pk}")
                or CloseSupportTaskForm(prefix=f"support-{task.pk}"),
                context.get(f"give_form_{task.pk}")
                or ReassignSupportTaskForm(
                    prefix=f"give-{task.pk}",
                    coordinators=coordinators,
                    initial={"assigned_to": task.assigned_to_id},
                ),
            )
            for task in tasks
        ],
        logs=list(agreement.activity_logs.select_related("need")[:50]) if agreement else [],
        periods=list(agreement.periods.all()) if agreement else [],
        trail=list(trail(application)),
        failed=failed,
        conflict=status == 409,
        steps=selectors.next_steps(application, agreement),
        FollowUpStatus=FollowUpStatus,
        welfare_section="queue",
    )
    return render(request, "commitments/welfare/application.html", context, status=status)


@staff_page
@require_safe
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return application_page(request, application_or_404(request, pk))


@staff_page
@require_POST
def intake_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_or_404(request, pk)

    def action(data: dict[str, Any]) -> Any:
        starts_at = timezone.make_aware(datetime.combine(data["day"], data["time"]))
        return services.schedule_intake(
            actor=request.user, application=application, starts_at=starts_at, place=data["place"]
        )

    return step(
        request,
        form=ScheduleIntakeForm(request.POST),
        action=action,
        success=_("The intake is scheduled and the invitation sent."),
        redirect_to=application_url(application),
        page=partial(application_page, request, application, failed_name="schedule_form"),
    )


@staff_page
@require_POST
def intake_record(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_or_404(request, pk)
    return step(
        request,
        form=RecordIntakeForm(request.POST),
        action=lambda data: services.record_intake(
            actor=request.user,
            application=application,
            held_on=data["held_on"],
            notes=data["notes"],
        ),
        success=_("The intake is recorded."),
        redirect_to=application_url(application),
        page=partial(application_page, request, application, failed_name="record_form"),
    )


@staff_page
def assess(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_or_404(request, pk)
    criteria = list(application.organisation.criteria.filter(active=True))
    form = AssessmentForm(request.POST or None, criteria=criteria)
    page = {"application": application, "criteria": criteria, "welfare_section": "queue"}
    if request.method == "POST":
        return perform(
            request,
            form,
            lambda data: services.assess(
                actor=request.user, application=application, scores=form.scores()
            ),
            success=lambda _r: _("The assessment is saved."),
            redirect_to=application_url(application, "decision"),
            show_again=show_form_again(request, "commitments/welfare/assess.html", page),
        )
    return render(request, "commitments/welfare/assess.html", {**page, "form": form})


@staff_page
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_or_404(request, pk)
    return step(
        request,
        form=DecisionForm(request.POST),
        action=lambda data: services.decide(
            actor=request.user,
            application=application,
            approve=data["outcome"] == "approved",
            reasons=data["reasons"],
        ),
        success=_("The decision is recorded and the seeker informed."),
        redirect_to=application_url(application),
        page=partial(application_page, request, application, failed_name="decision_form"),
    )


@staff_page
@require_POST
def renew(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_or_404(request, pk)
    return step(
        request,
        form=RenewForm(request.POST),
        action=lambda data: services.renew(
            actor=request.user, application=application, reasons=data["reasons"]
        ),
        success=_("The approval is renewed."),
        redirect_to=application_url(application),
        page=partial(application_page, request, application, failed_name="renew_form"),
    )
