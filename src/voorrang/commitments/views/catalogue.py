"""The organisation's settings: the catalogue of needs of each of its buildings and its rubric
of criteria."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from voorrang.commitments import selectors, services
from voorrang.commitments.forms import CriterionDescriptionForm, CriterionForm, NeedForm
from voorrang.commitments.models import BuildingNeed, RubricCriterion
from voorrang.errors import DomainError
from voorrang.web.access import staff_page
from voorrang.web.actions import perform


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
def criterion(request: HttpRequest, criterion_id: int) -> HttpResponse:
    """What each score means on one criterion, and its pass mark."""
    item = get_object_or_404(
        RubricCriterion,
        pk=criterion_id,
        organisation__in=selectors.organisations_of(request.user),
    )
    form = CriterionDescriptionForm(
        request.POST or None, initial=CriterionDescriptionForm.initial_of(item)
    )
    page = {"criterion": item, "welfare_section": "settings"}
    if request.method == "POST":
        return perform(
            request,
            form,
            lambda data: services.describe_criterion(
                actor=request.user, criterion=item, **form.service_arguments()
            ),
            success=lambda c: _("The scores of “%(name)s” are saved.") % {"name": c.label},
            redirect_to=reverse("welfare:rubric"),
            show_again=lambda failed, status: render(
                request,
                "commitments/welfare/criterion.html",
                {**page, "form": failed, "failed": failed, "conflict": status == 409},
                status=status,
            ),
        )
    return render(request, "commitments/welfare/criterion.html", {**page, "form": form})


@staff_page
@require_POST
def criterion_toggle(request: HttpRequest, criterion_id: int) -> HttpResponse:
    criterion = get_object_or_404(
        RubricCriterion,
        pk=criterion_id,
        organisation__in=selectors.organisations_of(request.user),
    )
    try:
        services.set_criterion_active(
            actor=request.user, criterion=criterion, active=not criterion.active
        )
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect(reverse("welfare:rubric"))
    return redirect("welfare:rubric")
