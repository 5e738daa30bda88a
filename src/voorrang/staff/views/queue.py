"""The work queue: what needs doing today."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from voorrang.allocation import selectors
from voorrang.objections.selectors import objections_to_decide
from voorrang.portal.models import AccountEndRequest, EndRequestStatus
from voorrang.web.access import staff_page


@staff_page
@require_safe
def work_queue(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "staff/queue.html",
        {
            "queue": selectors.work_queue(viewer=request.user),
            "staff_section": "queue",
            # Here, not in the allocation's work queue: objections build on allocation.
            "objections_to_decide": objections_to_decide(viewer=request.user),
            "end_requests_waiting": AccountEndRequest.objects.filter(
                status=EndRequestStatus.PENDING
            ).count(),
        },
    )
