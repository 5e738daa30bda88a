"""Requests of seekers to end their account: staff see the pending ones, with what would be
kept for running allocations, and confirm or decline each."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from voorrang.portal import services
from voorrang.portal.account_end import account_end_summary
from voorrang.portal.models import AccountEndRequest, EndRequestStatus
from voorrang.web.access import staff_page
from voorrang.web.actions import perform
from voorrang.web.forms import text_area


class ConfirmEndForm(forms.Form):
    checked = forms.BooleanField(
        label=gettext_lazy(
            "I have checked that the request comes from the account holder, and read what "
            "happens to the data."
        ),
    )


class DeclineEndForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for declining (sent to the home seeker)"),
        widget=text_area(),
    )


def _page(
    request: HttpRequest,
    *,
    failed: forms.Form | None = None,
    failed_pk: int | None = None,
    status: int = 200,
) -> HttpResponse:
    pending = list(
        AccountEndRequest.objects.filter(status=EndRequestStatus.PENDING)
        .select_related("user", "seeker")
        .order_by("requested_at")
    )
    rows = []
    for end_request in pending:
        seeker = end_request.seeker
        rows.append(
            {
                "request": end_request,
                "running": services.kept_for_vacancies(seeker) if seeker else [],
                "summary": account_end_summary(seeker=seeker),
                "confirm_form": failed
                if failed_pk == end_request.pk and isinstance(failed, ConfirmEndForm)
                else ConfirmEndForm(prefix=f"confirm-{end_request.pk}"),
                "decline_form": failed
                if failed_pk == end_request.pk and isinstance(failed, DeclineEndForm)
                else DeclineEndForm(prefix=f"decline-{end_request.pk}"),
            }
        )
    decided = (
        AccountEndRequest.objects.exclude(status=EndRequestStatus.PENDING)
        .select_related("seeker", "decided_by")
        .order_by("-decided_at")[:50]
    )
    context: dict[str, Any] = {
        "rows": rows,
        "decided": decided,
        "failed": failed,
        "conflict": status == 409,
    }
    return render(request, "staff/end_requests.html", context, status=status)


@staff_page
@require_GET
def end_request_list(request: HttpRequest) -> HttpResponse:
    return _page(request)


@staff_page
@require_POST
def end_request_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    end_request = get_object_or_404(AccountEndRequest, pk=pk)
    form = ConfirmEndForm(request.POST, prefix=f"confirm-{pk}")

    def success(erasure: services.Erasure) -> str:
        if erasure.kept_for:
            return _(
                "The account was ended. What the lettings still running need is kept until "
                "they end: %(vacancies)s."
            ) % {"vacancies": ", ".join(erasure.kept_for)}
        return _("The account was ended and the registration erased.")

    return perform(
        request,
        form,
        lambda data: services.confirm_account_end(actor=request.user, end_request=end_request),
        success=success,
        redirect_to=reverse("staff:end_requests"),
        show_again=lambda form, status: _page(request, failed=form, failed_pk=pk, status=status),
    )


@staff_page
@require_POST
def end_request_decline(request: HttpRequest, pk: int) -> HttpResponse:
    end_request = get_object_or_404(AccountEndRequest, pk=pk)
    form = DeclineEndForm(request.POST, prefix=f"decline-{pk}")
    return perform(
        request,
        form,
        lambda data: services.decline_account_end(
            actor=request.user, end_request=end_request, reason=data["reason"]
        ),
        success=lambda _result: _("The request was declined. The home seeker gets an email."),
        redirect_to=reverse("staff:end_requests"),
        show_again=lambda form, status: _page(request, failed=form, failed_pk=pk, status=status),
    )
