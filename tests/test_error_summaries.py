"""An error summary puts one mark between a field's label and its error."""

from __future__ import annotations

import pytest
from django import forms
from django.template.loader import render_to_string
from django.utils import translation

from voorrang.web.templatetags.voorrang_l10n import before_error


@pytest.mark.parametrize(
    ("label", "lead"),
    [
        ("Name", "Name:"),
        ("Name:", "Name:"),
        ("Start date.", "Start date:"),
        ("When do you want to start?", "When do you want to start?"),
        ("When do you want to start? ", "When do you want to start?"),
    ],
)
def test_a_label_ends_with_one_mark_before_its_error(label, lead) -> None:
    assert before_error(label) == lead


class StartForm(forms.Form):
    start = forms.CharField(label="When do you want to start?")
    name = forms.CharField(label="Name:")


@pytest.mark.parametrize("template", ["portal/includes/error_summary.html", "staff/_errors.html"])
def test_the_error_summaries_write_no_doubled_punctuation(template) -> None:
    with translation.override("en"):
        form = StartForm(data={})
        assert not form.is_valid()
        html = render_to_string(template, {"form": form, "failed": form})
    assert "start?:" not in html
    assert "Name::" not in html
    assert "When do you want to start? This field is required." in html
    assert "Name: This field is required." in html
