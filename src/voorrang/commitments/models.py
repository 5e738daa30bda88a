"""The targeted track. What the corporation may see of it is the commitment's status, its
building and its end date; the welfare organisation's own records come with the track's pages."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from voorrang.commitments.states import (
    ApplicationStatus,
    EndReason,
    FollowUpStatus,
    HousedElsewhere,
    ObjectionStatus,
    SupportTaskStatus,
)
from voorrang.housing.models import Building
from voorrang.seekers.models import Seeker

USER = settings.AUTH_USER_MODEL


class CommitmentStatus(models.TextChoices):
    # The same four statuses as the rules engine's commitment.status.
    PENDING = "pending", _("pending")
    APPROVED = "approved", _("approved")
    DECLINED = "declined", _("declined")
    ENDED = "ended", _("ended")


class Commitment(models.Model):
    seeker = models.ForeignKey(
        Seeker, verbose_name=_("home seeker"), on_delete=models.CASCADE, related_name="commitments"
    )
    building = models.ForeignKey(Building, verbose_name=_("building"), on_delete=models.PROTECT)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.PENDING,
    )
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.UniqueConstraint(
                fields=["seeker", "building"], name="one_commitment_per_building"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="approved") | models.Q(valid_until__isnull=False),
                name="approved_commitment_has_end_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.seeker} · {self.building} · {self.get_status_display()}"


# --- The welfare organisation ------------------------------------------------------------------


class WelfareOrganisation(models.Model):
    """The organisation that runs the targeted track in its buildings. Its coordinators see the
    records of its applications, and of no other organisation's."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    buildings = models.ManyToManyField(
        Building,
        verbose_name=_("buildings"),
        related_name="welfare_organisations",
        blank=True,
        help_text=_("The designated buildings where it runs the targeted track."),
    )
    email = models.EmailField(_("email"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("welfare organisation")
        verbose_name_plural = _("welfare organisations")

    def __str__(self) -> str:
        return self.name


class CoordinatorMembership(models.Model):
    """A coordinator (an account in the staff-welfare group) works for an organisation."""

    organisation = models.ForeignKey(
        WelfareOrganisation,
        verbose_name=_("welfare organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    user = models.ForeignKey(
        USER, verbose_name=_("coordinator"), on_delete=models.CASCADE, related_name="+"
    )
    # Empty for the memberships made before this was kept: their start is not known.
    since = models.DateField(
        _("coordinator since"), default=timezone.localdate, null=True, blank=True
    )

    class Meta:
        verbose_name = _("coordinator membership")
        verbose_name_plural = _("coordinator memberships")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="one_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation}"


class RubricCriterion(models.Model):
    """One criterion of an organisation's assessment rubric, scored 1 to 5 with a reason."""

    organisation = models.ForeignKey(
        WelfareOrganisation,
        verbose_name=_("welfare organisation"),
        on_delete=models.CASCADE,
        related_name="criteria",
    )
    key = models.SlugField(_("key"), max_length=40)
    label = models.CharField(_("criterion"), max_length=120)
    guidance = models.TextField(_("guidance"), blank=True)
    # What each score means: five descriptions, for the scores 1 to 5 (an empty list for a
    # criterion that has none yet). The services check the shape.
    anchors = models.JSONField(_("description of each score"), default=list, blank=True)
    # The lowest score on this criterion that passes: an assessment reaches the pass mark when
    # every criterion does. Advice for the decision, which stays the coordinator's.
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark"), default=3, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["organisation", "position", "pk"]
        verbose_name = _("rubric criterion")
        verbose_name_plural = _("rubric criteria")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="one_criterion_per_key"),
            models.CheckConstraint(
                condition=models.Q(pass_mark__gte=1, pass_mark__lte=5),
                name="pass_mark_from_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def anchor(self, score: int) -> str:
        """What ``score`` means on this criterion ("" when it has no descriptions)."""
        anchors = self.anchors or []
        return anchors[score - 1] if 1 <= score <= len(anchors) else ""


class BuildingNeed(models.Model):
    """An entry of a building's catalogue of needs: the activities a commitment can take on."""

    building = models.ForeignKey(
        Building, verbose_name=_("building"), on_delete=models.CASCADE, related_name="needs"
    )
    name = models.CharField(_("activity"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("in the catalogue"), default=True)

    class Meta:
        ordering = ["building", "position", "pk"]
        verbose_name = _("need of the building")
        verbose_name_plural = _("needs of the building")
        constraints = [
            models.UniqueConstraint(fields=["building", "name"], name="one_need_per_name")
        ]

    def __str__(self) -> str:
        return self.name


# --- The application ---------------------------------------------------------------------------


class Application(models.Model):
    """A seeker's application for the targeted track of one building."""

    # Empty once the retention period has passed: the record is then known by its pseudonym.
    seeker = models.ForeignKey(
        Seeker,
        verbose_name=_("home seeker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="track_applications",
    )
    pseudonym = models.CharField(_("pseudonym"), max_length=24, blank=True, db_index=True)
    building = models.ForeignKey(
        Building, verbose_name=_("building"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        WelfareOrganisation,
        verbose_name=_("welfare organisation"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("commitment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
        db_index=True,
    )
    motivation = models.TextField(_("what you want to do for the residents and neighbourhood"))
    skills = models.TextField(_("skills"), blank=True)
    experience = models.TextField(_("experience"), blank=True)
    hours_per_month = models.PositiveSmallIntegerField(
        _("hours a month"), validators=[MinValueValidator(1), MaxValueValidator(80)]
    )
    available_from = models.DateField(_("available from"))
    consents = models.JSONField(_("consent statements accepted"), default=list)
    consented_at = models.DateTimeField(_("consent given at"))
    submitted_at = models.DateTimeField(_("submitted at"), db_index=True)
    coordinator = models.ForeignKey(
        USER,
        verbose_name=_("coordinator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The approval: valid until this date, and renewable.
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approved_until = models.DateField(_("approval valid until"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # The holder was let a home by another route than this commitment (a regular letting, or
    # another building): when the tenancy starts, and what the policy did with the commitment.
    housed_elsewhere_on = models.DateField(_("housed by another route on"), null=True, blank=True)
    housed_elsewhere = models.CharField(
        _("after housing by another route"),
        max_length=4,
        choices=HousedElsewhere.choices,
        blank=True,
    )
    retention_applied_at = models.DateTimeField(_("erased at"), null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(
                fields=["seeker", "building"],
                condition=models.Q(
                    status__in=["submitted", "intake_scheduled", "intake_held", "approved"]
                ),
                name="one_open_application_per_building",
            ),
        ]

    def __str__(self) -> str:
        who = self.seeker.registration_number if self.seeker_id else self.pseudonym
        return f"{who} · {self.building} · {self.get_status_display()}"

    @property
    def approval_expired(self) -> bool:
        """Approved, but the period has passed: no priority until it is renewed."""
        from django.utils import timezone

        return (
            self.status == ApplicationStatus.APPROVED
            and self.approved_until is not None
            and self.approved_until < timezone.localdate()
        )


class Intake(models.Model):
    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="intakes"
    )
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200)
    coordinator = models.ForeignKey(
        USER, verbose_name=_("coordinator"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    invitation_sent_at = models.DateTimeField(_("invitation sent at"), null=True, blank=True)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    notes = models.TextField(_("record of the intake"), blank=True)
    cancelled = models.BooleanField(_("moved or cancelled"), default=False)

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("intake")
        verbose_name_plural = _("intakes")

    def __str__(self) -> str:
        return f"{self.application} · {self.starts_at:%Y-%m-%d %H:%M}"


class Assessment(models.Model):
    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    assessed_by = models.ForeignKey(
        USER, verbose_name=_("assessed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assessed_at = models.DateTimeField(_("assessed at"))

    class Meta:
        ordering = ["-assessed_at", "-pk"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.application} · {self.assessed_at:%Y-%m-%d}"

    @property
    def total(self) -> int:
        return sum(score.score for score in self.scores.all())

    @property
    def passed(self) -> bool:
        """Every criterion scored at least its pass mark."""
        return all(score.passed for score in self.scores.all())


class AssessmentScore(models.Model):
    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        RubricCriterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+"
    )
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    reason = models.TextField(_("reason"), blank=True)
    # The criterion's pass mark when the score was given: a later change of the rubric does
    # not change what an assessment reached. Empty for scores given before it was kept.
    pass_mark = models.PositiveSmallIntegerField(_("pass mark"), null=True, blank=True)

    class Meta:
        ordering = ["criterion__position", "pk"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="one_score_each"),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="score_from_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion} · {self.score}"

    @property
    def mark(self) -> int:
        """The pass mark this score is held to."""
        return self.pass_mark if self.pass_mark is not None else self.criterion.pass_mark

    @property
    def passed(self) -> bool:
        return self.score >= self.mark


class DecisionKind(models.TextChoices):
    DECISION = "decision", _("decision")
    RENEWAL = "renewal", _("renewal")


class Decision(models.Model):
    """A decision on an application, or a renewal of its approval."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=DecisionKind.choices, default=DecisionKind.DECISION
    )
    outcome = models.CharField(
        _("outcome"),
        max_length=20,
        choices=[
            (ApplicationStatus.APPROVED.value, ApplicationStatus.APPROVED.label),
            (ApplicationStatus.DECLINED.value, ApplicationStatus.DECLINED.label),
        ],
    )
    reasons = models.TextField(_("reasons"), blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    decided_by = models.ForeignKey(
        USER, verbose_name=_("decided by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"))

    class Meta:
        ordering = ["-decided_at", "-pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.application} · {self.get_outcome_display()}"


class Objection(models.Model):
    """An objection (bezwaar) of the seeker against a decline. Decided by another coordinator
    of the organisation than the one who declined, and than the one who registered it when it
    came by post; a coordinator of the team may name who decides it."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="objections",
    )
    # The decline the objection is against (empty for objections lodged before this was kept).
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="objections",
    )
    # Who declined, copied from the decision when the objection is lodged: so that the
    # database, too, refuses them as the one who decides it.
    declined_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    grounds = models.TextField(_("grounds"), blank=True)
    lodged_at = models.DateTimeField(_("lodged at"))
    # The coordinator who registered an objection that came by post; empty when the seeker
    # lodged it in the portal.
    registered_by = models.ForeignKey(
        USER,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The coordinator named to decide it; empty: any coordinator of the team who may.
    assigned_to = models.ForeignKey(
        USER,
        verbose_name=_("decided by (named)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ObjectionStatus.choices, default=ObjectionStatus.LODGED
    )
    decision_reasons = models.TextField(_("reasons of the decision"), blank=True)
    decided_by = models.ForeignKey(
        USER,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        ordering = ["-lodged_at", "-pk"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decided_by__isnull=True)
                | models.Q(declined_by__isnull=True)
                | ~models.Q(decided_by=models.F("declined_by")),
                name="track_objection_not_decided_by_decliner",
            ),
            models.CheckConstraint(
                condition=models.Q(decided_by__isnull=True)
                | models.Q(registered_by__isnull=True)
                | ~models.Q(decided_by=models.F("registered_by")),
                name="track_objection_not_decided_by_registrar",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.get_status_display()}"

    @property
    def pending(self) -> bool:
        return self.status == ObjectionStatus.LODGED


def track_objection_document_name(instance: ObjectionDocument, filename: str) -> str:
    """A random name in a folder of its own: the uploader's file name says nothing the record
    needs to keep."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"track-objections/{secrets.token_hex(16)}.{extension}"


class ObjectionDocument(models.Model):
    """A document sent with an objection (PDF, PNG or JPEG), kept in the file storage."""

    objection = models.ForeignKey(
        Objection,
        verbose_name=_("objection"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    file = models.FileField(_("document"), upload_to=track_objection_document_name, max_length=200)
    content_type = models.CharField(_("kind of file"), max_length=40)
    size = models.PositiveIntegerField(_("size"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["objection", "pk"]
        verbose_name = _("objection document")
        verbose_name_plural = _("objection documents")

    def __str__(self) -> str:
        return f"{self.objection} · {self.pk}"


# --- The agreement and its follow-up -----------------------------------------------------------


class CommitmentAgreement(models.Model):
    """What an approved seeker agrees to do in the building, and its follow-up after the move.
    The follow-up's status is a record, never a consequence for the tenancy."""

    application = models.OneToOneField(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="agreement",
    )
    activities = models.ManyToManyField(
        BuildingNeed, verbose_name=_("activities"), related_name="agreements"
    )
    hours_per_month = models.PositiveSmallIntegerField(
        _("hours a month"), validators=[MinValueValidator(1), MaxValueValidator(80)]
    )
    duration_months = models.PositiveSmallIntegerField(
        _("duration (months)"), default=24, validators=[MinValueValidator(1)]
    )
    coordinator = models.ForeignKey(
        USER, verbose_name=_("coordinator"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    starts_on = models.DateField(_("start date"))
    signed_on = models.DateField(_("signed on"))
    # The start of the tenancy of the home let through the commitment tier: the follow-up
    # (check-ins, hours, activities) counts from here.
    moved_in_on = models.DateField(_("moved in on"), null=True, blank=True)
    status = models.CharField(
        _("follow-up status"),
        max_length=10,
        choices=FollowUpStatus.choices,
        default=FollowUpStatus.WAITING,
        db_index=True,
    )
    pause_reason = models.TextField(_("reason for the pause"), blank=True)
    paused_on = models.DateField(_("paused on"), null=True, blank=True)
    end_reason = models.CharField(
        _("reason for the end"), max_length=20, choices=EndReason.choices, blank=True
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("commitment agreement")
        verbose_name_plural = _("commitment agreements")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="ended")
                | (models.Q(ended_on__isnull=False) & ~models.Q(end_reason="")),
                name="ended_agreement_has_reason_and_date",
            ),
        ]

    def __str__(self) -> str:
        return str(self.application)


class StatusPeriod(models.Model):
    """One stretch of a follow-up status, from its start to (while open) no end: the history
    that the share of commitments active at 6, 12 and 24 months is read from."""

    agreement = models.ForeignKey(
        CommitmentAgreement, on_delete=models.CASCADE, related_name="periods"
    )
    status = models.CharField(_("status"), max_length=10, choices=FollowUpStatus.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=20, blank=True)

    class Meta:
        ordering = ["agreement", "starts_on", "pk"]
        verbose_name = _("status period")
        verbose_name_plural = _("status periods")

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.starts_on}–{self.ends_on or ''}"


class LoggedBy(models.TextChoices):
    SEEKER = "seeker", _("the tenant")
    COORDINATOR = "coordinator", _("the coordinator")


class ActivityLog(models.Model):
    agreement = models.ForeignKey(
        CommitmentAgreement,
        verbose_name=_("commitment agreement"),
        on_delete=models.CASCADE,
        related_name="activity_logs",
    )
    need = models.ForeignKey(
        BuildingNeed,
        verbose_name=_("activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="logs",
    )
    done_on = models.DateField(_("date"), db_index=True)
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    description = models.TextField(_("what was done"), blank=True)
    logged_by = models.CharField(_("logged by"), max_length=12, choices=LoggedBy.choices)
    author = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("logged at"), auto_now_add=True)

    class Meta:
        ordering = ["-done_on", "-pk"]
        verbose_name = _("activity log entry")
        verbose_name_plural = _("activity log")

    def __str__(self) -> str:
        return f"{self.done_on} · {self.hours}"


class Going(models.TextChoices):
    YES = "yes", _("yes, as agreed")
    PARTLY = "partly", _("partly")
    NO = "no", _("no")


class CheckIn(models.Model):
    """A check-in at 3, 6, 12 or 24 months after the move: structured answers and a note."""

    agreement = models.ForeignKey(
        CommitmentAgreement,
        verbose_name=_("commitment agreement"),
        on_delete=models.CASCADE,
        related_name="check_ins",
    )
    month = models.PositiveSmallIntegerField(_("months after the move"))
    due_on = models.DateField(_("due on"), db_index=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.CharField(
        _("answered by"), max_length=12, choices=LoggedBy.choices, blank=True
    )
    # Structured answers: scores 1 (not at all) to 5 (very much), kept for the evaluation.
    settled = models.PositiveSmallIntegerField(
        _("I feel at home in the building"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    contact = models.PositiveSmallIntegerField(
        _("I have contact with my neighbours"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    going = models.CharField(
        _("My activities are going as agreed"), max_length=8, choices=Going.choices, blank=True
    )
    hours_last_month = models.PositiveSmallIntegerField(
        _("Hours spent on activities last month"), null=True, blank=True
    )
    wants_support = models.BooleanField(_("I would like support or a talk"), null=True)
    note = models.TextField(_("Anything else you want to tell us"), blank=True)
    # When the coordinator was told in the daily digest that this check-in is overdue: each
    # overdue check-in is told once.
    overdue_told_at = models.DateTimeField(_("overdue told at"), null=True, blank=True)

    class Meta:
        ordering = ["agreement", "month"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "month"], name="one_check_in_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.agreement} · {self.month}"

    @property
    def answered(self) -> bool:
        return self.answered_at is not None


class SupportTask(models.Model):
    """A tenant asked for support or a talk at a check-in: a coordinator contacts them and
    closes the task with a note. The note is the welfare organisation's own; the tenant sees
    only that the request was handled."""

    agreement = models.ForeignKey(
        CommitmentAgreement,
        verbose_name=_("commitment agreement"),
        on_delete=models.CASCADE,
        related_name="support_tasks",
    )
    check_in = models.OneToOneField(
        CheckIn,
        verbose_name=_("check-in"),
        on_delete=models.CASCADE,
        related_name="support_task",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SupportTaskStatus.choices,
        default=SupportTaskStatus.OPEN,
        db_index=True,
    )
    created_at = models.DateTimeField(_("asked at"))
    assigned_to = models.ForeignKey(
        USER,
        verbose_name=_("coordinator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closing_note = models.TextField(_("what was done"), blank=True)
    closed_by = models.ForeignKey(
        USER,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("request for support")
        verbose_name_plural = _("requests for support")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="closed") | models.Q(closed_at__isnull=False),
                name="closed_support_task_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} · {self.get_status_display()}"
