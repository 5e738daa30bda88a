"""Buildings and their units."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from voorrang.allocation import selectors
from voorrang.housing.models import Building
from voorrang.web.access import staff_page


@staff_page
@require_safe
def building_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "staff/building_list.html",
        {
            "buildings": selectors.paginate(selectors.building_list(), request.GET.get("page")),
            "staff_section": "buildings",
        },
    )


@staff_page
@require_safe
def building_detail(request: HttpRequest, pk: int) -> HttpResponse:
    building = get_object_or_404(Building.objects.select_related("complex"), pk=pk)
    page = selectors.building_page(
        building,
        units_page=request.GET.get("units"),
        vacancies_page=request.GET.get("vacancies"),
    )
    return render(
        request,
        "staff/building.html",
        {"page": page, "building": building, "staff_section": "buildings"},
    )
