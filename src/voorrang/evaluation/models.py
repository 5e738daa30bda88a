"""The theory of change, its indicators, the observations staff enter or import, and the
evaluation reports that were built."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from voorrang.housing.models import Building


class ElementKind(models.TextChoices):
    PROBLEM = "problem", _("problem")
    TARGET_GROUP = "target_group", _("target group")
    ACTIVITY = "activity", _("intervention or activity")
    OUTPUT = "output", _("output")
    OUTCOME_SHORT = "outcome_short", _("outcome, short term")
    OUTCOME_MIDDLE = "outcome_middle", _("outcome, middle term")
    OUTCOME_LONG = "outcome_long", _("outcome, long term")
    IMPACT = "impact", _("impact")


class EvidenceLevel(models.TextChoices):
    ASSUMED = "assumed", _("assumed, not yet supported")
    THEORY = "theory", _("supported by theory or literature")
    PRACTICE = "practice", _("supported by practice (stories, experience)")
    FIRST = "first_indications", _("first indications from measurements")
    GOOD = "good_indications", _("good indications (comparison over time or with others)")
    STRONG = "strong_indications", _("strong indications (comparative research)")


class AssumptionKind(models.TextChoices):
    THEORETICAL = "theoretical", _("theoretical")
    CONTEXTUAL = "contextual", _("contextual")


class SourceKind(models.TextChoices):
    COMPUTED = "computed", _("computed from Voorrang's records")
    SURVEY = "survey", _("a survey scale")
    ENTERED = "entered", _("entered or imported by staff")


class TheoryOfChange(models.Model):
    key = models.SlugField(_("key"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # [{"title", "publisher", "year", "url"}]: where the theory comes from.
    sources = models.JSONField(_("sources"), default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("theory of change")
        verbose_name_plural = _("theories of change")

    def __str__(self) -> str:
        return self.title


class Element(models.Model):
    theory = models.ForeignKey(TheoryOfChange, on_delete=models.CASCADE, related_name="elements")
    key = models.CharField(_("key"), max_length=60)
    kind = models.CharField(_("kind"), max_length=20, choices=ElementKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["theory", "position", "id"]
        verbose_name = _("element")
        verbose_name_plural = _("elements")
        constraints = [
            models.UniqueConstraint(fields=["theory", "key"], name="element_key_per_theory")
        ]

    def __str__(self) -> str:
        return self.title


class Link(models.Model):
    theory = models.ForeignKey(TheoryOfChange, on_delete=models.CASCADE, related_name="links")
    source = models.ForeignKey(Element, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(Element, on_delete=models.CASCADE, related_name="links_in")
    rationale = models.TextField(_("rationale"))
    evidence = models.CharField(
        _("evidence level"),
        max_length=20,
        choices=EvidenceLevel.choices,
        default=EvidenceLevel.ASSUMED,
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["theory", "position", "id"]
        verbose_name = _("link")
        verbose_name_plural = _("links")
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="one_link_per_pair")
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"


class Assumption(models.Model):
    theory = models.ForeignKey(TheoryOfChange, on_delete=models.CASCADE, related_name="assumptions")
    key = models.CharField(_("key"), max_length=60)
    kind = models.CharField(_("kind"), max_length=12, choices=AssumptionKind.choices)
    text = models.TextField(_("assumption"))
    element = models.ForeignKey(
        Element, null=True, blank=True, on_delete=models.CASCADE, related_name="assumptions"
    )
    link = models.ForeignKey(
        Link, null=True, blank=True, on_delete=models.CASCADE, related_name="assumptions"
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["theory", "position", "id"]
        verbose_name = _("assumption")
        verbose_name_plural = _("assumptions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(element__isnull=True, link__isnull=False)
                | models.Q(element__isnull=False, link__isnull=True),
                name="assumption_on_element_or_link",
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]


class WorkingElement(models.Model):
    """A werkzaam element: what in the approach is thought to make it work."""

    theory = models.ForeignKey(
        TheoryOfChange, on_delete=models.CASCADE, related_name="working_elements"
    )
    key = models.CharField(_("key"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    element = models.ForeignKey(
        Element, null=True, blank=True, on_delete=models.CASCADE, related_name="working_elements"
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["theory", "position", "id"]
        verbose_name = _("working element")
        verbose_name_plural = _("working elements")

    def __str__(self) -> str:
        return self.title


class Indicator(models.Model):
    theory = models.ForeignKey(TheoryOfChange, on_delete=models.CASCADE, related_name="indicators")
    element = models.ForeignKey(Element, on_delete=models.CASCADE, related_name="indicators")
    key = models.CharField(_("key"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    definition = models.TextField(_("definition"))
    unit = models.CharField(_("unit"), max_length=60)
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    target_value = models.DecimalField(
        _("target value"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    data_source = models.CharField(_("data source"), max_length=200, blank=True)
    collection_method = models.CharField(_("collection method"), max_length=200, blank=True)
    frequency = models.CharField(_("frequency"), max_length=60, blank=True)
    source_kind = models.CharField(_("source"), max_length=10, choices=SourceKind.choices)
    # For a computed indicator: the name of its computation in evaluation.computations.
    computation = models.CharField(_("computation"), max_length=60, blank=True)
    # For a survey indicator: the instrument's and the scale's codes in the surveys app.
    survey_instrument = models.CharField(_("survey instrument"), max_length=60, blank=True)
    survey_scale = models.CharField(_("survey scale"), max_length=60, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["theory", "position", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["theory", "key"], name="indicator_key_per_theory"),
            models.CheckConstraint(
                condition=models.Q(baseline_value__isnull=True, baseline_date__isnull=True)
                | models.Q(baseline_value__isnull=False, baseline_date__isnull=False),
                name="indicator_baseline_value_and_date",
            ),
            models.CheckConstraint(
                condition=models.Q(target_value__isnull=True, target_date__isnull=True)
                | models.Q(target_value__isnull=False, target_date__isnull=False),
                name="indicator_target_value_and_date",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Observation(models.Model):
    """One value of an entered or imported indicator: a period, optionally a building."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="observations")
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    building = models.ForeignKey(
        Building, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4)
    note = models.CharField(_("note"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["indicator", "period_start", "building__name", "id"]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start", "period_end", "building"],
                name="one_observation_per_period_and_building",
            ),
            models.UniqueConstraint(
                fields=["indicator", "period_start", "period_end"],
                condition=models.Q(building__isnull=True),
                name="one_overall_observation_per_period",
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="observation_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period_start}–{self.period_end}: {self.value}"


class EvaluationReport(models.Model):
    """A built report, kept so that it can be downloaded again exactly as it was."""

    as_of = models.DateField(_("data as of"))
    language = models.CharField(_("language"), max_length=8)
    html = models.TextField()
    # In the file storage (voorrang.files), like every file the application keeps: private,
    # served only by the report's download view.
    pdf = models.FileField(_("PDF"), upload_to="reports/", max_length=255, blank=True)
    digest = models.CharField(_("SHA-256 of the HTML"), max_length=64)
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    built_at = models.DateTimeField(auto_now_add=True)
    seconds = models.FloatField(_("seconds to build"), default=0)
    # The job that built it, when it was built through the queue (the button).
    job = models.OneToOneField(
        "jobs.Job",
        verbose_name=_("job"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evaluation_report",
    )

    class Meta:
        ordering = ["-built_at", "-id"]
        verbose_name = _("evaluation report")
        verbose_name_plural = _("evaluation reports")

    def __str__(self) -> str:
        return f"{self.as_of} ({self.language})"


class ResearchExport(models.Model):
    """A research export that was made: when, by whom, for which date (the data itself is
    not kept here)."""

    as_of = models.DateField(_("data as of"))
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField(auto_now_add=True)
    channel = models.CharField(_("channel"), max_length=10)  # 'command' or 'download'
    files = models.JSONField(_("files and their SHA-256"), default=dict)

    class Meta:
        ordering = ["-made_at", "-id"]
        verbose_name = _("research export")
        verbose_name_plural = _("research exports")

    def __str__(self) -> str:
        return f"{self.as_of} ({self.channel})"
