"""Forms of the seekers' pages. Each says which field is wrong and what to do about it."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from voorrang.allocation.models import RefusalReason
from voorrang.date_bounds import EARLIEST_BIRTH, not_before
from voorrang.errors import DomainError
from voorrang.housing.models import postcode_validator
from voorrang.person_name_field import PersonNameField
from voorrang.seekers import evidence
from voorrang.seekers.models import IncomeEvidence


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def past_date(value: Any) -> None:
    if value and value > timezone.localdate():
        raise ValidationError(
            _("The date cannot be in the future. Fill in today or an earlier date."), code="future"
        )


class PersonForm(forms.Form):
    first_name = PersonNameField(
        label=_("First name"),
        max_length=80,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = PersonNameField(
        label=_("Last name"),
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    birth_date = forms.DateField(
        label=_("Birth date"),
        help_text=_("For example 15-03-1985."),
        widget=DateInput(),
        validators=[past_date, not_before(EARLIEST_BIRTH)],
        error_messages={"invalid": _("Enter a real date, for example 15-03-1985.")},
    )


class OtherPersonForm(PersonForm):
    """A household member other than the applicant: all fields empty means 'nobody to add'."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.pop("autocomplete", None)
            field.widget.attrs["autocomplete"] = "off"


INCOME_HELP = _(
    "Add up the gross income per year of everyone who will live in the home. Gross means "
    "before tax. Write only the amount in euros, for example 32000."
)


def parse_amount(text: str) -> Decimal:
    cleaned = re.sub(r"[€\s]", "", text or "")
    # Dutch writing: 32.000,50 -> 32000.50; a single comma is a decimal comma.
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", cleaned):
        cleaned = cleaned.replace(".", "")
    try:
        amount = Decimal(cleaned)
    except Exception:
        raise ValidationError(
            _("Enter an amount in euros, for example 32000."), code="invalid"
        ) from None
    if not amount.is_finite() or amount < 0:
        raise ValidationError(_("Enter an amount of 0 or more."), code="negative")
    if amount >= Decimal("100000000"):
        raise ValidationError(_("This amount is too large. Check it."), code="too_large")
    return amount.quantize(Decimal("0.01"))


class AmountField(forms.CharField):
    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        return parse_amount(value) if value not in (None, "") else None


class EvidenceField(forms.FileField):
    def validate(self, value: Any) -> None:
        super().validate(value)
        if value:
            try:
                evidence.check_upload(value)
            except DomainError as error:
                raise ValidationError(str(error.message), code="file") from None


class IncomeForm(forms.Form):
    income = AmountField(
        label=_("Gross household income per year"),
        help_text=INCOME_HELP,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    income_evidence_kind = forms.ChoiceField(
        label=_("What kind of document shows this income?"),
        choices=IncomeEvidence.choices,
        widget=forms.RadioSelect,
    )
    income_evidence_date = forms.DateField(
        label=_("Date of the document"),
        widget=DateInput(),
        validators=[past_date],
        error_messages={"invalid": _("Enter a real date, for example 15-03-2025.")},
    )
    evidence = EvidenceField(
        label=_("Upload the document"),
        help_text=_("A PDF, PNG or JPEG file of at most 10 MB."),
        widget=forms.FileInput(
            attrs={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"}
        ),
    )

    def __init__(self, *args: Any, evidence_required: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["evidence"].required = evidence_required
        if not evidence_required:
            self.fields["evidence"].help_text = _(
                "You uploaded a document already. Upload a new one only to replace it. "
                "A PDF, PNG or JPEG file of at most 10 MB."
            )


class ContactForm(forms.Form):
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    street = forms.CharField(
        label=_("Street"),
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "address-line1"}),
    )
    number = forms.CharField(label=_("House number"), max_length=12)
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=7,
        help_text=_("For example 3705 AB."),
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )
    town = forms.CharField(
        label=_("Town"),
        max_length=80,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if not re.fullmatch(r"\+?[0-9 ()-]{8,20}", phone):
            raise ValidationError(
                _("Enter a phone number of at least 10 digits, for example 06 12345678.")
            )
        return phone

    def clean_postcode(self) -> str:
        text = re.sub(r"\s", "", self.cleaned_data["postcode"]).upper()
        postcode = f"{text[:4]} {text[4:]}" if len(text) == 6 else text
        try:
            postcode_validator(postcode)
        except ValidationError:
            raise ValidationError(
                _("Enter a Dutch postcode such as 3705 AB."), code="invalid"
            ) from None
        return postcode


YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of our emails to you"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
    )


class LocalTieForm(forms.Form):
    local_tie = forms.ChoiceField(
        label=_("Do you live or work in the municipality of Zeist?"),
        help_text=_("Some homes go first to people who live or work in the municipality."),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )


class VacancyFilterForm(forms.Form):
    town = forms.ChoiceField(label=_("Town"), required=False)
    building = forms.ChoiceField(label=_("Building"), required=False)
    rooms = forms.IntegerField(
        label=_("Rooms, at least"), required=False, min_value=1, max_value=20
    )
    rent = forms.DecimalField(
        label=_("Rent per month, at most (€)"),
        required=False,
        min_value=0,
        max_digits=8,
        decimal_places=2,
    )
    label = forms.ChoiceField(
        label=_("Kind of home"),
        required=False,
        choices=[
            ("", _("All homes")),
            ("targeted", _("Targeted track")),
            ("senior", _("For older people")),
            ("young", _("For young people")),
            ("local", _("Priority for a local tie")),
        ],
    )

    def __init__(self, *args: Any, towns: list[str], buildings: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["town"].choices = [("", _("All towns"))] + [(t, t) for t in towns]
        self.fields["building"].choices = [("", _("All buildings"))] + [(b, b) for b in buildings]


class ResponseFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[
            ("", _("All responses")),
            ("open", _("Open: you can still respond")),
            ("closed", _("Closed: we are making the order")),
            ("ranked", _("The order is made")),
            ("let", _("The home was let")),
            ("withdrawn", _("Withdrawn or ended")),
        ],
    )
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years"))] + [(y, str(y)) for y in years]


class RefusalForm(forms.Form):
    refusal_reason = forms.ChoiceField(
        label=_("Why do you say no?"),
        choices=[c for c in RefusalReason.choices if c[0] != RefusalReason.NO_REPLY],
        widget=forms.RadioSelect,
    )
    refusal_text = forms.CharField(
        label=_("Explain (needed when you chose 'other')"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if (
            cleaned.get("refusal_reason") == RefusalReason.OTHER
            and not cleaned.get("refusal_text", "").strip()
        ):
            self.add_error("refusal_text", _("Explain why you say no."))
        return cleaned


class EndAccountForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you want to end your account? (you do not have to say)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my registration and my registration time end."),
        error_messages={"required": _("Tick the box to show you understand.")},
    )


class ObjectionForm(forms.Form):
    reasons = forms.CharField(
        label=_("Why do you object?"),
        help_text=_("Say what you think went wrong, for example a date or your income."),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Say why you object to the decision.")},
    )
    document = forms.FileField(
        label=_("A document that shows it (not needed)"),
        required=False,
        help_text=_("A PDF, PNG or JPEG file."),
        widget=forms.FileInput(
            attrs={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"}
        ),
    )
