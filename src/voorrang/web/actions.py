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


def step(
    request: HttpRequest,
    *,
    form: forms.Form,
    action: Callable[[dict[str, Any]], Any],
    success: str | Callable[[Any], str],
    redirect_to: str | Callable[[Any], str],
    page: Callable[..., HttpResponse],
) -> HttpResponse:
    """One step on a page that offers several, each in its own form (a record's page): the
    step is performed, and when it is not saved the same page is shown again through
    ``page(failed=form, status=status)``, with the form as it was sent in the place of its
    blank one. ``success`` is the message, or makes it from the service's result."""
    return perform(
        request,
        form,
        action,
        success=success if callable(success) else (lambda _result: success),
        redirect_to=redirect_to,
        show_again=lambda failed, status: page(failed=failed, status=status),
    )
