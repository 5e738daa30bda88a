"""Home seekers: registration, household, income, urgency, local tie."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from voorrang.housing.models import postcode_validator
from voorrang.transitions import StateMachine


class SeekerStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    HOUSED = "housed", _("housed")
    ENDED = "ended", _("ended")


# A registration is active until its household is let a home through us (housed: the
# registration ends then, as the policy says) or its account is ended. Housed -> ended: a
# housed seeker may still end their account.
ALLOWED_SEEKER_CHANGES: dict[str, frozenset[str]] = {
    SeekerStatus.ACTIVE: frozenset({SeekerStatus.HOUSED, SeekerStatus.ENDED}),
    SeekerStatus.HOUSED: frozenset({SeekerStatus.ENDED}),
    SeekerStatus.ENDED: frozenset(),
}
SEEKER_MACHINE = StateMachine(
    field="status",
    allowed=ALLOWED_SEEKER_CHANGES,
    states=SeekerStatus,
    message=_("A registration that is %(old)s cannot become %(new)s."),
    code="seeker_state",
)


class IncomeEvidence(models.TextChoices):
    TAX_STATEMENT = "tax_statement", _("income statement of the tax authority (IB60)")
    PAYSLIP = "payslip", _("payslips")
    BENEFIT = "benefit", _("benefit statement")
    PENSION = "pension", _("pension statement")
    OTHER = "other", _("other")


class CheckStatus(models.TextChoices):
    """Whether staff have checked the income, or the household, against its evidence."""

    UNCHECKED = "unchecked", _("not checked yet")
    CHECKED = "checked", _("checked")
    REJECTED = "rejected", _("rejected")


# Staff check or reject (with a reason) what is unchecked, and may reverse their decision
# (a rejection after a call that cleared it up; a check after a problem found later, with a
# reason). Whatever changes what was looked at (a new amount, new evidence, a member added or
# removed) makes it unchecked again, so a decision always concerns what is on record now.
ALLOWED_CHECK_CHANGES: dict[str, frozenset[str]] = {
    CheckStatus.UNCHECKED: frozenset({CheckStatus.CHECKED, CheckStatus.REJECTED}),
    CheckStatus.CHECKED: frozenset({CheckStatus.UNCHECKED, CheckStatus.REJECTED}),
    CheckStatus.REJECTED: frozenset({CheckStatus.UNCHECKED, CheckStatus.CHECKED}),
}
INCOME_CHECK_MACHINE = StateMachine(
    field="income_check",
    allowed=ALLOWED_CHECK_CHANGES,
    states=CheckStatus,
    message=_("The income is %(old)s; it cannot become %(new)s."),
    code="income_check_state",
)
HOUSEHOLD_CHECK_MACHINE = StateMachine(
    field="household_check",
    allowed=ALLOWED_CHECK_CHANGES,
    states=CheckStatus,
    message=_("The household is %(old)s; it cannot become %(new)s."),
    code="household_check_state",
)


class Seeker(models.Model):
    registration_number = models.CharField(_("registration number"), max_length=20, unique=True)
    registered_on = models.DateField(_("registration date"))
    # The registration's id in the system it came from (the regional platform; VERA's
    # idExtern): an import finds the seeker again by it (voorrang.imports).
    source_id = models.CharField(_("id in the source system"), max_length=64, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SeekerStatus.choices, default=SeekerStatus.ACTIVE
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="seeker",
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    street = models.CharField(_("street"), max_length=120, blank=True)
    number = models.CharField(_("house number"), max_length=12, blank=True)
    postcode = models.CharField(
        _("postcode"), max_length=7, blank=True, validators=[postcode_validator]
    )
    town = models.CharField(_("town"), max_length=80, blank=True)
    income = models.DecimalField(
        _("gross household income per year"), max_digits=10, decimal_places=2
    )
    income_evidence_kind = models.CharField(
        _("kind of income evidence"), max_length=20, choices=IncomeEvidence.choices, blank=True
    )
    income_evidence_date = models.DateField(_("date of income evidence"), null=True, blank=True)
    local_tie = models.BooleanField(_("local tie"), default=False)
    # Staff's check of the income and of the household against the evidence (seekers.services
    # check_income ... reject_household); an offer needs checked income (allocation offers).
    income_check = models.CharField(
        _("income check"), max_length=10, choices=CheckStatus.choices, default=CheckStatus.UNCHECKED
    )
    income_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    income_checked_at = models.DateTimeField(_("income checked at"), null=True, blank=True)
    income_rejection_reason = models.TextField(_("reason the income was rejected"), blank=True)
    household_check = models.CharField(
        _("household check"),
        max_length=10,
        choices=CheckStatus.choices,
        default=CheckStatus.UNCHECKED,
    )
    household_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    household_checked_at = models.DateTimeField(_("household checked at"), null=True, blank=True)
    household_rejection_reason = models.TextField(
        _("reason the household was rejected"), blank=True
    )
    # The language of the emails to this seeker, chosen in the portal (my details, contact).
    language = models.CharField(
        _("language of emails"), max_length=8, choices=settings.LANGUAGES, default="nl"
    )
    # When the registration ended because the household was let a home, and whether the
    # policy of that letting kept its registration time (``after_letting`` in the policy file).
    ended_on = models.DateField(_("registration ended on"), null=True, blank=True)
    registration_time_kept = models.BooleanField(_("registration time kept"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["registration_number"]
        verbose_name = _("home seeker")
        verbose_name_plural = _("home seekers")
        indexes = [models.Index(fields=["status", "registered_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["source_id"],
                condition=~models.Q(source_id=""),
                name="seeker_unique_source_id",
            ),
        ]

    def __str__(self) -> str:
        return self.registration_number

    @property
    def main_applicant(self) -> HouseholdMember | None:
        return next((m for m in self.members.all() if m.is_main_applicant), None)


class HouseholdMember(models.Model):
    seeker = models.ForeignKey(
        Seeker, verbose_name=_("home seeker"), on_delete=models.CASCADE, related_name="members"
    )
    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=120)
    birth_date = models.DateField(_("birth date"))
    is_main_applicant = models.BooleanField(_("main applicant"), default=False)

    class Meta:
        ordering = ["-is_main_applicant", "birth_date"]
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        constraints = [
            models.UniqueConstraint(
                fields=["seeker"],
                condition=models.Q(is_main_applicant=True),
                name="one_main_applicant_per_seeker",
            )
        ]
        indexes = [models.Index(fields=["last_name", "birth_date"])]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class UrgencyKind(models.TextChoices):
    """The grounds an urgency declaration is issued on. The rule book knows only the period
    (ALLOCATION_RULES.md, tier ``urgency``); the kind is for people reading the record."""

    MEDICAL = "medical", _("medical grounds")
    SHELTER = "shelter", _("leaving a shelter")
    DIVORCE_WITH_CHILDREN = "divorce_children", _("divorce with children")
    LEAVING_CARE = "leaving_care", _("leaving care")
    UNINHABITABLE = "uninhabitable", _("home uninhabitable")
    DOMESTIC_VIOLENCE = "domestic_violence", _("domestic violence")
    OTHER = "other", _("other grounds")


class UrgencyStatus(models.TextChoices):
    PROPOSED = "proposed", _("waiting for a second staff member")
    CONFIRMED = "confirmed", _("confirmed")
    REJECTED = "rejected", _("rejected")
    ENDED = "ended", _("ended early")


# One staff member proposes, another confirms or rejects; a confirmed declaration ends by
# itself after its last day (no change of status: the dates decide) or earlier by a staff
# member's decision, with a reason.
ALLOWED_URGENCY_CHANGES: dict[str, frozenset[str]] = {
    UrgencyStatus.PROPOSED: frozenset({UrgencyStatus.CONFIRMED, UrgencyStatus.REJECTED}),
    UrgencyStatus.CONFIRMED: frozenset({UrgencyStatus.ENDED}),
    UrgencyStatus.REJECTED: frozenset(),
    UrgencyStatus.ENDED: frozenset(),
}
URGENCY_MACHINE = StateMachine(
    field="status",
    allowed=ALLOWED_URGENCY_CHANGES,
    states=UrgencyStatus,
    message=_("This urgency declaration is %(old)s; it cannot become %(new)s."),
    code="urgency_state",
)
# The declarations the ranking reads: confirmed ones, and those ended early (they count on
# the days before their end, for a vacancy that closed then).
COUNTING_URGENCY = (UrgencyStatus.CONFIRMED, UrgencyStatus.ENDED)


def last_counting_day(valid_until: date, ended_on: date | None) -> date:
    """The last day a confirmed declaration counts for a vacancy closing then: its valid
    until, or the day before staff ended it."""
    if ended_on is None:
        return valid_until
    return min(valid_until, ended_on - timedelta(days=1))


def urgency_document_name(instance: UrgencyDeclaration, filename: str) -> str:
    """A random name: the uploader's file name says nothing the record needs to keep."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"urgency/{secrets.token_hex(16)}.{extension}"


class UrgencyDeclaration(models.Model):
    seeker = models.ForeignKey(
        Seeker, verbose_name=_("home seeker"), on_delete=models.CASCADE, related_name="urgencies"
    )
    kind = models.CharField(
        _("kind of urgency"), max_length=20, choices=UrgencyKind.choices, default=UrgencyKind.OTHER
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    issued_by = models.CharField(_("issued by"), max_length=200, blank=True)
    document = models.FileField(
        _("document"), upload_to=urgency_document_name, max_length=200, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=UrgencyStatus.choices,
        default=UrgencyStatus.PROPOSED,
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejecting"), blank=True)
    # The first day it no longer counts, when staff ended it before its last day.
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    end_reason = models.TextField(_("reason for ending"), blank=True)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("urgency declaration")
        verbose_name_plural = _("urgency declarations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("valid_from")),
                name="urgency_valid_period",
            ),
            models.CheckConstraint(
                condition=models.Q(decided_by__isnull=True)
                | models.Q(proposed_by__isnull=True)
                | ~models.Q(decided_by=models.F("proposed_by")),
                name="urgency_needs_a_second_person",
            ),
        ]
        indexes = [models.Index(fields=["status", "proposed_at"])]

    def __str__(self) -> str:
        return f"{self.seeker} {self.valid_from}–{self.valid_until}"

    @property
    def last_counting_day(self) -> date:
        return last_counting_day(self.valid_until, self.ended_on)


class ChangeStatus(models.TextChoices):
    PENDING = "pending", _("waiting for a second staff member")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class RegistrationDateChange(models.Model):
    """A change of a registration date takes two staff members: one asks, another decides."""

    seeker = models.ForeignKey(
        Seeker, verbose_name=_("home seeker"), on_delete=models.PROTECT, related_name="date_changes"
    )
    old_date = models.DateField(_("old registration date"))
    new_date = models.DateField(_("new registration date"))
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=10, choices=ChangeStatus.choices, default=ChangeStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("registration date change")
        verbose_name_plural = _("registration date changes")
        constraints = [
            models.UniqueConstraint(
                fields=["seeker"],
                condition=models.Q(status="pending"),
                name="one_pending_date_change_per_seeker",
            ),
            models.CheckConstraint(
                condition=models.Q(decided_by__isnull=True)
                | ~models.Q(decided_by=models.F("requested_by")),
                name="date_change_needs_a_second_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.seeker}: {self.old_date} → {self.new_date} ({self.status})"


class DuplicateFlag(models.Model):
    """Two registrations that may be the same household; staff decide, nothing is merged."""

    class Ground(models.TextChoices):
        NAME_AND_BIRTH_DATE = "name_birth_date", _("same name and birth date")
        EMAIL = "email", _("same email address")
        ADDRESS = "address", _("same address")

    seeker = models.ForeignKey(Seeker, on_delete=models.CASCADE, related_name="duplicate_flags")
    other = models.ForeignKey(Seeker, on_delete=models.CASCADE, related_name="+")
    ground = models.CharField(_("ground"), max_length=20, choices=Ground.choices)
    resolved = models.BooleanField(_("resolved"), default=False)
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["resolved", "-created_at"]
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        constraints = [
            models.UniqueConstraint(
                fields=["seeker", "other", "ground"], name="duplicate_flag_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.seeker} ~ {self.other} ({self.ground})"


class EvidenceFile(models.Model):
    """An uploaded document that shows the household's income. The file lives in
    ``<VOORRANG_DATA_DIR>/evidence`` under a random name, never among the static files; it is
    served only to the account that uploaded it and to staff (see portal.views)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="evidence_files",
    )
    seeker = models.ForeignKey(
        Seeker,
        verbose_name=_("home seeker"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evidence_files",
    )
    stored_name = models.CharField(max_length=64, unique=True, editable=False)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("kind of file"), max_length=40)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("income evidence file")
        verbose_name_plural = _("income evidence files")

    def __str__(self) -> str:
        return self.original_name
