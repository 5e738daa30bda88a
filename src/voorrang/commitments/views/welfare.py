"""The welfare coordinators' pages, under /staff/welfare/. Each URL name has its entry in
``voorrang.web.access.ACCESS``; each record is read through the selectors scoped to the
coordinator's organisation, so a record of another organisation is not found (404)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from voorrang.audit.selectors import trail
from voorrang.commitments import selectors, services, team
from voorrang.commitments.forms import (
    ActivityForm,
    AgreementForm,
    AssessmentForm,
    CheckInForm,
    CoordinatorForm,
    CriterionForm,
    DecisionForm,
    EmptyForm,
    EndForm,
    MoveForm,
    NeedForm,
    ObjectionDecisionForm,
    PauseForm,
    RecordIntakeForm,
    RenewForm,
    ScheduleIntakeForm,
)
from voorrang.commitments.models import (
    Application,
    BuildingNeed,
    CheckIn,
    CommitmentAgreement,
    CoordinatorMembership,
    LoggedBy,
    Objection,
    RubricCriterion,
    WelfareOrganisation,
)
from voorrang.commitments.pdf import agreement_pdf
from voorrang.commitments.states import ApplicationStatus, FollowUpStatus
from voorrang.web.access import staff_page
from voorrang.web.actions import perform


def _application(request: HttpRequest, pk: int) -> Application:
    try:
        return selectors.application_for(request.user, pk)
    except Application.DoesNotExist:
        raise Http404 from None


def _agreement(application: Application) -> CommitmentAgreement:
    try:
        return application.agreement
    except CommitmentAgreement.DoesNotExist:
        raise Http404 from None


def _application_url(application: Application, anchor: str = "") -> str:
    return reverse("welfare:application", args=[application.pk]) + (f"#{anchor}" if anchor else "")


# --- Queue and application ----------------------------------------------------------------


def _show_again(request: HttpRequest, template: str, context: dict[str, Any]) -> Any:
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
    return render(
        request,
        "commitments/welfare/queue.html",
        {
            "applications": applications[:500],
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
        "objection_form": ObjectionDecisionForm(),
        "move_form": MoveForm(),
        "pause_form": PauseForm(),
        "end_form": EndForm(),
        "activity_form": ActivityForm(needs=needs, initial={"done_on": timezone.localdate()}),
    }
    return forms_


def _application_page(
    request: HttpRequest,
    application: Application,
    *,
    failed: forms.Form | None = None,
    failed_name: str = "",
    status: int = 200,
) -> HttpResponse:
    context = _forms(application)
    if failed is not None and failed_name:
        context[failed_name] = failed
    agreement = CommitmentAgreement.objects.filter(application=application).first()
    context.update(
        application=application,
        intakes=list(application.intakes.all()),
        assessments=list(
            application.assessments.prefetch_related("scores__criterion").select_related(
                "assessed_by"
            )
        ),
        decisions=list(application.decisions.select_related("decided_by")),
        objections=list(application.objections.all()),
        agreement=agreement,
        hours=selectors.hours(agreement) if agreement else None,
        check_ins=list(agreement.check_ins.all()) if agreement else [],
        logs=list(agreement.activity_logs.select_related("need")[:50]) if agreement else [],
        periods=list(agreement.periods.all()) if agreement else [],
        trail=list(trail(application)),
        failed=failed,
        conflict=status == 409,
        S=ApplicationStatus,
        F=FollowUpStatus,
        welfare_section="queue",
    )
    return render(request, "commitments/welfare/application.html", context, status=status)


@staff_page
@require_safe
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _application_page(request, _application(request, pk))


def _step(
    request: HttpRequest,
    application: Application,
    form: forms.Form,
    name: str,
    action: Any,
    success: str,
    anchor: str = "",
) -> HttpResponse:
    return perform(
        request,
        form,
        action,
        success=lambda _result: success,
        redirect_to=_application_url(application, anchor),
        show_again=lambda failed, status: _application_page(
            request, application, failed=failed, failed_name=name, status=status
        ),
    )


@staff_page
@require_POST
def intake_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)

    def action(data: dict[str, Any]) -> Any:
        starts_at = timezone.make_aware(datetime.combine(data["day"], data["time"]))
        return services.schedule_intake(
            actor=request.user, application=application, starts_at=starts_at, place=data["place"]
        )

    return _step(
        request,
        application,
        ScheduleIntakeForm(request.POST),
        "schedule_form",
        action,
        _("The intake is scheduled and the invitation sent."),
    )


@staff_page
@require_POST
def intake_record(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    return _step(
        request,
        application,
        RecordIntakeForm(request.POST),
        "record_form",
        lambda data: services.record_intake(
            actor=request.user,
            application=application,
            held_on=data["held_on"],
            notes=data["notes"],
        ),
        _("The intake is recorded."),
    )


@staff_page
def assess(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    criteria = list(application.organisation.criteria.filter(active=True))
    form = AssessmentForm(request.POST or None, criteria=criteria)
    if request.method == "POST":
        return perform(
            request,
            form,
            lambda data: services.assess(
                actor=request.user, application=application, scores=form.scores()
            ),
            success=lambda _r: _("The assessment is saved."),
            redirect_to=_application_url(application, "decision"),
            show_again=_show_again(
                request,
                "commitments/welfare/assess.html",
                {"application": application, "welfare_section": "queue"},
            ),
        )
    return render(
        request,
        "commitments/welfare/assess.html",
        {"application": application, "form": form, "welfare_section": "queue"},
    )


@staff_page
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    return _step(
        request,
        application,
        DecisionForm(request.POST),
        "decision_form",
        lambda data: services.decide(
            actor=request.user,
            application=application,
            approve=data["outcome"] == "approved",
            reasons=data["reasons"],
        ),
        _("The decision is recorded and the seeker informed."),
    )


@staff_page
@require_POST
def renew(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    return _step(
        request,
        application,
        RenewForm(request.POST),
        "renew_form",
        lambda data: services.renew(
            actor=request.user, application=application, reasons=data["reasons"]
        ),
        _("The approval is renewed."),
    )


@staff_page
@require_POST
def objection_decide(request: HttpRequest, pk: int, objection_id: int) -> HttpResponse:
    application = _application(request, pk)
    objection = get_object_or_404(Objection, pk=objection_id, application=application)
    return _step(
        request,
        application,
        ObjectionDecisionForm(request.POST),
        "objection_form",
        lambda data: services.decide_objection(
            actor=request.user,
            objection=objection,
            upheld=data["outcome"] == "upheld",
            reasons=data["reasons"],
        ),
        _("The decision on the objection is recorded."),
    )


# --- Agreement ------------------------------------------------------------------------------


def _coordinators(request: HttpRequest, application: Application) -> Any:
    return get_user_model().objects.filter(
        pk__in=application.organisation.memberships.values("user")
    )


@staff_page
def agreement(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    form = AgreementForm(
        request.POST or None,
        needs=selectors.catalogue(application.building),
        coordinators=_coordinators(request, application),
        initial={
            "hours_per_month": application.hours_per_month,
            "duration_months": services.DEFAULT_DURATION_MONTHS,
            "coordinator": application.coordinator_id,
            "starts_on": max(application.available_from, timezone.localdate()),
            "signed_on": timezone.localdate(),
        },
    )
    context = {"application": application, "welfare_section": "queue"}
    if request.method == "POST":
        return perform(
            request,
            form,
            lambda data: services.make_agreement(
                actor=request.user, application=application, **data
            ),
            success=lambda _r: _("The agreement is saved."),
            redirect_to=_application_url(application, "agreement"),
            show_again=_show_again(request, "commitments/welfare/agreement.html", context),
        )
    return render(request, "commitments/welfare/agreement.html", {**context, "form": form})


@staff_page
@require_safe
def agreement_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    agreement = _agreement(application)
    response = HttpResponse(agreement_pdf(agreement), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="agreement-{application.pk}.pdf"'
    return response


# --- Follow-up ------------------------------------------------------------------------------


@staff_page
@require_POST
def follow_up_start(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    agreement = _agreement(application)
    return _step(
        request,
        application,
        MoveForm(request.POST),
        "move_form",
        lambda data: services.start_follow_up(
            actor=request.user, agreement=agreement, moved_in_on=data["moved_in_on"]
        ),
        _("The follow-up has started: the check-ins are planned."),
        "follow-up",
    )


@staff_page
@require_POST
def activity_log(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    agreement = _agreement(application)
    return _step(
        request,
        application,
        ActivityForm(request.POST, needs=selectors.catalogue(application.building)),
        "activity_form",
        lambda data: services.log_activity(
            actor=request.user, agreement=agreement, logged_by=LoggedBy.COORDINATOR, **data
        ),
        _("The activity is logged."),
        "follow-up",
    )


@staff_page
def check_in(request: HttpRequest, pk: int, check_in_id: int) -> HttpResponse:
    application = _application(request, pk)
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
            redirect_to=_application_url(application, "follow-up"),
            show_again=_show_again(request, "commitments/welfare/check_in.html", context),
        )
    return render(request, "commitments/welfare/check_in.html", {**context, "form": form})


@staff_page
@require_POST
def pause(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    agreement = _agreement(application)
    return _step(
        request,
        application,
        PauseForm(request.POST),
        "pause_form",
        lambda data: services.pause(actor=request.user, agreement=agreement, reason=data["reason"]),
        _("The commitment is paused."),
        "follow-up",
    )


@staff_page
@require_POST
def resume(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    agreement = _agreement(application)
    return _step(
        request,
        application,
        EmptyForm(request.POST),
        "resume_form",
        lambda data: services.resume(actor=request.user, agreement=agreement),
        _("The commitment is active again."),
        "follow-up",
    )


@staff_page
@require_POST
def end(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    agreement = _agreement(application)
    return _step(
        request,
        application,
        EndForm(request.POST),
        "end_form",
        lambda data: services.end(actor=request.user, agreement=agreement, reason=data["reason"]),
        _("The commitment has ended. This has no consequence for the tenancy."),
        "follow-up",
    )


# --- Caseload, allocation, catalogue and rubric ----------------------------------------------


@staff_page
@require_safe
def caseload(request: HttpRequest) -> HttpResponse:
    coordinators = selectors.coordinators_for(request.user)
    buildings = list(selectors.buildings_for(request.user))
    coordinator = building = None
    if request.GET.get("coordinator"):
        coordinator = next(
            (c for c in coordinators if str(c.pk) == request.GET["coordinator"]), None
        )
    elif request.GET.get("building"):
        building = next((b for b in buildings if str(b.pk) == request.GET["building"]), None)
    elif request.user in coordinators:
        coordinator = request.user
    return render(
        request,
        "commitments/welfare/caseload.html",
        {
            "load": selectors.caseload(request.user, coordinator=coordinator, building=building),
            "coordinator": coordinator,
            "building": building,
            "coordinators": coordinators,
            "buildings": buildings,
            "welfare_section": "caseload",
        },
    )


@staff_page
@require_safe
def allocation(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "commitments/welfare/allocation.html",
        {
            "vacancies": selectors.targeted_vacancies(request.user)[:200],
            "allocated": selectors.allocated_approved(request.user),
            "welfare_section": "allocation",
        },
    )


@staff_page
def catalogue(request: HttpRequest, building_id: int) -> HttpResponse:
    building = get_object_or_404(selectors.buildings_for(request.user), pk=building_id)
    form = NeedForm(request.POST or None)

    def show(failed: forms.Form | None = None, status: int = 200) -> HttpResponse:
        return render(
            request,
            "commitments/welfare/catalogue.html",
            {
                "building": building,
                "needs": building.needs.all(),
                "form": failed or form,
                "failed": failed,
                "conflict": status == 409,
                "welfare_section": "settings",
            },
            status=status,
        )

    if request.method == "POST":
        return perform(
            request,
            form,
            lambda data: services.add_need(actor=request.user, building=building, **data),
            success=lambda need: _("“%(name)s” is added to the catalogue.") % {"name": need.name},
            redirect_to=reverse("welfare:catalogue", args=[building.pk]),
            show_again=lambda failed, status: show(failed, status),
        )
    return show()


@staff_page
@require_POST
def need_toggle(request: HttpRequest, building_id: int, need_id: int) -> HttpResponse:
    building = get_object_or_404(selectors.buildings_for(request.user), pk=building_id)
    need = get_object_or_404(BuildingNeed, pk=need_id, building=building)
    services.set_need_active(actor=request.user, need=need, active=not need.active)
    return redirect("welfare:catalogue", building.pk)


@staff_page
def rubric(request: HttpRequest) -> HttpResponse:
    organisations = list(selectors.organisations_of(request.user).prefetch_related("criteria"))
    form = CriterionForm(request.POST or None)

    def show(failed: forms.Form | None = None, status: int = 200) -> HttpResponse:
        return render(
            request,
            "commitments/welfare/rubric.html",
            {
                "organisations": organisations,
                "buildings": selectors.buildings_for(request.user),
                "form": failed or form,
                "failed": failed,
                "conflict": status == 409,
                "welfare_section": "settings",
            },
            status=status,
        )

    if request.method == "POST":
        organisation = next(
            (o for o in organisations if str(o.pk) == request.POST.get("organisation")),
            organisations[0] if len(organisations) == 1 else None,
        )
        if organisation is None:
            form.is_valid()
            form.add_error(None, _("Choose the organisation."))
            return show(form, 400)
        return perform(
            request,
            form,
            lambda data: services.add_criterion(
                actor=request.user, organisation=organisation, **data
            ),
            success=lambda c: _("“%(name)s” is added to the rubric.") % {"name": c.label},
            redirect_to=reverse("welfare:rubric"),
            show_again=lambda failed, status: show(failed, status),
        )
    return show()


@staff_page
@require_POST
def criterion_toggle(request: HttpRequest, criterion_id: int) -> HttpResponse:
    criterion = get_object_or_404(
        RubricCriterion,
        pk=criterion_id,
        organisation__in=selectors.organisations_of(request.user),
    )
    from django.contrib import messages

    from voorrang.errors import DomainError

    try:
        services.set_criterion_active(
            actor=request.user, criterion=criterion, active=not criterion.active
        )
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect(reverse("welfare:rubric"))
    return redirect("welfare:rubric")


# --- The organisation's team ------------------------------------------------------------------


def _organisation(request: HttpRequest, organisation_id: int) -> WelfareOrganisation:
    return get_object_or_404(selectors.organisations_of(request.user), pk=organisation_id)


def _member(organisation: WelfareOrganisation, user_id: int) -> Any:
    return get_object_or_404(
        CoordinatorMembership.objects.select_related("user"),
        organisation=organisation,
        user_id=user_id,
    ).user


def _name(user: Any) -> str:
    return user.get_full_name() or user.email or user.username


def _team_page(
    request: HttpRequest, failed: forms.Form | None = None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "commitments/welfare/team.html",
        {
            "teams": selectors.teams(request.user),
            "failed": failed,
            "conflict": status == 409,
            "welfare_section": "team",
        },
        status=status,
    )


@staff_page
@require_safe
def team_page(request: HttpRequest) -> HttpResponse:
    return _team_page(request)


@staff_page
def team_add(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = _organisation(request, organisation_id)
    form = CoordinatorForm(request.POST if request.method == "POST" else None)

    def show(failed: forms.Form | None = None, status: int = 200) -> HttpResponse:
        return render(
            request,
            "commitments/welfare/team_add.html",
            {
                "organisation": organisation,
                "form": failed or form,
                "failed": failed,
                "conflict": status == 409,
                "welfare_section": "team",
            },
            status=status,
        )

    def added(result: team.Added) -> str:
        names = {"name": _name(result.user), "organisation": organisation.name}
        if result.invited:
            return (
                _(
                    "%(name)s is added to the team of %(organisation)s. We sent an email with a "
                    "link to choose a password."
                )
                % names
            )
        return _("%(name)s is added to the team of %(organisation)s.") % names

    if request.method == "POST":
        return perform(
            request,
            form,
            lambda data: team.add_coordinator_by_email(
                actor=request.user, organisation=organisation, **data
            ),
            success=added,
            redirect_to=reverse("welfare:team"),
            show_again=show,
        )
    return show()


@staff_page
def team_remove(request: HttpRequest, organisation_id: int, user_id: int) -> HttpResponse:
    organisation = _organisation(request, organisation_id)
    member = _member(organisation, user_id)
    form = EmptyForm(request.POST if request.method == "POST" else None)

    def show(failed: forms.Form | None = None, status: int = 200) -> HttpResponse:
        return render(
            request,
            "commitments/welfare/team_remove.html",
            {
                "organisation": organisation,
                "member": member,
                "form": failed or form,
                "failed": failed,
                "conflict": status == 409,
                "welfare_section": "team",
            },
            status=status,
        )

    def next_page(result: team.Removed) -> str:
        # Who removed themselves from their only organisation has no welfare pages left.
        if result.user.pk == request.user.pk and not result.kept_role:
            return reverse("portal:home")
        return reverse("welfare:team")

    if request.method == "POST":
        return perform(
            request,
            form,
            lambda data: team.remove_coordinator(
                actor=request.user, organisation=organisation, user=member
            ),
            success=lambda result: (
                _("%(name)s is no longer a coordinator of %(organisation)s.")
                % {"name": _name(result.user), "organisation": organisation.name}
            ),
            redirect_to=next_page,
            show_again=show,
        )
    return show()


@staff_page
@require_POST
def team_invite(request: HttpRequest, organisation_id: int, user_id: int) -> HttpResponse:
    organisation = _organisation(request, organisation_id)
    member = _member(organisation, user_id)
    return perform(
        request,
        EmptyForm(request.POST),
        lambda data: team.send_invitation_again(
            actor=request.user, organisation=organisation, user=member
        ),
        success=lambda _result: (
            _("We sent %(email)s a new link to choose a password.") % {"email": member.email}
        ),
        redirect_to=reverse("welfare:team"),
        show_again=lambda failed, status: _team_page(request, failed, status),
    )
