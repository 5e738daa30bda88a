"""The organisation's team of coordinators: add someone by email address, send an invitation
again, remove someone."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from voorrang.commitments import selectors, team
from voorrang.commitments.forms import CoordinatorForm, EmptyForm
from voorrang.commitments.models import CoordinatorMembership, WelfareOrganisation
from voorrang.web.access import staff_page
from voorrang.web.actions import perform


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
