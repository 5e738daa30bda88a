"""The forms of the survey pages: staff forms, and the questionnaire itself (built from the
instrument library, one radio group per item)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from voorrang.date_bounds import event_date
from voorrang.housing.models import Building
from voorrang.surveys.instruments import instrument, library
from voorrang.surveys.models import Cohort, Respondent, Wave
from voorrang.surveys.services import MAX_RESPONDENTS_AT_ONCE
from voorrang.web.forms import DateInput

NOT_ANSWERED = "-"


class WaveCreateForm(forms.Form):
    building = forms.ModelChoiceField(
        label=_("Building"), queryset=Building.objects.order_by("name"), empty_label=None
    )
    name = forms.CharField(
        label=_("Name of the wave"),
        max_length=Wave._meta.get_field("name").max_length,
        help_text=_("For example 'Baseline' or 'After 36 months'."),
    )
    opens_on = forms.DateField(
        label=_("Opening date"),
        widget=DateInput(),
        validators=[event_date],
        help_text=_(
            "The first wave of a building is its baseline. A later wave counts its months "
            "after the baseline from this date."
        ),
    )
    closes_on = forms.DateField(
        label=_("Closing date"), widget=DateInput(), validators=[event_date]
    )
    instruments = forms.MultipleChoiceField(
        label=_("Questionnaires"),
        widget=forms.CheckboxSelectMultiple,
        initial=list(library()),
        choices=(),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = get_language() or "nl"
        self.fields["instruments"].choices = [
            (code, item.name(language)) for code, item in library().items()
        ]


class RespondentAddForm(forms.Form):
    cohort = forms.ChoiceField(label=_("Cohort"), choices=Cohort.choices)
    count = forms.IntegerField(
        label=_("Number of respondents"),
        min_value=1,
        max_value=MAX_RESPONDENTS_AT_ONCE,
        initial=1,
        help_text=_("Each gets a new random pseudonym."),
    )
    pseudonym = forms.CharField(
        label=_("Pseudonym (optional, for one respondent)"),
        required=False,
        max_length=20,
        help_text=_("Leave empty for a new random pseudonym. Never use a name or an address."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("pseudonym") and data.get("count", 1) != 1:
            self.add_error("pseudonym", _("A pseudonym can only be given to one respondent."))
        return data


class InviteAllForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I will put these links in the letters now: they are shown only this once."),
        error_messages={"required": _("Confirm that you will use the links now.")},
    )


class RespondentForm(forms.Form):
    """A step for one respondent of the wave's building (an invitation link)."""

    respondent = forms.ModelChoiceField(queryset=Respondent.objects.all(), widget=forms.HiddenInput)


class ConfirmForm(forms.Form):
    """A step without input: the button is the whole form."""


class QuestionnaireForm(forms.Form):
    """One radio group per item of the wave's instruments, named ``<instrument>-<item>``.
    Every question may be left open. ``paper``: staff mark an item 'not answered' explicitly,
    as it was on the paper form, and give the date of the form."""

    def __init__(self, *args: Any, instruments: list[str], paper: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        language = get_language() or "nl"
        self.groups: list[dict[str, Any]] = []
        if paper:
            self.fields["completed_on"] = forms.DateField(
                label=_("Date on the form (or the day it was received)"), widget=DateInput()
            )
        for code in instruments:
            questionnaire = instrument(code)
            names = []
            for number, item in enumerate(questionnaire.items, start=1):
                name = f"{code}-{item.code}"
                choices = [(o.code, o.label(language)) for o in questionnaire.options]
                if paper:
                    choices.append((NOT_ANSWERED, _("Not answered")))
                self.fields[name] = forms.ChoiceField(
                    label=f"{number}. {item.text(language)}",
                    choices=choices,
                    required=paper,
                    widget=forms.RadioSelect,
                    error_messages={"required": _("Choose an answer, or 'Not answered'.")},
                )
                names.append(name)
            self.groups.append(
                {
                    "code": code,
                    "name": questionnaire.name(language),
                    "instruction": questionnaire.instruction(language),
                    "names": names,
                }
            )

    def group_fields(self) -> list[dict[str, Any]]:
        return [
            {**group, "fields": [self[name] for name in group["names"]]} for group in self.groups
        ]

    def answers(self) -> dict[str, dict[str, str | None]]:
        result: dict[str, dict[str, str | None]] = {}
        for group in self.groups:
            for name in group["names"]:
                code, item = _split(name, group["code"])
                value = self.cleaned_data.get(name) or None
                result.setdefault(code, {})[item] = None if value == NOT_ANSWERED else value
        return result


def _split(name: str, code: str) -> tuple[str, str]:
    # Instrument codes contain hyphens themselves: split on the known prefix.
    return code, name.removeprefix(f"{code}-")
