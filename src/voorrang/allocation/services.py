"""Every write of the allocation workflow: each runs in one transaction, checks the state
machine, and records an audit event with the change."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from voorrang import notifications, rows
from voorrang.allocation.models import (
    Allocation,
    Channel,
    Offer,
    Ordering,
    PublishedResult,
    Ranking,
    RankingEntry,
    RankingExclusion,
    RefusalReason,
    Response,
    Vacancy,
)
from voorrang.allocation.policies import policy_for, policy_name_for
from voorrang.allocation.scenario import scenario_document
from voorrang.allocation.states import (
    OFFER_MACHINE,
    OPEN_VACANCY_STATES,
    VACANCY_MACHINE,
    OfferState,
    VacancyState,
)
from voorrang.audit.models import AuditEvent
from voorrang.audit.services import record
from voorrang.date_bounds import LONGEST_OPEN, check_date
from voorrang.errors import InvalidChange, NotAllowed
from voorrang.housing.models import Building, Unit
from voorrang.rules import (
    InvalidInput,
    load_policy,
    override_within_cap,
    quota_says_targeted,
    rank_document,
    seed_commitment,
)
from voorrang.seekers.models import Seeker, SeekerStatus
from voorrang.text_limits import check_length


def _locked(vacancy: Vacancy) -> Vacancy:
    return Vacancy.objects.select_for_update().select_related("unit__building").get(pk=vacancy.pk)


# --- Creation -----------------------------------------------------------------------------

# The labels staff choose; 'targeted' is decided by the quota when the vacancy is published.
STAFF_LABELS = ("senior", "young", "local")


def _next_reference(year: int) -> str:
    prefix = f"V-{year}-"
    numbers = [
        int(reference.removeprefix(prefix))
        for reference in Vacancy.objects.filter(reference__startswith=prefix).values_list(
            "reference", flat=True
        )
        if reference.removeprefix(prefix).isdigit()
    ]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"


@transaction.atomic
def create_vacancy(
    *,
    actor: Any,
    unit: Unit,
    closes_on: date,
    ordering: str,
    labels: list[str],
    rent: Decimal,
    reference: str | None = None,
) -> Vacancy:
    """A draft vacancy of one unit. Its reference is ``V-<year>-<nnnn>`` unless given."""
    if closes_on < timezone.localdate():
        raise InvalidChange(_("The closing date cannot be in the past."), field="closes_on")
    check_date(closes_on, field="closes_on", latest=timezone.localdate() + LONGEST_OPEN)
    if ordering not in Ordering.values:
        raise InvalidChange(_("Choose an ordering from the list."), field="ordering")
    if any(label not in STAFF_LABELS for label in labels):
        raise InvalidChange(_("Choose labels from the list."), field="labels")
    if rent <= 0:
        raise InvalidChange(_("The rent must be more than zero."), field="rent")
    # One open vacancy per unit: lock the unit so that two staff members cannot both create one.
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    open_vacancy = unit.vacancies.filter(state__in=OPEN_VACANCY_STATES).first()
    if open_vacancy is not None:
        raise NotAllowed(
            _("This unit already has an open vacancy: %(reference)s.")
            % {"reference": open_vacancy.reference},
            field="unit",
        )
    given = reference is not None
    reference = (reference or "").strip() or _next_reference(timezone.localdate().year)
    if given and Vacancy.objects.filter(reference=reference).exists():
        raise InvalidChange(_("This reference is in use already."), field="reference")
    vacancy = Vacancy(
        reference=reference,
        unit=unit,
        closes_on=closes_on,
        ordering=ordering,
        labels=[label for label in STAFF_LABELS if label in labels],
        rent=rent,
    )
    try:
        # A savepoint: a reference taken a moment ago by someone else is reported, not raised.
        with transaction.atomic():
            vacancy.save()
    except IntegrityError as exc:
        raise NotAllowed(
            _("Another vacancy took this reference a moment ago. Please try again."),
            field="reference",
        ) from exc
    record(
        actor=actor,
        action="vacancy.created",
        obj=vacancy,
        after={
            "state": vacancy.state,
            "unit": unit.pk,
            "closes_on": closes_on.isoformat(),
            "ordering": ordering,
            "labels": vacancy.labels,
            "rent": str(rent),
        },
    )
    return vacancy


# --- Publication and the quota ------------------------------------------------------------


@dataclass(frozen=True)
class QuotaStatus:
    year: int
    vacancies: int  # of the designated buildings, published this year
    targeted: int
    share: Any
    cap: int | None


def quota_status(year: int) -> QuotaStatus | None:
    """The year's count of the designated buildings, as the quota sees it."""
    policy = policy_for(date(year, 12, 31))
    if policy.targeting is None:
        return None
    published = Vacancy.objects.filter(
        unit__building__designated=True, published_on__year=year
    ).exclude(state=VacancyState.DRAFT)
    return QuotaStatus(
        year=year,
        vacancies=published.count(),
        targeted=published.filter(targeted=True).count(),
        share=policy.targeting.share,
        cap=policy.targeting.cap,
    )


@transaction.atomic
def publish_vacancy(
    *,
    actor: Any,
    vacancy: Vacancy,
    published_on: date | None = None,
    override_targeted: bool | None = None,
    override_reason: str = "",
    seed: str | None = None,
) -> Vacancy:
    """Publish: the quota decides whether a vacancy of a designated building is targeted
    (staff may override with a reason), and the lottery seed is drawn, of which only the
    SHA-256 is shown until the ranking.

    ``seed`` is for the demo generator only: it derives every vacancy's seed from its own,
    so that one demo seed always gives the same rankings. Staff never choose a seed."""
    vacancy = _locked(vacancy)
    published_on = published_on or timezone.localdate()
    VACANCY_MACHINE.move(vacancy, VacancyState.PUBLISHED)
    if vacancy.closes_on < published_on:
        raise InvalidChange(
            _("The closing date lies before the publication date."), field="closes_on"
        )
    policy_name = policy_name_for(vacancy.closes_on)
    policy = load_policy(policy_name)
    building = vacancy.unit.building
    vacancy.targeted = False
    vacancy.quota_n = None
    if override_targeted is not None and not override_reason.strip():
        raise InvalidChange(_("An override of the quota needs a reason."), field="override_reason")
    check_length(override_reason, field="override_reason")
    if building.designated and policy.targeting is not None:
        # One publication at a time counts the quota: lock the designated buildings.
        list(Building.objects.select_for_update().filter(designated=True).order_by("pk"))
        status = quota_status(published_on.year)
        n = status.vacancies + 1
        if override_targeted is None:
            vacancy.targeted = quota_says_targeted(
                n, status.targeted, policy.targeting.share, policy.targeting.cap
            )
        else:
            if not override_within_cap(override_targeted, status.targeted, policy.targeting.cap):
                raise NotAllowed(
                    ngettext(
                        "The cap of %(cap)s targeted vacancy for %(year)s has been reached.",
                        "The cap of %(cap)s targeted vacancies for %(year)s has been reached.",
                        policy.targeting.cap,
                    )
                    % {"cap": policy.targeting.cap, "year": published_on.year},
                    field="override_targeted",
                )
            vacancy.targeted = override_targeted
            vacancy.quota_override_reason = override_reason
        vacancy.quota_n = n
    elif override_targeted is not None:
        raise InvalidChange(
            _("Only vacancies of designated buildings can be targeted."), field="override_targeted"
        )
    vacancy.published_on = published_on
    vacancy.policy_id = policy_name
    vacancy.seed = seed or secrets.token_hex(16)
    vacancy.seed_hash = seed_commitment(vacancy.seed)
    vacancy.save()
    record(
        actor=actor,
        action="vacancy.published",
        obj=vacancy,
        reason=override_reason,
        before={"state": VacancyState.DRAFT},
        after={
            "state": vacancy.state,
            "targeted": vacancy.targeted,
            "quota_n": vacancy.quota_n,
            "override": override_targeted is not None,
            "policy": policy_name,
            "seed_hash": vacancy.seed_hash,
        },
    )
    return vacancy


# --- Responses ----------------------------------------------------------------------------


def open_response_count(seeker: Seeker, excluding: Vacancy | None = None) -> int:
    responses = Response.objects.filter(
        seeker=seeker, withdrawn_at__isnull=True, vacancy__state=VacancyState.PUBLISHED
    )
    if excluding is not None:
        responses = responses.exclude(vacancy=excluding)
    return responses.count()


def _lock_for_response(
    vacancy_id: int, seeker_id: int, *, exclusive: bool
) -> tuple[str, date, str]:
    """The vacancy's state and closing date and the seeker's status, read under row locks in
    one statement: the vacancy first (shared for an online response, so that many seekers
    respond to one vacancy at the same time without waiting for each other, while closing or
    withdrawing it waits for them; exclusive for a paper response, which may change the
    vacancy), then the seeker (exclusive: two requests of one seeker, such as a double click,
    run one after the other, and the second sees the first's response; it also keeps the
    open-response limit). PostgreSQL takes the locks in the order of the locking clauses,
    the order every service keeps (vacancy, then seeker), so two services wait for each other
    instead of deadlocking. SQLite has no row locks; its write transactions run one at a time
    (``transaction_mode`` IMMEDIATE).

    The seeker's responses are read by a statement of their own (``_responses_of``), after
    this one: in READ COMMITTED, a statement that waited for a lock still reads the rest of
    the database as it was when the statement began, so a subquery here would miss the
    response that the request it waited for (the first of a double click) had just stored."""
    # The table names are the models' own, not input.
    sql = (
        f"SELECT v.state, v.closes_on, s.status FROM {Vacancy._meta.db_table} v, "  # noqa: S608
        f"{Seeker._meta.db_table} s WHERE v.id = %s AND s.id = %s"
    )
    if connection.vendor == "postgresql":
        sql += f" FOR {'UPDATE' if exclusive else 'SHARE'} OF v FOR UPDATE OF s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [vacancy_id, seeker_id])
        row = cursor.fetchone()
    if row is None:
        raise NotAllowed(_("This vacancy or registration no longer exists."), field="seeker")
    state, closes_on, status = row
    if isinstance(closes_on, str):  # SQLite gives dates as text through a bare cursor
        closes_on = date.fromisoformat(closes_on)
    return state, closes_on, status


def _responses_of(seeker_id: int, vacancy_id: int) -> list[tuple[int, int, Any]]:
    """(id, vacancy, withdrawn at) of the seeker's response to this vacancy, if any, and of
    their open responses to published vacancies elsewhere: one query."""
    sql = (
        f"SELECT r.id, r.vacancy_id, r.withdrawn_at FROM {Response._meta.db_table} r "  # noqa: S608
        f"JOIN {Vacancy._meta.db_table} v ON v.id = r.vacancy_id WHERE r.seeker_id = %s "
        "AND (r.vacancy_id = %s OR (r.withdrawn_at IS NULL AND v.state = %s))"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [seeker_id, vacancy_id, VacancyState.PUBLISHED.value])
        return cursor.fetchall()


@transaction.atomic
def respond(
    *,
    actor: Any,
    vacancy: Vacancy,
    seeker: Seeker,
    channel: str = Channel.ONLINE,
    responded_on: date | None = None,
) -> Response:
    """A seeker's response, online or entered by staff from a paper form (same rules).

    A paper response entered after the vacancy closed marks its responses as changed after
    closing: the ranking then needs a recorded reason. This is the portal's busiest write, so
    it reads what it needs with two plain statements (``_lock_for_response``,
    ``_responses_of``) before its three inserts."""
    paper = channel == Channel.PAPER
    state, closes_on, status = _lock_for_response(vacancy.pk, seeker.pk, exclusive=paper)
    today = timezone.localdate()
    responded_on = responded_on or today
    if responded_on > today:
        raise InvalidChange(_("A response cannot be dated in the future."), field="responded_on")
    if paper:
        if state not in (VacancyState.PUBLISHED, VacancyState.CLOSED):
            raise NotAllowed(_("Responses to this vacancy can no longer be entered."))
    elif state != VacancyState.PUBLISHED or today > closes_on:
        raise NotAllowed(_("This vacancy is closed for responses."), code="closed")
    if status != SeekerStatus.ACTIVE:
        raise NotAllowed(_("Only an active registration can respond."), field="seeker")
    mine = _responses_of(seeker.pk, vacancy.pk)
    existing = next((r for r in mine if r[1] == vacancy.pk), None)
    open_elsewhere = sum(1 for r in mine if r[1] != vacancy.pk)
    limit = settings.VOORRANG_MAX_OPEN_RESPONSES
    if state == VacancyState.PUBLISHED and open_elsewhere >= limit:
        raise NotAllowed(
            ngettext(
                "You can have at most %(limit)s open response at a time. Withdraw it first.",
                "You can have at most %(limit)s open responses at a time. Withdraw one first.",
                limit,
            )
            % {"limit": limit},
            field="seeker",
            code="response_limit",
        )
    if existing is not None and existing[2] is None:
        raise NotAllowed(
            _("This seeker has already responded to this vacancy."),
            field="seeker",
            code="already_responded",
        )
    if existing is None:
        response = Response(vacancy=vacancy, seeker=seeker)
    else:  # withdrawn earlier: the same row becomes active again
        response = Response.objects.get(pk=existing[0])
    response.responded_on = responded_on
    response.channel = channel
    response.withdrawn_at = None
    response.entered_by = actor if paper else None
    if existing is None:
        rows.insert(response)  # the statement composed once (the portal's busiest write)
    else:
        response.save()
    after_closing = state == VacancyState.CLOSED
    if after_closing:
        vacancy.responses_changed_after_close = True
        vacancy.save(update_fields=["responses_changed_after_close"])
    record(
        actor=actor,
        action="response.created",
        obj=response,
        after={
            "vacancy": vacancy.reference,
            "seeker": seeker.registration_number,
            "channel": channel,
            "responded_on": responded_on.isoformat(),
            "after_closing": after_closing,
        },
    )
    notifications.response_received(response)
    return response


@transaction.atomic
def withdraw_response(*, actor: Any, response: Response) -> Response:
    """Withdrawal is possible until the vacancy closes."""
    response = Response.objects.select_for_update().select_related("vacancy").get(pk=response.pk)
    vacancy = response.vacancy
    if vacancy.state != VacancyState.PUBLISHED or timezone.localdate() > vacancy.closes_on:
        raise NotAllowed(_("A response can only be withdrawn until the vacancy closes."))
    if response.withdrawn_at is not None:
        raise NotAllowed(_("This response was withdrawn already."))
    response.withdrawn_at = timezone.now()
    response.save(update_fields=["withdrawn_at"])
    record(actor=actor, action="response.withdrawn", obj=response)
    return response


# --- Closing and ranking -----------------------------------------------------------------


@transaction.atomic
def close_vacancy(*, actor: Any, vacancy: Vacancy, today: date | None = None) -> Vacancy:
    vacancy = _locked(vacancy)
    today = today or timezone.localdate()
    if today <= vacancy.closes_on:
        raise NotAllowed(
            _("This vacancy is open for responses until %(date)s.")
            % {"date": formats.date_format(vacancy.closes_on, "j F Y")},
            code="not_yet_closed",
        )
    VACANCY_MACHINE.move(vacancy, VacancyState.CLOSED)
    vacancy.save(update_fields=["state"])
    record(
        actor=actor,
        action="vacancy.closed",
        obj=vacancy,
        before={"state": VacancyState.PUBLISHED},
        after={"state": vacancy.state},
    )
    return vacancy


@transaction.atomic
def rank_vacancy(*, actor: Any, vacancy: Vacancy, reason: str = "") -> Ranking:
    """Rank the responses with the rules engine and store the result, with its input, seed
    and digest, before anything else happens. A second ranking needs a recorded reason, and
    so does a ranking after responses were changed once the vacancy had closed."""
    check_length(reason, field="reason")
    vacancy = _locked(vacancy)
    current = vacancy.rankings.filter(is_current=True).first()
    if current is not None:
        if not reason.strip():
            raise InvalidChange(
                _("This vacancy was ranked already. Record why it must be ranked again."),
                field="reason",
            )
        if vacancy.offers.filter(state=OfferState.OPEN).exists():
            raise NotAllowed(_("Withdraw or settle the open offer before ranking again."))
    elif vacancy.responses_changed_after_close and not reason.strip():
        raise InvalidChange(
            _("Responses were changed after closing. Record why before ranking."), field="reason"
        )
    old_state = VACANCY_MACHINE.move(vacancy, VacancyState.RANKED)
    policy = load_policy(vacancy.policy_id)
    document = scenario_document(vacancy, policy)
    try:
        result = rank_document(document)
    except InvalidInput as exc:
        raise InvalidChange(
            _("The records cannot be ranked: %(problem)s") % {"problem": exc.message}
        ) from exc
    if current is not None:
        current.is_current = False
        current.save(update_fields=["is_current"])
    ranking = Ranking.objects.create(
        vacancy=vacancy,
        sequence=(current.sequence + 1) if current else 1,
        policy_id=result.policy,
        seed=vacancy.seed,
        input_digest=result.input_digest,
        scenario=document,
        reason=reason,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    seekers = dict(
        Seeker.objects.filter(
            registration_number__in=[c["id"] for c in document["candidates"]]
        ).values_list("registration_number", "pk")
    )
    RankingEntry.objects.bulk_create(
        RankingEntry(
            ranking=ranking,
            position=entry.position,
            seeker_id=seekers[entry.candidate],
            tier=entry.tier,
            registered_on=entry.registered_on,
            lottery="" if entry.lottery is None else str(entry.lottery),
        )
        for entry in result.ranking
    )
    RankingExclusion.objects.bulk_create(
        RankingExclusion(ranking=ranking, seeker_id=seekers[e.candidate], reasons=list(e.reasons))
        for e in result.excluded
    )
    vacancy.responses_changed_after_close = False
    vacancy.save(update_fields=["state", "responses_changed_after_close"])
    record(
        actor=actor,
        action="vacancy.ranked",
        obj=vacancy,
        reason=reason,
        before={"state": old_state},
        after={
            "state": vacancy.state,
            "ranking": ranking.sequence,
            "input_digest": ranking.input_digest,
            "seed": ranking.seed,
            "policy": ranking.policy_id,
            "ranked": len(result.ranking),
            "excluded": len(result.excluded),
        },
    )
    notifications.position_known(ranking)
    return ranking


@dataclass(frozen=True)
class ReplayResult:
    ranking: Ranking
    digest_matches: bool
    order_matches: bool
    # What differs between the stored ranking and its ``vacancy.ranked`` audit event, which
    # was written with it and cannot be changed: empty when they agree.
    trail_differences: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.digest_matches and self.order_matches and not self.trail_differences


def ranking_against_trail(ranking: Ranking) -> tuple[str, ...]:
    """How the stored ranking differs from what the audit trail recorded when it was made.

    A replay alone recomputes the ranking from its own stored input: someone who changes the
    input, the digest and the entries together passes it. The audit event is append-only and
    chained (docs/decisions/0001-audit-hash-chain.md), so the forgery shows against it."""
    events = [
        after
        for after in AuditEvent.objects.filter(
            action="vacancy.ranked",
            object_type=Vacancy._meta.label_lower,
            object_id=str(ranking.vacancy_id),
        )
        .order_by("pk")
        .values_list("after", flat=True)
        if isinstance(after, dict) and after.get("ranking") == ranking.sequence
    ]
    if not events:
        return ("no audit event records this ranking",)
    if len(events) > 1:
        return (f"{len(events)} audit events record this ranking",)
    recorded = events[0]
    differences = []
    stored = {
        "input_digest": ranking.input_digest,
        "seed": ranking.seed,
        "policy": ranking.policy_id,
        "ranked": ranking.entries.count(),
        "excluded": ranking.exclusions.count(),
    }
    names = {
        "input_digest": "digest",
        "seed": "seed",
        "policy": "policy version",
        "ranked": "number of entries",
        "excluded": "number of exclusions",
    }
    for key, value in stored.items():
        if key not in recorded:  # older events did not record the policy yet
            continue
        if recorded[key] != value:
            differences.append(f"{names[key]} {value} where the audit trail has {recorded[key]}")
    return tuple(differences)


def replay_ranking(ranking: Ranking) -> ReplayResult:
    """Recompute a stored ranking from its stored input and compare digest and order, and
    compare the ranking with its audit event."""
    result = rank_document(ranking.scenario)
    stored = [
        (
            e.seeker.registration_number,
            e.position,
            e.tier,
            None if e.lottery is None else int(e.lottery),
        )
        for e in ranking.entries.select_related("seeker").order_by("position")
    ]
    recomputed = [(r.candidate, r.position, r.tier, r.lottery) for r in result.ranking]
    stored_excluded = sorted(
        (x.seeker.registration_number, tuple(x.reasons))
        for x in ranking.exclusions.select_related("seeker")
    )
    recomputed_excluded = sorted((x.candidate, x.reasons) for x in result.excluded)
    return ReplayResult(
        ranking=ranking,
        digest_matches=result.input_digest == ranking.input_digest,
        order_matches=stored == recomputed and stored_excluded == recomputed_excluded,
        trail_differences=ranking_against_trail(ranking),
    )


# --- Offers -------------------------------------------------------------------------------


def offer_deadline(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) + timedelta(days=settings.VOORRANG_OFFER_DAYS)


def _offer_next(actor: Any, vacancy: Vacancy, deadline: datetime | None) -> Offer | None:
    """Inside a transaction with the vacancy locked: offer to the first candidate who has not
    had an offer for this vacancy, is still active and holds no open offer elsewhere (who does
    is passed over for now and stays in the list)."""
    ranking = vacancy.rankings.get(is_current=True)
    had_offer = set(vacancy.offers.values_list("seeker_id", flat=True))
    entries = ranking.entries.select_related("seeker").order_by("position")
    busy = set(
        Offer.objects.filter(
            state=OfferState.OPEN, seeker__in=entries.values("seeker")
        ).values_list("seeker_id", flat=True)
    )
    for entry in entries:
        if entry.seeker_id in had_offer or entry.seeker_id in busy:
            continue
        if entry.seeker.status != SeekerStatus.ACTIVE:
            continue
        try:
            # A savepoint: if another vacancy offered to this seeker a moment ago, the unique
            # constraint says so, and the next candidate is tried.
            with transaction.atomic():
                offer = Offer.objects.create(
                    vacancy=vacancy,
                    entry=entry,
                    seeker=entry.seeker,
                    deadline=deadline or offer_deadline(),
                    made_by=actor if getattr(actor, "is_authenticated", False) else None,
                )
        except IntegrityError:
            continue
        old_state = vacancy.state
        if vacancy.state != VacancyState.OFFERING:
            VACANCY_MACHINE.move(vacancy, VacancyState.OFFERING)
            vacancy.save(update_fields=["state"])
        record(
            actor=actor,
            action="offer.made",
            obj=offer,
            before={"vacancy_state": old_state},
            after={
                "vacancy": vacancy.reference,
                "seeker": entry.seeker.registration_number,
                "position": entry.position,
                "deadline": offer.deadline.isoformat(),
            },
        )
        notifications.offer_made(offer)
        return offer
    return None


@transaction.atomic
def offer_next(*, actor: Any, vacancy: Vacancy, deadline: datetime | None = None) -> Offer | None:
    """Offer the home to the next free candidate; None when nobody is free now."""
    vacancy = _locked(vacancy)
    if vacancy.state not in (VacancyState.RANKED, VacancyState.OFFERING):
        raise NotAllowed(_("Offers can only be made for a ranked vacancy."), code="vacancy_state")
    if vacancy.offers.filter(state=OfferState.OPEN).exists():
        raise NotAllowed(_("This vacancy has an open offer already."), code="open_offer")
    return _offer_next(actor, vacancy, deadline)


def _locked_offer(offer: Offer) -> tuple[Offer, Vacancy]:
    # Vacancy first, then offer: every service takes locks in this order, so two staff
    # members acting at once wait for each other instead of deadlocking.
    vacancy = _locked(Vacancy(pk=offer.vacancy_id))
    offer = Offer.objects.select_for_update().select_related("entry", "seeker").get(pk=offer.pk)
    return offer, vacancy


@transaction.atomic
def accept_offer(*, actor: Any, offer: Offer, now: datetime | None = None) -> Allocation:
    """Acceptance lets the home: the allocation, the published result, the seeker housed.
    The unit cannot be allocated twice: the vacancy row is locked, and the database allows
    one allocation per vacancy and one accepted offer per vacancy."""
    now = now or timezone.now()
    offer, vacancy = _locked_offer(offer)
    if offer.state == OfferState.OPEN and offer.deadline < now:
        raise NotAllowed(_("The deadline of this offer has passed."), code="expired")
    OFFER_MACHINE.move(offer, OfferState.ACCEPTED)
    VACANCY_MACHINE.move(vacancy, VacancyState.LET)
    offer.decided_at = now
    offer.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    offer.save(update_fields=["state", "decided_at", "decided_by"])
    vacancy.save(update_fields=["state"])
    let_on = timezone.localdate(now)
    allocation = Allocation.objects.create(
        vacancy=vacancy,
        offer=offer,
        unit_id=vacancy.unit_id,
        seeker=offer.seeker,
        let_on=let_on,
        tier=offer.entry.tier,
        position=offer.entry.position,
    )
    seeker = Seeker.objects.select_for_update().get(pk=offer.seeker_id)
    seeker.status = SeekerStatus.HOUSED
    seeker.save(update_fields=["status"])
    # A housed seeker's other responses end; rankings already made keep them, but offers skip them.
    Response.objects.filter(
        seeker=seeker, withdrawn_at__isnull=True, vacancy__state=VacancyState.PUBLISHED
    ).update(withdrawn_at=now)
    ranking = vacancy.rankings.get(is_current=True)
    years, months = registration_time(offer.entry.registered_on, vacancy.closes_on)
    PublishedResult.objects.create(
        vacancy=vacancy,
        responses=len(ranking.scenario["candidates"]),
        eligible=ranking.entries.count(),
        position=offer.entry.position,
        tier=offer.entry.tier,
        ordering=vacancy.ordering,
        registration_years=years,
        registration_months=months,
        seed=vacancy.seed,
        seed_hash=vacancy.seed_hash,
    )
    record(
        actor=actor,
        action="offer.accepted",
        obj=offer,
        before={"state": OfferState.OPEN, "vacancy_state": VacancyState.OFFERING},
        after={"state": offer.state, "vacancy_state": vacancy.state, "allocation": allocation.pk},
    )
    return allocation


def registration_time(registered_on: date, on: date) -> tuple[int, int]:
    """Whole years and remaining whole months between two dates."""
    months = (on.year - registered_on.year) * 12 + (on.month - registered_on.month)
    if on.day < registered_on.day:
        months -= 1
    months = max(months, 0)
    return divmod(months, 12)


@transaction.atomic
def refuse_offer(
    *, actor: Any, offer: Offer, reason: str, text: str = "", offer_to_next: bool = True
) -> Offer | None:
    """Record a refusal with a reason from the fixed list (and text), then offer the home to
    the next candidate. Returns the next offer, if one was made."""
    if reason not in RefusalReason.values:
        raise InvalidChange(
            _("Choose a reason for the refusal from the list."), field="refusal_reason"
        )
    if reason == RefusalReason.OTHER and not text.strip():
        raise InvalidChange(
            _("Explain the refusal when the reason is 'other'."), field="refusal_text"
        )
    check_length(text, field="refusal_text")
    offer, vacancy = _locked_offer(offer)
    OFFER_MACHINE.move(offer, OfferState.REFUSED)
    offer.refusal_reason = reason
    offer.refusal_text = text
    offer.decided_at = timezone.now()
    offer.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    offer.save(
        update_fields=["state", "refusal_reason", "refusal_text", "decided_at", "decided_by"]
    )
    record(
        actor=actor,
        action="offer.refused",
        obj=offer,
        reason=f"{reason}: {text}" if text else reason,
        before={"state": OfferState.OPEN},
        after={"state": offer.state},
    )
    notifications.refusal_recorded(offer)
    return _offer_next(actor, vacancy, None) if offer_to_next else None


@transaction.atomic
def expire_offer(*, actor: Any, offer: Offer, now: datetime | None = None) -> bool:
    """Expire one offer past its deadline and offer the home to the next candidate.
    False when it was settled meanwhile or is not due: then nothing changes."""
    now = now or timezone.now()
    offer, vacancy = _locked_offer(offer)
    if offer.state != OfferState.OPEN or offer.deadline >= now:
        return False
    OFFER_MACHINE.move(offer, OfferState.EXPIRED)
    offer.decided_at = now
    offer.save(update_fields=["state", "decided_at"])
    record(
        actor=actor,
        action="offer.expired",
        obj=offer,
        before={"state": OfferState.OPEN},
        after={"state": offer.state},
    )
    notifications.offer_expired(offer)
    _offer_next(actor, vacancy, None)
    return True


def expire_due_offers(*, actor: Any = None, now: datetime | None = None) -> int:
    """Expire every open offer past its deadline; returns how many. Safe to run every minute
    and from two places at once: each offer is settled under its vacancy's lock, and one
    settled meanwhile is left alone."""
    now = now or timezone.now()
    due = Offer.objects.filter(state=OfferState.OPEN, deadline__lt=now)
    return sum(
        expire_offer(actor=actor, offer=Offer(pk=pk, vacancy_id=vacancy_id), now=now)
        for pk, vacancy_id in list(due.values_list("pk", "vacancy_id"))
    )


@transaction.atomic
def withdraw_vacancy(*, actor: Any, vacancy: Vacancy, reason: str) -> Vacancy:
    check_length(reason, field="reason")
    if not reason.strip():
        raise InvalidChange(_("Withdrawing a vacancy needs a reason."), field="reason")
    vacancy = _locked(vacancy)
    old_state = VACANCY_MACHINE.move(vacancy, VacancyState.WITHDRAWN)
    vacancy.save(update_fields=["state"])
    for offer in vacancy.offers.select_for_update().filter(state=OfferState.OPEN):
        OFFER_MACHINE.move(offer, OfferState.WITHDRAWN)
        offer.decided_at = timezone.now()
        offer.save(update_fields=["state", "decided_at"])
        record(actor=actor, action="offer.withdrawn", obj=offer, reason=reason)
    record(
        actor=actor,
        action="vacancy.withdrawn",
        obj=vacancy,
        reason=reason,
        before={"state": old_state},
        after={"state": vacancy.state},
    )
    notifications.vacancy_withdrawn(vacancy)
    return vacancy
