"""Survey waves per building, respondents (pseudonyms only), single-use invitations and the
answers, stored per item. The instruments themselves are data files (see instruments.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from voorrang.housing.models import Building
from voorrang.surveys.states import WaveState
from voorrang.surveys.wave_months import wave_label


class Cohort(models.TextChoices):
    TARGETED = "targeted", _("targeted newcomer")
    REGULAR = "regular", _("regular newcomer")
    INCUMBENT = "incumbent", _("incumbent tenant")


class Wave(models.Model):
    building = models.ForeignKey(
        Building, verbose_name=_("building"), on_delete=models.PROTECT, related_name="survey_waves"
    )
    # The researchers' own name of the wave; empty for waves made before waves had names,
    # which are called by their place in time ("after 12 months").
    name = models.CharField(_("name"), max_length=80, blank=True, default="")
    # Calendar months from the opening of the building's first wave (its baseline) to the
    # opening of this one: the wave's place in every analysis. Set by the service.
    offset_months = models.PositiveSmallIntegerField(_("months after baseline"), default=0)
    # The instrument codes of the library asked in this wave, in order.
    instruments = models.JSONField(_("instruments"), default=list)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    state = models.CharField(
        _("state"), max_length=8, choices=WaveState.choices, default=WaveState.PLANNED
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["building__name", "offset_months"]
        verbose_name = _("survey wave")
        verbose_name_plural = _("survey waves")
        constraints = [
            models.UniqueConstraint(
                fields=["building", "offset_months"], name="survey_wave_once_per_building"
            ),
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="survey_wave_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.building} – {self.label}"

    @property
    def label(self) -> str:
        """The wave's name, or its place in time when it has none."""
        return self.name or wave_label(self.offset_months)


class Respondent(models.Model):
    """A resident known to the survey by a pseudonym only. Who is behind it is kept by the
    organisation that recruits the residents, outside Voorrang."""

    pseudonym = models.CharField(_("pseudonym"), max_length=20, unique=True)
    building = models.ForeignKey(
        Building, verbose_name=_("building"), on_delete=models.PROTECT, related_name="respondents"
    )
    cohort = models.CharField(_("cohort"), max_length=10, choices=Cohort.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["pseudonym"]
        verbose_name = _("respondent")
        verbose_name_plural = _("respondents")

    def __str__(self) -> str:
        return self.pseudonym


class Invitation(models.Model):
    """A single-use link to the online form. Only a hash of its token is stored: the link is
    shown once, when it is made."""

    wave = models.ForeignKey(
        Wave, verbose_name=_("wave"), on_delete=models.PROTECT, related_name="invitations"
    )
    respondent = models.ForeignKey(
        Respondent,
        verbose_name=_("respondent"),
        on_delete=models.PROTECT,
        related_name="invitations",
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    expires_at = models.DateTimeField(_("expires at"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.respondent} – {self.wave}"


class Channel(models.TextChoices):
    ONLINE = "online", _("online form")
    PAPER = "paper", _("paper form")


class Submission(models.Model):
    """One respondent's completed questionnaire in one wave."""

    wave = models.ForeignKey(
        Wave, verbose_name=_("wave"), on_delete=models.PROTECT, related_name="submissions"
    )
    respondent = models.ForeignKey(
        Respondent,
        verbose_name=_("respondent"),
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    channel = models.CharField(_("channel"), max_length=6, choices=Channel.choices)
    # The day the respondent filled it in (for paper: the date on the form or of receipt).
    completed_on = models.DateField(_("completed on"))
    submitted_at = models.DateTimeField(_("stored at"), auto_now_add=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["wave", "respondent"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "respondent"], name="survey_one_submission_per_wave"
            )
        ]

    def __str__(self) -> str:
        return f"{self.respondent} – {self.wave}"


class Answer(models.Model):
    """One item's answer: an option code of the instrument, or empty when not answered."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="answers"
    )
    instrument = models.CharField(_("instrument"), max_length=40)
    instrument_version = models.PositiveSmallIntegerField(_("instrument version"))
    item = models.CharField(_("item"), max_length=40)
    option = models.CharField(_("answer"), max_length=40, blank=True)

    class Meta:
        ordering = ["submission", "instrument", "item"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "instrument", "item"], name="survey_one_answer_per_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument}.{self.item} = {self.option or '-'}"
