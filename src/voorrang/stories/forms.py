"""Forms of the stories' pages. They check the shape of the input; the services check the rules
and the consent, and their errors come back onto these forms under the field they name."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from voorrang.accounts.roles import Role
from voorrang.commitments.models import WelfareOrganisation
from voorrang.housing.models import Building
from voorrang.person_name_field import PersonNameField
from voorrang.seekers.models import Seeker
from voorrang.stories import consent as tiers
from voorrang.stories.consent import ConsentTier
from voorrang.stories.models import (
    ConsentRecord,
    Direction,
    Domain,
    Feedback,
    Prompt,
    ReportingPeriod,
    Story,
    TellerRole,
    Theme,
)
from voorrang.stories.states import StoryState
from voorrang.text_limits import limit_of
from voorrang.web.forms import DateInput, text_area

GIVEN_CHOICES = [(tier.value, tier.label) for tier in tiers.GIVEN_TIERS]
# The roles whose members can sit on a panel with an account.
PANEL_ROLES = (
    Role.STAFF_WELFARE.value,
    Role.RESEARCHER.value,
    Role.POLICY.value,
    Role.STAFF_ALLOCATION.value,
)


def _choice(choices: Any, empty: Any) -> list[tuple[str, Any]]:
    return [("", empty), *choices]


class StorySearchForm(forms.Form):
    q = forms.CharField(label=_("Words in the story"), required=False, max_length=200)
    domain = forms.ModelChoiceField(
        label=_("Domain"), queryset=Domain.objects.all(), required=False, empty_label=_("All")
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"), queryset=Theme.objects.all(), required=False, empty_label=_("All")
    )
    teller_role = forms.ChoiceField(
        label=_("Teller's role"), choices=_choice(TellerRole.choices, _("All")), required=False
    )
    period = forms.ModelChoiceField(
        label=_("Reporting period"),
        queryset=ReportingPeriod.objects.all(),
        required=False,
        empty_label=_("All"),
    )
    direction = forms.ChoiceField(
        label=_("Direction of change"),
        choices=_choice(Direction.choices, _("All")),
        required=False,
    )
    state = forms.ChoiceField(
        label=_("State"),
        choices=_choice(
            [(v, label) for v, label in StoryState.choices if v != StoryState.WITHDRAWN],
            _("All"),
        ),
        required=False,
    )


class StoryCollectForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Welfare organisation"),
        queryset=WelfareOrganisation.objects.none(),
        empty_label=_("Choose"),
        help_text=_("Only this organisation's coordinators read the story as told."),
    )
    domain = forms.ModelChoiceField(
        label=_("Domain of change"), queryset=Domain.objects.all(), empty_label=_("Choose")
    )
    told_on = forms.DateField(label=_("Date told"), widget=DateInput())
    teller_role = forms.ChoiceField(
        label=_("Teller's role"), choices=TellerRole.choices, widget=forms.RadioSelect
    )
    teller_name = PersonNameField(
        label=_("Teller's name"),
        required=False,
        max_length=160,
        help_text=_(
            "For feedback and for the check of the redaction; never shown to a panel or in a "
            "report."
        ),
    )
    teller_contact = forms.CharField(
        label=_("How to reach the teller"), required=False, max_length=200
    )
    seeker = forms.ModelChoiceField(
        label=_("Registration number of the teller (if a home seeker)"),
        queryset=Seeker.objects.all(),
        to_field_name="registration_number",
        required=False,
        widget=forms.TextInput,
    )
    building = forms.ModelChoiceField(
        label=_("Building"), queryset=Building.objects.all(), required=False, empty_label=_("–")
    )
    prompt = forms.ChoiceField(
        label=_("Question asked"),
        choices=Prompt.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Ask the questions about change for the worse and about no change too, and record "
            "the answer as its own story."
        ),
    )
    direction = forms.ChoiceField(
        label=_("Direction of change"), choices=Direction.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("The story, as told"), widget=text_area(10), max_length=limit_of("text")
    )
    significance = forms.CharField(
        label=_("Why this change is significant to the teller"),
        widget=text_area(4),
        max_length=limit_of("significance"),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    consent = forms.ChoiceField(
        label=_("Consent given"),
        choices=GIVEN_CHOICES,
        widget=forms.RadioSelect,
        help_text=_("Each tier includes the ones above it."),
    )
    consent_how = forms.ChoiceField(
        label=_("How the consent was given"), choices=ConsentRecord.How.choices
    )
    consent_note = forms.CharField(
        label=_("Note on the consent"), required=False, max_length=limit_of("consent_note")
    )

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        """``organisations``: those the collector works for; the choice is asked only of a
        coordinator of several (one is taken as it is, none for a researcher)."""
        super().__init__(*args, **kwargs)
        if organisations is None or organisations.count() < 2:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations


class RedactForm(forms.Form):
    redacted_text = forms.CharField(
        label=_("The story without names and addresses"),
        widget=text_area(10),
        max_length=limit_of("redacted_text"),
    )
    redacted_significance = forms.CharField(
        label=_("Why it is significant, without names and addresses"),
        widget=text_area(4),
        max_length=limit_of("redacted_significance"),
    )
    quotation = forms.CharField(
        label=_("Passage for anonymous quotation"),
        required=False,
        widget=text_area(3),
        help_text=_(
            "Word for word from the redacted story; used when the consent allows "
            "quotation but not publication."
        ),
        max_length=limit_of("quotation"),
    )
    accepted_terms = forms.CharField(
        label=_("Words the check found that are no name or address here"),
        required=False,
        widget=text_area(3),
        help_text=_("One per line: the word, a colon, and why (for example: Roos: the flower)."),
        max_length=limit_of("accepted_terms"),
    )

    def clean_accepted_terms(self) -> list[dict[str, str]]:
        entries = []
        for line in self.cleaned_data["accepted_terms"].splitlines():
            if not line.strip():
                continue
            term, _colon, reason = line.partition(":")
            if not reason.strip():
                raise forms.ValidationError(
                    _("Write the word, a colon and the reason on each line.")
                )
            entries.append({"term": term.strip(), "reason": reason.strip()})
        return entries


def accepted_terms_text(story: Story) -> str:
    return "\n".join(f"{entry['term']}: {entry['reason']}" for entry in story.accepted_terms)


class ConsentForm(forms.Form):
    tier = forms.ChoiceField(label=_("New consent"), choices=GIVEN_CHOICES)
    given_on = forms.DateField(label=_("Date"), widget=DateInput())
    how = forms.ChoiceField(label=_("How"), choices=ConsentRecord.How.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=limit_of("note"))


class WithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(label=_("Date of the withdrawal"), widget=DateInput())
    how = forms.ChoiceField(label=_("How"), choices=ConsentRecord.How.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        help_text=_("Do not repeat the story here: it is erased."),
        max_length=limit_of("note"),
    )
    confirm = forms.BooleanField(
        label=_("I understand that the story is erased and cannot be restored.")
    )


class ThemesForm(forms.Form):
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class FeedbackForm(forms.Form):
    given_on = forms.DateField(label=_("Date"), widget=DateInput())
    channel = forms.ChoiceField(label=_("How"), choices=Feedback.Channel.choices)
    note = forms.CharField(
        label=_("What the teller was told"), widget=text_area(3), max_length=limit_of("note")
    )


class DomainForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=text_area(2),
        max_length=limit_of("description"),
    )
    position = forms.IntegerField(label=_("Position in lists"), min_value=0, initial=0)


class PeriodForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput())


class ThemeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=text_area(2),
        max_length=limit_of("description"),
    )


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name()
        return f"{name} ({obj.get_username()})" if name else obj.get_username()


class RoundForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    period = forms.ModelChoiceField(
        label=_("Reporting period"), queryset=ReportingPeriod.objects.all(), empty_label=_("Choose")
    )
    held_on = forms.DateField(label=_("Date of the panel"), widget=DateInput())
    domains = forms.ModelMultipleChoiceField(
        label=_("Domains"), queryset=Domain.objects.all(), widget=forms.CheckboxSelectMultiple
    )
    members = MemberChoiceField(
        label=_("Panel members with an account"),
        queryset=get_user_model()
        .objects.filter(is_active=True, groups__name__in=PANEL_ROLES)
        .distinct()
        .order_by("username"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_members = forms.CharField(
        label=_("Other panel members, by role"),
        required=False,
        widget=text_area(2),
        max_length=limit_of("other_members"),
    )


class RoundStoryForm(forms.Form):
    story = forms.ModelChoiceField(
        label=_("Story"),
        queryset=Story.objects.exclude(state=StoryState.WITHDRAWN),
        empty_label=_("Choose a story"),
    )


class ChoiceForm(forms.Form):
    domain = forms.ModelChoiceField(label=_("Domain"), queryset=Domain.objects.all())
    story = forms.ModelChoiceField(
        label=_("The story the panel chose"),
        queryset=Story.objects.filter(state=StoryState.SHOWN),
        empty_label=_("Choose a story"),
    )
    reasons = forms.CharField(
        label=_("The panel's reasons, in full sentences"),
        widget=text_area(5),
        help_text=_("Why the panel found this change the most significant: at least 25 words."),
        max_length=limit_of("reasons"),
    )


def consent_label(tier: str) -> Any:
    return ConsentTier(tier).label
