"""One way for every staff form that changes something: check the form, call the service,
and either redirect with a message (the page then shows the new state) or show the same page
again with the service's error on the field it names. The service runs in one transaction, so
a refused step leaves nothing half-written."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from voorrang.errors import DomainError
from voorrang.web.forms import add_domain_error, is_conflict

# Invalid input; and a step the current state does not allow (a stale page, two people at once).
STATUS_INVALID = 400
STATUS_CONFLICT = 409


def perform(
    request: HttpRequest,
    form: forms.Form,
    action: Callable[[dict[str, Any]], Any],
    *,
    success: Callable[[Any], str],
    redirect_to: str | Callable[[Any], str],
    show_again: Callable[[forms.Form, int], HttpResponse],
) -> HttpResponse:
    status = STATUS_INVALID
    if form.is_valid():
        try:
            result = action(form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
            if is_conflict(error):
                status = STATUS_CONFLICT
        else:
            messages.success(request, success(result))
            return HttpResponseRedirect(
                redirect_to(result) if callable(redirect_to) else redirect_to
            )
    return show_again(form, status)
