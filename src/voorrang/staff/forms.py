"""The staff pages' forms. They check the shape of the input; the services check the rules,
and their errors come back onto these forms under the field they name."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from voorrang.allocation.models import Ordering, RefusalReason, ViewingOutcome
from voorrang.allocation.states import VacancyState
from voorrang.date_bounds import EARLIEST_REGISTRATION, not_before
from voorrang.housing.models import AccessibilityLabel, Building, EnergyLabel
from voorrang.seekers.models import Seeker, UrgencyKind
from voorrang.text_limits import limit_of
from voorrang.web.forms import DateInput, text_area

# --- Vacancies ----------------------------------------------------------------------------


class UnitSearchForm(forms.Form):
    """The search of the unit picker, sent with GET so that it works without JavaScript and
    a search can be bookmarked or shared."""

    q = forms.CharField(
        label=_("Address, postcode or building"),
        required=False,
        max_length=120,
        help_text=_("For example: Vollenhove 12, 3705 AB or L-flat."),
    )
    building = forms.ModelChoiceField(
        label=_("Building"),
        required=False,
        queryset=Building.objects.order_by("name"),
        empty_label=_("All buildings"),
    )
    rooms = forms.TypedChoiceField(
        label=_("Rooms, at least"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any number")), *((n, str(n)) for n in range(1, 7))],
    )


class VacancyCreateForm(forms.Form):
    """The vacancy of one unit, chosen before in the unit picker."""

    closes_on = forms.DateField(label=_("Closing date"), widget=DateInput())
    ordering = forms.ChoiceField(
        label=_("Ordering"),
        choices=Ordering.choices,
        initial=Ordering.REGISTRATION,
        widget=forms.RadioSelect,
    )
    labels = forms.MultipleChoiceField(
        label=_("Labels"),
        required=False,
        choices=[
            ("senior", _("senior: for older people")),
            ("young", _("young: for young people")),
            ("local", _("local: priority for a local tie")),
        ],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Whether the vacancy is targeted is decided by the quota on publication."),
    )
    rent = forms.DecimalField(
        label=_("Net rent per month at letting (euro)"),
        required=False,
        max_digits=8,
        decimal_places=2,
        help_text=_("Leave empty to use the unit's current rent."),
    )


class ListingForm(forms.Form):
    """What the listing tells seekers. The labels are offered only while the vacancy is a
    draft (the page leaves them out afterwards); the other fields while it is published too."""

    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=text_area(6),
        max_length=4_000,
        help_text=_("What a seeker should know about the home, in plain words."),
    )
    labels = forms.MultipleChoiceField(
        label=_("Labels"),
        required=False,
        choices=[
            ("senior", _("senior: for older people")),
            ("young", _("young: for young people")),
            ("local", _("local: priority for a local tie")),
        ],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("They decide who may respond; they cannot change after publication."),
    )
    energy_label = forms.ChoiceField(
        label=_("Energy label"),
        required=False,
        choices=[("", _("not known")), *EnergyLabel.choices],
    )
    accessibility_label = forms.ChoiceField(
        label=_("Accessibility label"),
        choices=AccessibilityLabel.choices,
        initial=AccessibilityLabel.NONE,
    )
    service_costs = forms.DecimalField(
        label=_("Service costs per month (euro)"),
        max_digits=7,
        decimal_places=2,
        error_messages={"required": _("Fill in the service costs (0 when there are none).")},
    )


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_("A JPEG, PNG or WebP photo. It is made smaller and its metadata removed."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    alt_text = forms.CharField(
        label=_("What the photo shows"),
        required=False,
        max_length=200,
        help_text=_(
            "For people who cannot see the photo, for example: Living room with two windows "
            "facing the park."
        ),
    )


class VacancyFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All states")), *VacancyState.choices],
    )
    building = forms.ModelChoiceField(
        label=_("Building"),
        required=False,
        queryset=Building.objects.order_by("name"),
        empty_label=_("All buildings"),
    )


class ConfirmForm(forms.Form):
    """A step without input: the button is the whole form."""


class PublishForm(forms.Form):
    QUOTA = ""
    override_targeted = forms.ChoiceField(
        label=_("Targeted allocation"),
        required=False,
        initial=QUOTA,
        choices=[
            (QUOTA, _("Let the quota decide")),
            ("yes", _("Targeted (override the quota)")),
            ("no", _("Not targeted (override the quota)")),
        ],
        widget=forms.RadioSelect,
    )
    override_reason = forms.CharField(
        label=_("Reason for overriding the quota"),
        required=False,
        widget=text_area(),
        help_text=_("Required when you override the quota."),
        max_length=limit_of("override_reason"),
    )

    def override(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data["override_targeted"])


class RankForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for this ranking"),
        required=False,
        widget=text_area(),
        help_text=_(
            "Required when the vacancy was ranked before, or when responses were changed "
            "after closing."
        ),
        max_length=limit_of("reason"),
    )


class WithdrawVacancyForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawing"),
        required=False,
        widget=text_area(),
        max_length=limit_of("reason"),
    )


class PaperResponseForm(forms.Form):
    seeker = forms.CharField(label=_("Registration number of the home seeker"), max_length=20)
    responded_on = forms.DateField(
        label=_("Date on the paper form"),
        widget=DateInput(),
    )

    def clean_seeker(self) -> Seeker:
        number = self.cleaned_data["seeker"].strip()
        seeker = Seeker.objects.filter(registration_number__iexact=number).first()
        if seeker is None:
            raise forms.ValidationError(
                _("No home seeker has the registration number %(number)s."),
                params={"number": number},
                code="unknown",
            )
        return seeker


class RefuseForm(forms.Form):
    refusal_reason = forms.ChoiceField(
        label=_("Reason for refusal"),
        required=False,
        choices=[("", _("Choose a reason")), *RefusalReason.choices],
    )
    refusal_text = forms.CharField(
        label=_("Explanation"),
        required=False,
        widget=text_area(),
        help_text=_("Required when the reason is 'other'."),
        max_length=limit_of("refusal_text"),
    )


class TimeInput(forms.TimeInput):
    """The browser's own time picker; the value travels as HH:MM."""

    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%H:%M")


class ViewingForm(forms.Form):
    """The viewing of an open offer: a day and a time, before the offer's deadline."""

    viewing_at = forms.DateField(label=_("Date of the viewing"), widget=DateInput())
    viewing_time = forms.TimeField(label=_("Time of the viewing"), widget=TimeInput())

    def moment(self) -> datetime:
        """The viewing's day and time in the installation's time zone."""
        return timezone.make_aware(
            datetime.combine(self.cleaned_data["viewing_at"], self.cleaned_data["viewing_time"])
        )


class ViewingOutcomeForm(forms.Form):
    viewing_outcome = forms.ChoiceField(
        label=_("Outcome of the viewing"),
        required=False,
        choices=[("", _("Choose an outcome")), *ViewingOutcome.choices],
    )
    viewing_note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=text_area(),
        max_length=limit_of("viewing_note"),
    )


class ChecksForm(forms.Form):
    """The checks at offer: income and documents."""

    PASSED, FAILED = "passed", "failed"
    outcome = forms.ChoiceField(
        label=_("Income and documents"),
        widget=forms.RadioSelect,
        choices=[
            (PASSED, _("checked: the income fits and the documents are complete")),
            (FAILED, _("check failed: the home goes to the next candidate")),
        ],
    )
    check_note = forms.CharField(
        label=_("Why the check failed"),
        required=False,
        widget=text_area(),
        help_text=_("Required when the check failed."),
        max_length=limit_of("check_note"),
    )


class ContractForm(forms.Form):
    contract_start = forms.DateField(label=_("The contract starts on"), widget=DateInput())
    contract_rent = forms.DecimalField(
        label=_("Net rent per month in the contract (euro)"), max_digits=8, decimal_places=2
    )
    contract_signed_on = forms.DateField(label=_("Signed on"), widget=DateInput())


class KeysForm(forms.Form):
    keys_handed_on = forms.DateField(label=_("Keys handed over on"), widget=DateInput())


# --- Seekers ------------------------------------------------------------------------------


class SeekerSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Registration number, name, email address or postcode"),
        required=False,
        max_length=120,
    )


class DateChangeRequestForm(forms.Form):
    new_date = forms.DateField(
        label=_("New registration date"),
        widget=DateInput(),
        validators=[not_before(EARLIEST_REGISTRATION)],
    )
    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        widget=text_area(),
        max_length=limit_of("reason"),
    )


class DateChangeDecisionForm(forms.Form):
    # Sent by the button pressed, approve or reject.
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.HiddenInput,
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
        error_messages={"required": _("Choose to approve or to reject.")},
    )


class ResolveDuplicateForm(forms.Form):
    resolution = forms.CharField(
        label=_("How was this resolved?"),
        required=False,
        widget=text_area(2),
        max_length=limit_of("resolution"),
    )


class UrgencyProposeForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of urgency"),
        choices=[("", _("Choose the kind")), *UrgencyKind.choices],
        error_messages={"required": _("Choose the kind of urgency.")},
    )
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput())
    valid_until = forms.DateField(
        label=_("Valid until"),
        widget=DateInput(),
        help_text=_("The last day the declaration is valid. After it, it ends by itself."),
    )
    issued_by = forms.CharField(
        label=_("Issued by"),
        required=False,
        max_length=200,
        help_text=_("The body that issued the declaration, for example the urgency committee."),
    )
    document = forms.FileField(
        label=_("Document (optional)"),
        required=False,
        help_text=_("A PDF, PNG or JPEG file of the declaration."),
        widget=forms.FileInput(
            attrs={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"}
        ),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=text_area(2),
        max_length=limit_of("note"),
    )


class CheckRejectForm(forms.Form):
    """The reason for rejecting the income or the household; the seeker reads it."""

    reason = forms.CharField(
        label=_("Reason (the home seeker reads this)"),
        required=False,
        widget=text_area(2),
        max_length=limit_of("reason"),
    )


class UrgencyReasonForm(forms.Form):
    """The reason for rejecting a declaration, or for ending one early."""

    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=text_area(2),
        max_length=limit_of("reason"),
    )


# --- Objections -------------------------------------------------------------------------------


class ObjectionByPostForm(forms.Form):
    """An objection that came by letter: a staff member registers it for the candidate."""

    vacancy = forms.CharField(
        label=_("Reference of the vacancy"), max_length=30, help_text=_("For example: V-2026-0012.")
    )
    seeker = forms.CharField(label=_("Registration number of the home seeker"), max_length=20)
    reasons = forms.CharField(
        label=_("Reasons given in the letter"),
        required=False,
        widget=text_area(4),
        max_length=limit_of("reasons"),
    )
    document = forms.FileField(
        label=_("Scan of the letter or an enclosure (optional)"),
        required=False,
        help_text=_("A PDF, PNG or JPEG file."),
        widget=forms.FileInput(
            attrs={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"}
        ),
    )


class ObjectionDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("upheld", _("Upheld: the objection is right")),
            ("rejected", _("Rejected: the objection is not right")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether the objection is upheld or rejected.")},
    )
    reasons = forms.CharField(
        label=_("Reasons for the decision (the home seeker reads them)"),
        required=False,
        widget=text_area(3),
        max_length=limit_of("decision_reasons"),
    )
