"""The form field for a person's name: cleaned as it comes in (see voorrang.person_names)."""

from __future__ import annotations

from typing import Any

from django import forms

from voorrang.person_names import clean_name


class PersonNameField(forms.CharField):
    def to_python(self, value: Any) -> str:
        return clean_name(super().to_python(value))
