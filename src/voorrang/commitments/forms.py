"""Forms of the targeted track. They check the shape of the input; the services check the
rules, and their errors come back onto these forms under the field they name."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from voorrang.commitments.consent import CONSENT_STATEMENTS
from voorrang.commitments.models import BuildingNeed, Going, RubricCriterion
from voorrang.commitments.states import EndReason
from voorrang.housing.models import Building
from voorrang.person_name_field import PersonNameField
from voorrang.text_limits import limit_of
from voorrang.web.forms import DateInput, text_area

SCORES = [(str(n), str(n)) for n in range(1, 6)]
AGREEMENT_SCALE = [
    ("1", _("1 - not at all")),
    ("2", _("2")),
    ("3", _("3")),
    ("4", _("4")),
    ("5", _("5 - very much")),
]


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%H:%M")


class BuildingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Building) -> str:
        return f"{obj.name}, {obj.street}, {obj.town}"


# --- The seeker's forms --------------------------------------------------------------------


class ApplicationForm(forms.Form):
    building = BuildingChoiceField(
        label=_("Building"),
        queryset=Building.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    motivation = forms.CharField(
        label=_("What would you like to do for the residents and the neighbourhood?"),
        help_text=_("For example: organise a coffee morning, help children with homework."),
        widget=text_area(6),
        max_length=4000,
    )
    skills = forms.CharField(
        label=_("What are you good at?"),
        required=False,
        widget=text_area(3),
        max_length=2000,
    )
    experience = forms.CharField(
        label=_("Have you done volunteer work before? Tell us about it."),
        required=False,
        widget=text_area(3),
        max_length=2000,
    )
    hours_per_month = forms.IntegerField(
        label=_("How many hours a month can you give?"),
        min_value=1,
        max_value=80,
        help_text=_("Other schemes ask about 16 hours a month."),
    )
    available_from = forms.DateField(label=_("From when can you start?"), widget=DateInput())
    consents = forms.MultipleChoiceField(
        label=_("Please read these statements and tick each one you agree with"),
        choices=[(key, text) for key, text in CONSENT_STATEMENTS.items()],
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, buildings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["building"].queryset = buildings
        if buildings.count() == 1:
            self.fields["building"].initial = buildings.first()

    def clean_consents(self) -> list[str]:
        consents = self.cleaned_data["consents"]
        if set(consents) != set(CONSENT_STATEMENTS):
            raise forms.ValidationError(_("To apply, you need to agree with every statement."))
        return consents


class ActivityForm(forms.Form):
    done_on = forms.DateField(label=_("Date"), widget=DateInput())
    need = forms.ModelChoiceField(
        label=_("Activity"),
        queryset=BuildingNeed.objects.none(),
        required=False,
        empty_label=_("Something else"),
    )
    hours = forms.DecimalField(
        label=_("Hours"), min_value=0.25, max_value=24, decimal_places=2, max_digits=5
    )
    description = forms.CharField(
        label=_("What did you do?"), required=False, widget=text_area(3), max_length=2000
    )

    def __init__(self, *args: Any, needs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["need"].queryset = needs


class CheckInForm(forms.Form):
    settled = forms.TypedChoiceField(
        label=_("I feel at home in the building"),
        choices=AGREEMENT_SCALE,
        coerce=int,
        widget=forms.RadioSelect,
    )
    contact = forms.TypedChoiceField(
        label=_("I have contact with my neighbours"),
        choices=AGREEMENT_SCALE,
        coerce=int,
        widget=forms.RadioSelect,
    )
    going = forms.ChoiceField(
        label=_("My activities are going as agreed"),
        choices=Going.choices,
        widget=forms.RadioSelect,
    )
    hours_last_month = forms.IntegerField(
        label=_("About how many hours did you spend on your activities last month?"),
        min_value=0,
        max_value=400,
        required=False,
    )
    wants_support = forms.TypedChoiceField(
        label=_("Would you like support, or a talk with the coordinator?"),
        choices=[("yes", _("yes")), ("no", _("no"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Anything else you want to tell us"),
        required=False,
        widget=text_area(4),
        max_length=4000,
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """One or more files in one field (Django's documented pattern); the service checks each."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            MultipleFileInput(
                attrs={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"}
            ),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ObjectionForm(forms.Form):
    grounds = forms.CharField(
        label=_("Why do you not agree with the decision?"), widget=text_area(5), max_length=4000
    )
    documents = MultipleFileField(
        label=_("Documents that show it (not needed)"),
        required=False,
        help_text=_("At most 5 files. Each a PDF, PNG or JPEG file of at most 10 MB."),
    )


class ObjectionByPostForm(ObjectionForm):
    """A coordinator registers an objection that came by post."""

    grounds = forms.CharField(
        label=_("The seeker's reasons, from the letter"), widget=text_area(5), max_length=4000
    )
    documents = MultipleFileField(
        label=_("The letter and its enclosures, scanned (not needed)"),
        required=False,
        help_text=_("At most 5 files. Each a PDF, PNG or JPEG file of at most 10 MB."),
    )
    received_on = forms.DateField(
        label=_("Received on"),
        widget=DateInput(),
        help_text=_("The day the letter came in: the term for an objection counts to that day."),
    )


# --- The coordinator's forms ---------------------------------------------------------------


class ScheduleIntakeForm(forms.Form):
    day = forms.DateField(label=_("Date"), widget=DateInput())
    time = forms.TimeField(label=_("Time"), widget=TimeInput())
    place = forms.CharField(label=_("Place"), max_length=200)


class RecordIntakeForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    notes = forms.CharField(
        label=_("Record of the intake"),
        help_text=_(
            "Only the welfare organisation sees this. It is erased after the retention period."
        ),
        widget=text_area(8),
        max_length=limit_of("notes"),
    )


class AssessmentForm(forms.Form):
    """One score (1-5) and one required reason per criterion in use."""

    def __init__(self, *args: Any, criteria: list[RubricCriterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            pass_mark = _("Pass mark: %(score)s or more.") % {"score": criterion.pass_mark}
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=_("%(criterion)s: score") % {"criterion": criterion.label},
                choices=[
                    (str(n), f"{n} – {criterion.anchor(n)}" if criterion.anchor(n) else str(n))
                    for n in range(1, 6)
                ],
                coerce=int,
                widget=forms.RadioSelect,
                help_text=f"{criterion.guidance} {pass_mark}".strip(),
            )
            self.fields[f"reason_{criterion.pk}"] = forms.CharField(
                label=_("%(criterion)s: reason") % {"criterion": criterion.label},
                widget=text_area(2),
                max_length=limit_of("reason"),
            )

    def scores(self) -> dict[int, tuple[int, str]]:
        data = self.cleaned_data
        return {c.pk: (data[f"score_{c.pk}"], data[f"reason_{c.pk}"]) for c in self.criteria}


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approved", _("approve")), ("declined", _("decline"))],
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(
        label=_("Reasons"), widget=text_area(4), max_length=limit_of("reasons")
    )


class RenewForm(forms.Form):
    reasons = forms.CharField(
        label=_("Reasons for the renewal"), widget=text_area(3), max_length=limit_of("reasons")
    )


class ObjectionDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision on the objection"),
        choices=[
            ("upheld", _("upheld: assess the application again")),
            ("rejected", _("rejected: the decline stands")),
        ],
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(
        label=_("Reasons"), widget=text_area(3), max_length=limit_of("reasons")
    )


class CoordinatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.username


class AgreementForm(forms.Form):
    activities = forms.ModelMultipleChoiceField(
        label=_("Activities"),
        queryset=BuildingNeed.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    hours_per_month = forms.IntegerField(
        label=_("Hours a month"),
        min_value=1,
        max_value=80,
        help_text=_(
            "For comparison: Majella Wonen in Utrecht asks 16 hours a month; English "
            "community-contribution lettings ask 25."
        ),
    )
    duration_months = forms.IntegerField(
        label=_("Duration (months)"), min_value=1, max_value=120, initial=24
    )
    coordinator = CoordinatorChoiceField(label=_("Coordinator"), queryset=None)
    starts_on = forms.DateField(label=_("Start date"), widget=DateInput())
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput())

    def __init__(self, *args: Any, needs: Any, coordinators: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activities"].queryset = needs
        self.fields["coordinator"].queryset = coordinators


class PauseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the pause"), widget=text_area(2), max_length=limit_of("reason")
    )


class EndForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason for the end"), choices=EndReason.choices)


class EmptyForm(forms.Form):
    """A step with nothing to fill in: the button is the whole form."""


class NeedForm(forms.Form):
    name = forms.CharField(label=_("Activity"), max_length=120)
    description = forms.CharField(
        label=_("Description"), required=False, widget=text_area(2), max_length=2000
    )


class CriterionForm(forms.Form):
    label = forms.CharField(label=_("Criterion"), max_length=120)
    guidance = forms.CharField(
        label=_("Guidance for the score"), required=False, widget=text_area(2), max_length=2000
    )


class CriterionDescriptionForm(forms.Form):
    """What each score 1 to 5 means on one criterion, and its pass mark."""

    guidance = forms.CharField(
        label=_("Guidance for the score"), required=False, widget=text_area(2), max_length=2000
    )
    anchor_1 = forms.CharField(label=_("Score 1 means"), max_length=500)
    anchor_2 = forms.CharField(label=_("Score 2 means"), max_length=500)
    anchor_3 = forms.CharField(label=_("Score 3 means"), max_length=500)
    anchor_4 = forms.CharField(label=_("Score 4 means"), max_length=500)
    anchor_5 = forms.CharField(label=_("Score 5 means"), max_length=500)
    pass_mark = forms.TypedChoiceField(
        label=_("Pass mark"),
        help_text=_(
            "The lowest score on this criterion that passes. An assessment reaches the pass "
            "mark when every criterion does. The decision stays yours."
        ),
        choices=SCORES,
        coerce=int,
    )

    @classmethod
    def initial_of(cls, criterion: RubricCriterion) -> dict[str, Any]:
        initial: dict[str, Any] = {"guidance": criterion.guidance, "pass_mark": criterion.pass_mark}
        for n in range(1, 6):
            initial[f"anchor_{n}"] = criterion.anchor(n)
        return initial

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "guidance": data["guidance"],
            "anchors": [data[f"anchor_{n}"] for n in range(1, 6)],
            "pass_mark": data["pass_mark"],
        }


class CloseSupportTaskForm(forms.Form):
    closing_note = forms.CharField(
        label=_("What was done"),
        help_text=_(
            "For example: called the tenant, agreed on a talk. Only the welfare organisation "
            "sees this; the tenant sees that their request was handled."
        ),
        widget=text_area(3),
        max_length=limit_of("closing_note"),
    )


class ReassignSupportTaskForm(forms.Form):
    assigned_to = CoordinatorChoiceField(label=_("Give to"), queryset=None)

    def __init__(self, *args: Any, coordinators: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = coordinators


class CoordinatorForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=150,
        help_text=_("The address they use for their work. They log in with it."),
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    first_name = PersonNameField(
        label=_("First name"),
        required=False,
        max_length=150,
        help_text=_("Only used when they have no account yet."),
    )
    last_name = PersonNameField(
        label=_("Last name"),
        required=False,
        max_length=150,
        help_text=_("Only used when they have no account yet."),
    )


class ObjectionAssignForm(forms.Form):
    coordinator = CoordinatorChoiceField(
        label=_("Coordinator who decides"), queryset=None, empty_label=None
    )

    def __init__(self, *args: Any, coordinators: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = coordinators


class TargetedHomesFilterForm(forms.Form):
    """The filters of the coordinator's page of targeted homes and their people."""

    building = forms.ModelChoiceField(
        label=_("Building"), queryset=Building.objects.none(), required=False, empty_label=_("All")
    )
    route = forms.ChoiceField(label=_("Route to the home"), required=False)
    state = forms.ChoiceField(label=_("State"), required=False)

    def __init__(self, *args: Any, buildings: Any, **kwargs: Any) -> None:
        from voorrang.commitments.selectors import PersonState, Route

        super().__init__(*args, **kwargs)
        self.fields["building"].queryset = buildings
        self.fields["route"].choices = [("", _("All")), *Route.choices]
        self.fields["state"].choices = [("", _("All")), *PersonState.choices]
