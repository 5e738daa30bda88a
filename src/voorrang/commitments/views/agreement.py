"""The commitment agreement with an approved seeker: made on its own page, and downloaded as
a PDF."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from voorrang.commitments import selectors, services
from voorrang.commitments.forms import AgreementForm
from voorrang.commitments.models import Application
from voorrang.commitments.pdf import agreement_pdf
from voorrang.commitments.views.applications import (
    agreement_or_404,
    application_or_404,
    application_url,
    show_form_again,
)
from voorrang.web.access import staff_page
from voorrang.web.actions import perform


def _coordinators(request: HttpRequest, application: Application) -> Any:
    return get_user_model().objects.filter(
        pk__in=application.organisation.memberships.values("user")
    )


@staff_page
def agreement(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_or_404(request, pk)
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
            redirect_to=application_url(application, "agreement"),
            show_again=show_form_again(request, "commitments/welfare/agreement.html", context),
        )
    return render(request, "commitments/welfare/agreement.html", {**context, "form": form})


@staff_page
@require_safe
def agreement_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_or_404(request, pk)
    agreement = agreement_or_404(application)
    response = HttpResponse(agreement_pdf(agreement), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="agreement-{application.pk}.pdf"'
    return response
