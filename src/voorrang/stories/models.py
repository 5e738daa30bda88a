"""Stories of change (Most Significant Change): domains, reporting periods, stories with their
consent, selection rounds with their panels and choices, feedback to tellers, themes.

Every write goes through ``services``; every read that respects consent through ``selectors``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from voorrang.commitments.models import WelfareOrganisation
from voorrang.housing.models import Building
from voorrang.seekers.models import Seeker
from voorrang.stories.consent import ConsentTier
from voorrang.stories.states import RoundState, StoryState


class Domain(models.Model):
    """A domain of change: a broad area in which the tellers are asked what changed."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("domain of change")
        verbose_name_plural = _("domains of change")

    def __str__(self) -> str:
        return self.name


class ReportingPeriod(models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="stories_period_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Theme(models.Model):
    """A tag the collectors and researchers give stories, to find them and to see patterns."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.name


class TellerRole(models.TextChoices):
    TARGETED_NEWCOMER = "targeted_newcomer", _("targeted newcomer")
    OTHER_RESIDENT = "other_resident", _("other resident")
    PROFESSIONAL = "professional", _("professional")


class Prompt(models.TextChoices):
    """The question the collector asked. The last two are asked explicitly, so that stories of
    change for the worse and of no change are collected too, not only success stories."""

    MOST_SIGNIFICANT = "most_significant", _("What was the most significant change for you?")
    NEGATIVE = "negative", _("What changed for the worse?")
    NO_CHANGE = "no_change", _("What did you hope would change, but stayed the same?")


class Direction(models.TextChoices):
    POSITIVE = "positive", _("change for the better")
    NEGATIVE = "negative", _("change for the worse")
    NO_CHANGE = "no_change", _("no change")
    MIXED = "mixed", _("mixed")


class SelectionRound(models.Model):
    """One meeting of a selection panel: its members read the redacted stories of its domains
    and choose one story per domain, with their reasons."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("reporting period"), on_delete=models.PROTECT
    )
    held_on = models.DateField(_("date of the panel"))
    domains = models.ManyToManyField(Domain, verbose_name=_("domains"), related_name="+")
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("panel members with an account"),
        related_name="story_panels",
    )
    other_members = models.TextField(
        _("other panel members"),
        blank=True,
        help_text=_("Members without an account, by their role."),
    )
    state = models.CharField(
        _("state"), max_length=12, choices=RoundState.choices, default=RoundState.PREPARING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "name"]
        verbose_name = _("selection round")
        verbose_name_plural = _("selection rounds")

    def __str__(self) -> str:
        return self.name


class Story(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    state = models.CharField(
        _("state"), max_length=14, choices=StoryState.choices, default=StoryState.COLLECTED
    )
    domain = models.ForeignKey(Domain, verbose_name=_("domain"), on_delete=models.PROTECT)
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("reporting period"), on_delete=models.PROTECT
    )
    told_on = models.DateField(_("date told"))
    teller_role = models.CharField(_("teller's role"), max_length=20, choices=TellerRole.choices)
    # Who told it: needed for feedback and for the de-identification check; never shown to a
    # panel, a researcher who did not collect it, a report or an export.
    teller_name = models.CharField(_("teller's name"), max_length=160, blank=True)
    teller_contact = models.CharField(_("how to reach the teller"), max_length=200, blank=True)
    seeker = models.ForeignKey(
        Seeker,
        verbose_name=_("the teller's registration"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    building = models.ForeignKey(
        Building, verbose_name=_("building"), null=True, blank=True, on_delete=models.PROTECT
    )
    collector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("collector"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The welfare organisation whose coordinators collected the story and keep it, as they
    # keep their targeted-track records: only its coordinators read it as told (empty for a
    # story a researcher collected, which only that researcher reads as told).
    organisation = models.ForeignKey(
        WelfareOrganisation,
        verbose_name=_("welfare organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    prompt = models.CharField(_("question asked"), max_length=20, choices=Prompt.choices)
    direction = models.CharField(_("direction of change"), max_length=12, choices=Direction.choices)
    text = models.TextField(_("the story"), blank=True)
    significance = models.TextField(_("why it is significant to the teller"), blank=True)
    redacted_text = models.TextField(_("the story without names and addresses"), blank=True)
    redacted_significance = models.TextField(
        _("why it is significant, without names and addresses"), blank=True
    )
    quotation = models.TextField(_("passage for anonymous quotation"), blank=True)
    # Words the check found that the collector judged to be no name or address here:
    # [{"term": ..., "reason": ...}]
    accepted_terms = models.JSONField(_("terms judged not to identify"), default=list, blank=True)
    consent = models.CharField(_("consent"), max_length=12, choices=ConsentTier.choices)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="stories"
    )
    selection_round = models.ForeignKey(
        SelectionRound,
        verbose_name=_("selection round"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="stories",
    )
    withdrawn_on = models.DateField(_("consent withdrawn on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-told_on", "-code"]
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        indexes = [models.Index(fields=["state", "consent"])]

    def __str__(self) -> str:
        return self.code


class ConsentRecord(models.Model):
    """Every consent a teller gave or withdrew, in order; the story holds the latest."""

    class How(models.TextChoices):
        WRITTEN = "written", _("signed form")
        VERBAL = "verbal", _("verbally, noted by the collector")
        EMAIL = "email", _("by email or letter")

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="consents")
    tier = models.CharField(_("consent"), max_length=12, choices=ConsentTier.choices)
    given_on = models.DateField(_("date"))
    how = models.CharField(_("how"), max_length=10, choices=How.choices)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["given_on", "recorded_at", "id"]
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")

    def __str__(self) -> str:
        return f"{self.story}: {self.tier} ({self.given_on})"


class Selection(models.Model):
    """The story a panel chose for one domain, and why, in the panel's own words."""

    selection_round = models.ForeignKey(
        SelectionRound, on_delete=models.CASCADE, related_name="selections"
    )
    domain = models.ForeignKey(Domain, verbose_name=_("domain"), on_delete=models.PROTECT)
    story = models.ForeignKey(
        Story, verbose_name=_("story"), on_delete=models.PROTECT, related_name="selections"
    )
    reasons = models.TextField(_("the panel's reasons"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["selection_round", "domain"]
        verbose_name = _("selection")
        verbose_name_plural = _("selections")
        constraints = [
            models.UniqueConstraint(
                fields=["selection_round", "domain"], name="stories_one_choice_per_domain"
            )
        ]

    def __str__(self) -> str:
        return f"{self.selection_round}: {self.domain} → {self.story}"


class Feedback(models.Model):
    """What the teller was told back: that their story was read, chosen or not, and why."""

    class Channel(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        PHONE = "phone", _("by phone")
        LETTER = "letter", _("by letter or email")
        MEETING = "meeting", _("at a residents' meeting")

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="feedback")
    given_on = models.DateField(_("date"))
    channel = models.CharField(_("how"), max_length=10, choices=Channel.choices)
    note = models.TextField(_("what was told"))
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["given_on", "id"]
        verbose_name = _("feedback to the teller")
        verbose_name_plural = _("feedback to tellers")

    def __str__(self) -> str:
        return f"{self.story}: {self.given_on}"
