"""The form of a new simulation run: the scenario's policy, with its values as the start."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from voorrang.allocation.policies import policy_name_for
from voorrang.date_bounds import event_date
from voorrang.rules import RulesError
from voorrang.rules.policy import TIERS
from voorrang.simulation_runs.parameters import (
    MAX_MONTHS,
    MAX_REPLICATIONS,
    RunParameters,
    scenario_document,
    shipped_scenarios,
)
from voorrang.web.forms import DateInput

TIER_LABELS = {
    "commitment": _("commitment (targeted track)"),
    "urgency": _("urgency"),
    "local": _("local tie"),
    "regular": _("regular (registration time or lottery)"),
}
TIER_FIELDS = ("tier_1", "tier_2", "tier_3", "tier_4")

# Where an error of the engine's reader, named by its key path, belongs on this form.
FIELD_OF_KEY = {
    "policy.share": "share",
    "policy.cap": "cap",
    "policy.lottery_share": "lottery_share",
    "policy.tier_order": "tier_1",
    "policy.designated": "designated",
    "seekers.max_open_responses": "response_limit",
    "months": "years",
    "start": "start",
    "baseline_rules": "start",
    "replications": "replications",
    "engine": "engine",
}


class ScenarioChoiceForm(forms.Form):
    scenario = forms.ChoiceField(label=_("Scenario"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from voorrang.simulation_runs.labels import scenario_title  # labels reads TIER_LABELS

        super().__init__(*args, **kwargs)
        # Lazy, as every label of a form: read in the language of the page that shows it.
        title = lazy(scenario_title, str)
        self.fields["scenario"].choices = [
            (name, format_lazy("{} ({})", title(name), name)) for name in shipped_scenarios()
        ]


def _plain(value: Decimal) -> Decimal:
    """Without trailing zeros, and never in exponent notation (50, not 5E+1)."""
    text = format(value, "f")
    return Decimal(text.rstrip("0").rstrip(".") if "." in text else text)


def _percent(value: Fraction | float) -> Decimal:
    share = Fraction(value)
    return _plain(
        (Decimal(share.numerator) / Decimal(share.denominator) * 100).quantize(Decimal("0.01"))
    )


class RunForm(forms.Form):
    scenario = forms.ChoiceField(widget=forms.HiddenInput)
    title = forms.CharField(
        label=_("Name of this run"),
        max_length=200,
        required=False,
        help_text=_("Optional. It is shown in the list of runs."),
    )
    share = forms.DecimalField(
        label=_("Share of the designated buildings' vacancies that is targeted (%)"),
        min_value=0,
        max_value=100,
        decimal_places=2,
        help_text=_("For example 25 for a quarter of the vacancies."),
    )
    cap = forms.IntegerField(
        label=_("Most targeted lettings per building per year"),
        min_value=0,
        # More lettings than a building has homes cannot be meant; a number of thousands of
        # digits would otherwise reach the engine's 64-bit arithmetic and fail the run.
        max_value=10_000,
        required=False,
        help_text=_("Leave empty for no yearly cap."),
    )
    designated = forms.MultipleChoiceField(
        label=_("Designated buildings"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only their vacancies can be targeted."),
    )
    lottery_share = forms.DecimalField(
        label=_("Share of vacancies let by lottery (%)"),
        min_value=0,
        max_value=100,
        decimal_places=2,
        help_text=_("The others are let by registration time."),
    )
    tier_1 = forms.ChoiceField(label=_("First tier"))
    tier_2 = forms.ChoiceField(label=_("Second tier"), required=False)
    tier_3 = forms.ChoiceField(label=_("Third tier"), required=False)
    tier_4 = forms.ChoiceField(label=_("Fourth tier"), required=False)
    response_limit = forms.IntegerField(
        label=_("Open responses allowed per seeker"),
        min_value=1,
        max_value=20,
    )
    start = forms.DateField(
        label=_("First day simulated"),
        widget=DateInput(),
        validators=[event_date],
        help_text=_(
            "Today, unless you ask for another day. The policy in force on this day is the "
            "one the run compares with."
        ),
    )
    years = forms.DecimalField(
        label=_("Years to simulate"),
        min_value=Decimal("0.1"),
        max_value=MAX_MONTHS // 12,
        decimal_places=1,
        help_text=_("Counted in whole months (one decimal: 1.5 is 18 months)."),
    )
    replications = forms.IntegerField(
        label=_("Replications"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_REPLICATIONS)],
        help_text=_(
            "Each replication is one possible course of events. More replications give narrower "
            "intervals and take longer: 20 is a quick look, 200 a careful one."
        ),
    )
    compare = forms.BooleanField(
        label=_("Compare with the policy in force on the first day, and show the differences"),
        required=False,
    )
    engine = forms.ChoiceField(
        label=_("Engine"),
        choices=[
            ("fast", _("fast (the default)")),
            ("reference", _("reference (calls the allocation rules for every vacancy; slow)")),
        ],
        widget=forms.RadioSelect,
        initial="fast",
    )
    seed = forms.IntegerField(
        label=_("Seed"),
        min_value=0,
        max_value=2**31 - 1,
        help_text=_("The same seed and parameters give the same results."),
    )

    def __init__(self, scenario: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scenario_name = scenario
        self.fields["scenario"].choices = [(name, name) for name in shipped_scenarios()]
        document = scenario_document(scenario)
        self.fields["designated"].choices = [
            (b["name"], b["name"]) for b in document.get("buildings", []) if "name" in b
        ]
        tiers = [(tier, TIER_LABELS[tier]) for tier in TIERS]
        self.fields["tier_1"].choices = tiers
        for name in TIER_FIELDS[1:]:
            self.fields[name].choices = [("", _("(none)")), *tiers]

    @classmethod
    def initial_for(cls, run: RunParameters, title: str = "") -> dict[str, Any]:
        tiers = list(run.tier_order) + [""] * (len(TIER_FIELDS) - len(run.tier_order))
        return {
            "scenario": run.scenario,
            "title": title,
            "share": _percent(Fraction(run.share)),
            "cap": run.cap,
            "designated": list(run.designated),
            "lottery_share": _percent(run.lottery_share),
            **dict(zip(TIER_FIELDS, tiers, strict=True)),
            "response_limit": run.response_limit,
            "years": _plain((Decimal(run.months) / 12).quantize(Decimal("0.1"))),
            "replications": run.replications,
            "compare": run.compare,
            "engine": run.engine,
            "seed": run.seed,
            "start": date.fromisoformat(run.start) if run.start else timezone.localdate(),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("scenario") and data["scenario"] != self.scenario_name:
            raise forms.ValidationError(_("The scenario of this form was changed."))
        tiers: list[str] = []
        for name in TIER_FIELDS:
            tier = data.get(name)
            if not tier:
                continue
            if tier in tiers:
                self.add_error(
                    name,
                    _("%(tier)s is already an earlier tier; choose each tier once.")
                    % {"tier": TIER_LABELS[tier]},
                )
            tiers.append(tier)
        if tiers and "regular" not in tiers and not self.has_error("tier_1"):
            self.add_error(
                "tier_1",
                _("The regular tier must be one of the tiers, or some seekers would be in none."),
            )
        if self.errors:
            return data
        run = self.run_parameters(data, tiers)
        try:
            run.check()
        except RulesError as exc:
            path = getattr(exc, "field", "")
            key = next((k for k in FIELD_OF_KEY if path.startswith(k)), None)
            field = FIELD_OF_KEY.get(key) if key else None
            self.add_error(field, _("Not possible: %(problem)s") % {"problem": exc.message})
        else:
            self.run = run
        return data

    def run_parameters(self, data: dict[str, Any], tiers: list[str]) -> RunParameters:
        share = Fraction(data["share"]) / 100
        start = data["start"]
        return RunParameters(
            scenario=self.scenario_name,
            share=str(share),
            cap=data["cap"],
            lottery_share=float(Fraction(data["lottery_share"]) / 100),
            tier_order=tuple(tiers),
            designated=tuple(data["designated"]),
            response_limit=data["response_limit"],
            months=max(1, round(data["years"] * 12)),
            replications=data["replications"],
            engine=data["engine"],
            seed=data["seed"],
            compare=data["compare"],
            start=start.isoformat(),
            baseline_rules=policy_name_for(start),
        )

    def default_title(self) -> str:
        from voorrang.simulation_runs.labels import scenario_title

        run = self.run
        # The scenario's name in the page's language ("L-flat, Zeist"), not its file name.
        values = {
            "scenario": scenario_title(run.scenario),
            "share": _percent(run.share_fraction),
            "cap": run.cap,
        }
        if run.cap is None:
            return gettext("%(scenario)s, %(share)s%% targeted, no cap") % values
        return gettext("%(scenario)s, %(share)s%% targeted, at most %(cap)s a year") % values
