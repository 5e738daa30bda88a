"""The steps between the offer and the keys, as a corporation takes them:

1. the viewing (bezichtiging), planned while the offer is open, and its outcome;
2. after the acceptance, the checks at offer: income and documents. A failed check ends the
   allocation, withdraws the accepted offer and offers the home to the next candidate;
3. the contract: start date, rent, signed on. The home is let at the signing: the vacancy
   becomes "let", the result is published and the seeker is housed;
4. the key handover.

Each step locks the vacancy first (as ``services.offers`` does), moves its object through its
declared state machine and records an audit event."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from voorrang.allocation import letting_hooks
from voorrang.allocation.models import (
    Allocation,
    Offer,
    PublishedResult,
    Response,
    Vacancy,
    ViewingOutcome,
)
from voorrang.allocation.selectors import registration_time
from voorrang.allocation.services._locks import locked_vacancy
from voorrang.allocation.services.housed import end_registration_of_new_tenant
from voorrang.allocation.services.offers import _locked_offer, _offer_next
from voorrang.allocation.states import (
    ALLOCATION_MACHINE,
    OFFER_MACHINE,
    VACANCY_MACHINE,
    AllocationState,
    OfferState,
    VacancyState,
)
from voorrang.audit.services import record
from voorrang.errors import InvalidChange, NotAllowed
from voorrang.text_limits import check_length


@transaction.atomic
def plan_viewing(
    *, actor: Any, offer: Offer, viewing_at: datetime, now: datetime | None = None
) -> Offer:
    """Plan (or move) the viewing of an open offer: after now, before the offer's deadline."""
    now = now or timezone.now()
    if viewing_at is None:
        raise InvalidChange(_("Enter the date and time of the viewing."), field="viewing_at")
    if viewing_at < now:
        raise InvalidChange(_("The viewing cannot be in the past."), field="viewing_at")
    offer, _vacancy = _locked_offer(offer)
    if viewing_at >= offer.deadline:
        raise InvalidChange(
            _("The viewing must be before the deadline of the offer (%(deadline)s).")
            % {"deadline": timezone.localtime(offer.deadline).strftime("%d-%m-%Y %H:%M")},
            field="viewing_at",
        )
    before = {"state": offer.state, "viewing_at": _iso(offer.viewing_at)}
    OFFER_MACHINE.move(offer, OfferState.VIEWING_PLANNED)
    offer.viewing_at = viewing_at
    offer.viewing_outcome = ""
    offer.viewing_note = ""
    offer.save(update_fields=["state", "viewing_at", "viewing_outcome", "viewing_note"])
    record(
        actor=actor,
        action="offer.viewing_planned",
        obj=offer,
        before=before,
        after={"state": offer.state, "viewing_at": _iso(viewing_at)},
    )
    return offer


@transaction.atomic
def record_viewing(*, actor: Any, offer: Offer, outcome: str, note: str = "") -> Offer:
    """What came of the viewing. The candidate then accepts or refuses before the deadline."""
    if outcome not in ViewingOutcome.values:
        raise InvalidChange(
            _("Choose the outcome of the viewing from the list."), field="viewing_outcome"
        )
    check_length(note, field="viewing_note")
    offer, _vacancy = _locked_offer(offer)
    if offer.state != OfferState.VIEWING_PLANNED:
        raise NotAllowed(_("This offer has no viewing planned."), code="offer_state")
    offer.viewing_outcome = outcome
    offer.viewing_note = note
    offer.save(update_fields=["viewing_outcome", "viewing_note"])
    record(
        actor=actor,
        action="offer.viewing_recorded",
        obj=offer,
        after={"viewing_outcome": outcome, "viewing_note": note},
    )
    return offer


def _locked_allocation(allocation: Allocation) -> tuple[Allocation, Vacancy]:
    # Vacancy first, as for offers: one order of locks for every service.
    vacancy = locked_vacancy(Vacancy(pk=allocation.vacancy_id))
    allocation = (
        Allocation.objects.select_for_update()
        .select_related("offer__entry", "seeker")
        .get(pk=allocation.pk)
    )
    return allocation, vacancy


@transaction.atomic
def record_checks(
    *,
    actor: Any,
    allocation: Allocation,
    passed: bool,
    note: str = "",
    checked_on: date | None = None,
) -> Offer | None:
    """The checks at offer: the income fits the home and the documents are complete. Passed,
    the contract can be drawn up. Failed (with the reason), the allocation ends, the accepted
    offer is withdrawn and the home is offered to the next candidate; that offer is returned."""
    check_length(note, field="check_note")
    if not passed and not note.strip():
        raise InvalidChange(_("Record why the check failed."), field="check_note")
    allocation, vacancy = _locked_allocation(allocation)
    checked_on = checked_on or timezone.localdate()
    if checked_on < allocation.accepted_on:
        raise InvalidChange(
            _("The check cannot be before the acceptance (%(date)s).")
            % {"date": allocation.accepted_on.strftime("%d-%m-%Y")},
            field="checked_on",
        )
    new_state = AllocationState.CHECKED if passed else AllocationState.CHECK_FAILED
    old_state = ALLOCATION_MACHINE.move(allocation, new_state)
    allocation.checked_on = checked_on
    allocation.check_note = note
    allocation.save(update_fields=["state", "checked_on", "check_note"])
    record(
        actor=actor,
        action="allocation.checked" if passed else "allocation.check_failed",
        obj=allocation,
        reason=note,
        before={"state": old_state},
        after={"state": allocation.state, "checked_on": checked_on.isoformat()},
    )
    if passed:
        return None
    offer = Offer.objects.select_for_update().get(pk=allocation.offer_id)
    OFFER_MACHINE.move(offer, OfferState.WITHDRAWN)
    offer.save(update_fields=["state"])
    record(actor=actor, action="offer.withdrawn", obj=offer, reason=note)
    return _offer_next(actor, vacancy, None)


@transaction.atomic
def sign_contract(
    *,
    actor: Any,
    allocation: Allocation,
    starts_on: date | None,
    rent: Decimal | None,
    signed_on: date | None = None,
) -> Allocation:
    """The tenancy contract is signed: the home is let. The vacancy becomes "let", the result
    is published, the seeker is housed and their other responses end; the apps registered in
    ``letting_hooks`` react (the targeted track's follow-up)."""
    signed_on = signed_on or timezone.localdate()
    if rent is None or rent <= 0:
        raise InvalidChange(_("The rent must be more than 0."), field="contract_rent")
    if starts_on is None:
        raise InvalidChange(_("Enter the date the contract starts."), field="contract_start")
    allocation, vacancy = _locked_allocation(allocation)
    if starts_on < allocation.accepted_on:
        raise InvalidChange(
            _("The contract cannot start before the acceptance (%(date)s).")
            % {"date": allocation.accepted_on.strftime("%d-%m-%Y")},
            field="contract_start",
        )
    if signed_on < allocation.accepted_on:
        raise InvalidChange(
            _("The contract cannot be signed before the acceptance (%(date)s).")
            % {"date": allocation.accepted_on.strftime("%d-%m-%Y")},
            field="contract_signed_on",
        )
    old_state = ALLOCATION_MACHINE.move(allocation, AllocationState.CONTRACT_SIGNED)
    allocation.contract_start = starts_on
    allocation.contract_rent = rent
    allocation.contract_signed_on = signed_on
    allocation.let_on = signed_on
    allocation.save(
        update_fields=["state", "contract_start", "contract_rent", "contract_signed_on", "let_on"]
    )
    old_vacancy_state = VACANCY_MACHINE.move(vacancy, VacancyState.LET)
    vacancy.save(update_fields=["state"])
    _house(actor, allocation, vacancy)
    record(
        actor=actor,
        action="allocation.contract_signed",
        obj=allocation,
        before={"state": old_state, "vacancy_state": old_vacancy_state},
        after={
            "state": allocation.state,
            "vacancy_state": vacancy.state,
            "contract_start": starts_on.isoformat(),
            "contract_rent": str(rent),
            "contract_signed_on": signed_on.isoformat(),
            "via_commitment": allocation.via_commitment,
        },
    )
    # The targeted track reacts in the same transaction: a follow-up starts (or waits for the
    # contract's start), or the policy for a holder housed by another route is applied.
    letting_hooks.contract_signed(actor=actor, allocation=allocation)
    return allocation


def _house(actor: Any, allocation: Allocation, vacancy: Vacancy) -> None:
    """The letting's consequences: the new tenant's registration ends as the policy says (they
    are told), their other responses end, the result is published."""
    now = timezone.now()
    seeker = end_registration_of_new_tenant(actor=actor, allocation=allocation)
    # A housed seeker's other responses end; rankings already made keep them, but offers skip them.
    Response.objects.filter(
        seeker=seeker, withdrawn_at__isnull=True, vacancy__state=VacancyState.PUBLISHED
    ).update(withdrawn_at=now)
    entry = allocation.offer.entry
    ranking = vacancy.rankings.get(is_current=True)
    years, months = registration_time(entry.registered_on, vacancy.closes_on)
    PublishedResult.objects.create(
        vacancy=vacancy,
        responses=len(ranking.scenario["candidates"]),
        eligible=ranking.entries.count(),
        position=entry.position,
        tier=entry.tier,
        ordering=vacancy.ordering,
        registration_years=years,
        registration_months=months,
        seed=vacancy.seed,
        seed_hash=vacancy.seed_hash,
    )


@transaction.atomic
def hand_over_keys(
    *, actor: Any, allocation: Allocation, handed_on: date | None = None
) -> Allocation:
    """The keys are handed over: the last step of the letting."""
    handed_on = handed_on or timezone.localdate()
    allocation, _vacancy = _locked_allocation(allocation)
    if allocation.contract_signed_on is not None and handed_on < allocation.contract_signed_on:
        raise InvalidChange(
            _("The keys cannot be handed over before the contract was signed (%(date)s).")
            % {"date": allocation.contract_signed_on.strftime("%d-%m-%Y")},
            field="keys_handed_on",
        )
    old_state = ALLOCATION_MACHINE.move(allocation, AllocationState.KEYS_HANDED)
    allocation.keys_handed_on = handed_on
    allocation.save(update_fields=["state", "keys_handed_on"])
    record(
        actor=actor,
        action="allocation.keys_handed",
        obj=allocation,
        before={"state": old_state},
        after={"state": allocation.state, "keys_handed_on": handed_on.isoformat()},
    )
    return allocation


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None
