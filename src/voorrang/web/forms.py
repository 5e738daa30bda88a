"""Form helpers of every page: the browser's own date picker, text areas, and a service's error
put on the field it names."""

from __future__ import annotations

from typing import Any

from django import forms

from voorrang.errors import DomainError, NotAllowed


class DateInput(forms.DateInput):
    """The browser's own date picker; the value travels as ISO 8601, which Django always reads."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def text_area(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "cols": 40})


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Put a service's error on the field it names, or above the form when it names none
    (or one this form does not have)."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


def is_conflict(error: DomainError) -> bool:
    """A rule that does not allow the step now (a stale page, a state changed meanwhile),
    as opposed to wrong input."""
    return isinstance(error, NotAllowed)
