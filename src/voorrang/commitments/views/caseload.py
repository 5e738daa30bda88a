"""The coordinator's overviews: the caseload (commitments followed, check-ins due, the
applicants in the pipeline) and what allocation tells the organisation about its buildings."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from voorrang.allocation.selectors.paging import paginate
from voorrang.commitments import selectors
from voorrang.commitments.forms import TargetedHomesFilterForm
from voorrang.web.access import staff_page

# Rows a page of the targeted homes' tables.
PER_PAGE = 25


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
    """The targeted homes in the organisation's buildings and, for each of its people with an
    approved commitment, the route to their home, the home and the tenancy's start: one page
    of 25 at a time, filtered by building, route and state."""
    buildings = selectors.buildings_for(request.user)
    form = TargetedHomesFilterForm(request.GET or None, buildings=buildings)
    data = form.cleaned_data if form.is_valid() else {}
    building = data.get("building")
    people = paginate(
        selectors.people_and_homes(
            request.user,
            building=building,
            route=data.get("route", ""),
            state=data.get("state", ""),
        ),
        request.GET.get("page"),
        per_page=PER_PAGE,
    )
    people.object_list = selectors.with_homes(list(people.object_list))
    vacancies = paginate(
        selectors.targeted_vacancies(request.user, building=building),
        request.GET.get("vacancies"),
        per_page=PER_PAGE,
    )
    return render(
        request,
        "commitments/welfare/allocation.html",
        {
            "filters": form if form.is_bound else TargetedHomesFilterForm(buildings=buildings),
            "people": people,
            "vacancies": vacancies,
            "welfare_section": "allocation",
        },
    )
