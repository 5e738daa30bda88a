"""The coordinator's overviews: the caseload (commitments followed, check-ins due, the
applicants in the pipeline) and what allocation tells the organisation about its buildings."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from voorrang.commitments import selectors
from voorrang.web.access import staff_page


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
