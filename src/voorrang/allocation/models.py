"""Vacancies, responses, rankings, offers, allocations and published results."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from voorrang.allocation.states import AllocationState, OfferState, VacancyState
from voorrang.housing.models import Unit
from voorrang.seekers.models import Seeker


class Ordering(models.TextChoices):
    REGISTRATION = "registration", _("registration time")
    LOTTERY = "lottery", _("lottery")


class Vacancy(models.Model):
    reference = models.CharField(_("reference"), max_length=30, unique=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="vacancies"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=VacancyState.choices, default=VacancyState.DRAFT
    )
    # Labels of the rules engine other than 'targeted': senior, young, local.
    labels = models.JSONField(_("labels"), default=list, blank=True)
    # Set by the quota (or a staff override) when the vacancy is published.
    targeted = models.BooleanField(_("targeted"), default=False)
    ordering = models.CharField(
        _("ordering"), max_length=12, choices=Ordering.choices, default=Ordering.REGISTRATION
    )
    rent = models.DecimalField(_("net rent at letting"), max_digits=8, decimal_places=2)
    # What the listing tells seekers about the home, beside the unit's facts.
    description = models.TextField(_("description"), blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    closes_on = models.DateField(_("closes on"))
    policy_id = models.CharField(_("policy"), max_length=40, blank=True)
    # The quota's count for this vacancy (n) and a staff override of its decision.
    quota_n = models.PositiveIntegerField(
        _("number in the year's quota count"), null=True, blank=True
    )
    quota_override_reason = models.TextField(_("reason for overriding the quota"), blank=True)
    # The seed is drawn at publication and kept secret until the ranking; its hash is public.
    seed = models.CharField(max_length=64, blank=True, editable=False)
    seed_hash = models.CharField(_("SHA-256 of the lottery seed"), max_length=64, blank=True)
    responses_changed_after_close = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-closes_on", "reference"]
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        indexes = [
            models.Index(fields=["state", "closes_on"]),
            # The vacancy list's order: a page of 50 read from the index, not 50,000 sorted.
            models.Index(fields=["-closes_on", "reference"], name="vacancy_list_order"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def rule_labels(self) -> list[str]:
        """The labels as the rules engine knows them."""
        return (["targeted"] if self.targeted else []) + [
            label for label in self.labels if label != "targeted"
        ]

    @property
    def total_rent(self) -> Decimal:
        """What the tenant pays a month: the net rent and the service costs."""
        return self.rent + self.unit.service_costs

    @property
    def letting(self) -> Allocation | None:
        """The allocation that let this home (its contract signed), or None. Reads the list
        ``with_letting`` prefetched, if the query did, else asks the database."""
        prefetched = getattr(self, "let_allocations", None)
        if prefetched is not None:
            return prefetched[0] if prefetched else None
        return (
            self.allocations.filter(state__in=LET_ALLOCATION_STATES)
            .select_related("offer__entry")
            .first()
        )

    @property
    def seed_revealed(self) -> bool:
        return self.state in (VacancyState.RANKED, VacancyState.OFFERING, VacancyState.LET)


class VacancyPhoto(models.Model):
    """A photo of the listing: stored resized and without its metadata (voorrang.allocation.
    photos), in two sizes under ``photos/`` in the application's file storage."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="photos")
    # The random name both sizes share: photos/<stored_name>.jpg and photos/<stored_name>-small.jpg
    stored_name = models.CharField(max_length=64, unique=True, editable=False)
    alt_text = models.CharField(_("description of the photo"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    width = models.PositiveSmallIntegerField(_("width in pixels"))
    height = models.PositiveSmallIntegerField(_("height in pixels"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["vacancy", "position", "id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.alt_text


class Channel(models.TextChoices):
    ONLINE = "online", _("online")
    PAPER = "paper", _("paper form")


class Response(models.Model):
    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="responses")
    seeker = models.ForeignKey(Seeker, on_delete=models.PROTECT, related_name="responses")
    responded_on = models.DateField(_("responded on"))
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.ONLINE
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["responded_on", "id"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint(fields=["vacancy", "seeker"], name="one_response_per_seeker")
        ]

    def __str__(self) -> str:
        return f"{self.seeker} → {self.vacancy}"

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None


class Ranking(models.Model):
    """A stored ranking: policy, seed, the exact input and its digest, every position and
    every exclusion. It is written before any offer, and never changed afterwards."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.PROTECT, related_name="rankings")
    sequence = models.PositiveSmallIntegerField(_("ranking number"), default=1)
    is_current = models.BooleanField(default=True)
    policy_id = models.CharField(_("policy"), max_length=40)
    seed = models.CharField(_("seed"), max_length=64, blank=True)
    input_digest = models.CharField(_("input digest"), max_length=64)
    scenario = models.JSONField(_("input of the rules engine"))
    reason = models.TextField(_("reason for ranking again"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["vacancy", "sequence"]
        verbose_name = _("ranking")
        verbose_name_plural = _("rankings")
        constraints = [
            models.UniqueConstraint(fields=["vacancy", "sequence"], name="ranking_sequence"),
            models.UniqueConstraint(
                fields=["vacancy"], condition=models.Q(is_current=True), name="one_current_ranking"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vacancy} #{self.sequence}"


class RankingEntry(models.Model):
    ranking = models.ForeignKey(Ranking, on_delete=models.CASCADE, related_name="entries")
    position = models.PositiveIntegerField(_("position"))
    seeker = models.ForeignKey(Seeker, on_delete=models.PROTECT, related_name="+")
    tier = models.CharField(_("tier"), max_length=12)
    registered_on = models.DateField(_("registration date"))
    # Up to 2**64 - 1: more than a bigint holds, and SQLite keeps decimals as floating point,
    # so the number is stored as its decimal digits.
    lottery = models.CharField(_("lottery number"), max_length=20, blank=True)

    class Meta:
        ordering = ["ranking", "position"]
        constraints = [
            models.UniqueConstraint(fields=["ranking", "position"], name="entry_position"),
            models.UniqueConstraint(fields=["ranking", "seeker"], name="entry_seeker"),
        ]

    def __str__(self) -> str:
        return f"{self.ranking} {self.position}. {self.seeker}"


class RankingExclusion(models.Model):
    ranking = models.ForeignKey(Ranking, on_delete=models.CASCADE, related_name="exclusions")
    seeker = models.ForeignKey(Seeker, on_delete=models.PROTECT, related_name="+")
    reasons = models.JSONField(_("reasons"))

    class Meta:
        ordering = ["ranking", "seeker__registration_number"]

    def __str__(self) -> str:
        return f"{self.ranking} {self.seeker}: {', '.join(self.reasons)}"


class RefusalReason(models.TextChoices):
    LOCATION = "location", _("location or neighbourhood")
    SIZE = "size", _("size or layout of the home")
    RENT = "rent", _("rent too high")
    FLOOR = "floor", _("floor or accessibility")
    CIRCUMSTANCES = "circumstances", _("personal circumstances changed")
    FOUND_ELSEWHERE = "found_elsewhere", _("found a home elsewhere")
    NO_REPLY = "no_reply", _("no reply from the candidate")
    OTHER = "other", _("other")


class ViewingOutcome(models.TextChoices):
    ATTENDED = "attended", _("the candidate came to the viewing")
    MISSED = "missed", _("the candidate did not come")


class Offer(models.Model):
    vacancy = models.ForeignKey(Vacancy, on_delete=models.PROTECT, related_name="offers")
    entry = models.ForeignKey(RankingEntry, on_delete=models.PROTECT, related_name="offers")
    seeker = models.ForeignKey(Seeker, on_delete=models.PROTECT, related_name="offers")
    state = models.CharField(
        _("state"), max_length=10, choices=OfferState.choices, default=OfferState.OPEN
    )
    deadline = models.DateTimeField(_("deadline"))
    made_at = models.DateTimeField(auto_now_add=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    refusal_reason = models.CharField(
        _("reason for refusal"), max_length=20, choices=RefusalReason.choices, blank=True
    )
    refusal_text = models.TextField(_("explanation"), blank=True)
    # The viewing (bezichtiging) before the candidate decides, and what came of it.
    viewing_at = models.DateTimeField(_("viewing"), null=True, blank=True)
    viewing_outcome = models.CharField(
        _("outcome of the viewing"), max_length=12, choices=ViewingOutcome.choices, blank=True
    )
    viewing_note = models.TextField(_("note on the viewing"), blank=True)

    class Meta:
        ordering = ["vacancy", "made_at", "id"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        constraints = [
            # The database, not only the code, keeps these true when two people act at once.
            models.UniqueConstraint(
                fields=["seeker"],
                condition=models.Q(state__in=["open", "viewing"]),
                name="one_pending_offer_per_seeker",
            ),
            models.UniqueConstraint(
                fields=["vacancy"],
                condition=models.Q(state__in=["open", "viewing"]),
                name="one_pending_offer_per_vacancy",
            ),
            models.UniqueConstraint(
                fields=["vacancy"],
                condition=models.Q(state="accepted"),
                name="one_accepted_offer_per_vacancy",
            ),
            models.UniqueConstraint(fields=["vacancy", "seeker"], name="one_offer_per_candidate"),
        ]
        indexes = [models.Index(fields=["state", "deadline"])]

    def __str__(self) -> str:
        return f"{self.vacancy} → {self.seeker} ({self.state})"


# The tier of the rules engine whose winners were let a home through their commitment.
COMMITMENT_TIER = "commitment"
ROUTE_WORDS = {True: _("through the commitment (targeted track)"), False: _("regular")}


class Allocation(models.Model):
    """The home on its way from the acceptance to the keys: checks at offer, the contract,
    the key handover (``ALLOCATION_MACHINE``). The home is let when the contract is signed;
    a failed check ends the allocation and the home goes to the next candidate."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.PROTECT, related_name="allocations")
    offer = models.OneToOneField(Offer, on_delete=models.PROTECT, related_name="allocation")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="allocations")
    seeker = models.ForeignKey(Seeker, on_delete=models.PROTECT, related_name="allocations")
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=AllocationState.choices,
        default=AllocationState.ACCEPTED,
    )
    accepted_on = models.DateField(_("accepted on"))
    checked_on = models.DateField(_("checked on"), null=True, blank=True)
    check_note = models.TextField(_("why the check failed"), blank=True)
    contract_start = models.DateField(_("contract starts on"), null=True, blank=True)
    contract_rent = models.DecimalField(
        _("rent in the contract"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    contract_signed_on = models.DateField(_("contract signed on"), null=True, blank=True)
    keys_handed_on = models.DateField(_("keys handed over on"), null=True, blank=True)
    # The day the home was let: the contract's signing. Empty until then.
    let_on = models.DateField(_("let on"), null=True, blank=True)
    tier = models.CharField(_("tier"), max_length=12)
    position = models.PositiveIntegerField(_("position"))

    class Meta:
        ordering = ["-accepted_on", "-id"]
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        constraints = [
            # One home, one tenant: an ended allocation (a failed check) makes room for the next.
            models.UniqueConstraint(
                fields=["vacancy"],
                condition=~models.Q(state="check_failed"),
                name="one_allocation_per_vacancy",
            )
        ]

    def __str__(self) -> str:
        return f"{self.vacancy} → {self.seeker}"

    @property
    def via_commitment(self) -> bool:
        """Let through the commitment tier (the targeted track), not by the usual order."""
        return self.tier == COMMITMENT_TIER

    @property
    def route(self) -> str:
        """The route of the letting, in words."""
        return ROUTE_WORDS[self.via_commitment]


class PublishedResult(models.Model):
    """What anyone may see of a letting: counts, the winner's position, tier and registration
    time, the ordering, and the seed with its earlier published hash. Never a name."""

    vacancy = models.OneToOneField(Vacancy, on_delete=models.PROTECT, related_name="result")
    responses = models.PositiveIntegerField(_("responses"))
    eligible = models.PositiveIntegerField(_("eligible candidates"))
    position = models.PositiveIntegerField(_("position of the new tenant"))
    tier = models.CharField(_("tier"), max_length=12)
    ordering = models.CharField(_("ordering"), max_length=12, choices=Ordering.choices)
    registration_years = models.PositiveSmallIntegerField(_("registration time, years"))
    registration_months = models.PositiveSmallIntegerField(_("registration time, months"))
    seed = models.CharField(_("seed"), max_length=64)
    seed_hash = models.CharField(_("SHA-256 of the seed"), max_length=64)
    published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_at"]
        verbose_name = _("published result")
        verbose_name_plural = _("published results")

    def __str__(self) -> str:
        return f"{self.vacancy}: {self.position}/{self.eligible}"


# An allocation in one of these states let its home (its contract is signed).
LET_ALLOCATION_STATES = ("contract_signed", "keys_handed")


def with_letting(prefix: str = "") -> Prefetch:
    """Prefetch the allocation that let each vacancy (``Vacancy.letting``): ``prefix`` is the
    path to the vacancy, e.g. ``"vacancy__"``."""
    return Prefetch(
        f"{prefix}allocations",
        queryset=Allocation.objects.filter(state__in=LET_ALLOCATION_STATES).select_related(
            "offer__entry"
        ),
        to_attr="let_allocations",
    )
