"""Offers down the ranking: made, accepted (the allocation begins), refused, expired.
The viewing and the steps after the acceptance are in ``services.letting``."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from voorrang.allocation import offer_gates
from voorrang.allocation.models import Allocation, Offer, RefusalReason, Vacancy
from voorrang.allocation.services._locks import locked_vacancy
from voorrang.allocation.services.income_checks import passed_over_for_income
from voorrang.allocation.states import (
    ALLOCATION_IN_PROGRESS,
    OFFER_MACHINE,
    PENDING_OFFER_STATES,
    VACANCY_MACHINE,
    OfferState,
    VacancyState,
)
from voorrang.audit.services import record
from voorrang.errors import InvalidChange, NotAllowed
from voorrang.notifications import emails
from voorrang.seekers.models import SeekerStatus
from voorrang.text_limits import check_length


def offer_deadline(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) + timedelta(days=settings.VOORRANG_OFFER_DAYS)


def _offer_next(actor: Any, vacancy: Vacancy, deadline: datetime | None) -> Offer | None:
    """Inside a transaction with the vacancy locked: offer to the first candidate who has not
    had an offer for this vacancy, is still active and holds no open offer elsewhere (who does
    is passed over for now and stays in the list, as is one whose income is not checked for a
    home whose rent depends on it: income_checks.passed_over_for_income), nor one with an accepted
    offer on its way to a contract. None, too, while a gate holds the offer."""
    if offer_gates.reason_to_wait(vacancy):
        return None
    ranking = vacancy.rankings.get(is_current=True)
    had_offer = set(vacancy.offers.values_list("seeker_id", flat=True))
    entries = ranking.entries.select_related("seeker").order_by("position")
    busy = set(
        Offer.objects.filter(
            state__in=PENDING_OFFER_STATES, seeker__in=entries.values("seeker")
        ).values_list("seeker_id", flat=True)
    ) | set(
        Allocation.objects.filter(
            state__in=ALLOCATION_IN_PROGRESS, seeker__in=entries.values("seeker")
        ).values_list("seeker_id", flat=True)
    )
    for entry in entries:
        if entry.seeker_id in had_offer or entry.seeker_id in busy:
            continue
        if entry.seeker.status != SeekerStatus.ACTIVE:
            continue
        if passed_over_for_income(actor, vacancy, entry):
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
        offer_gates.offer_made(offer)
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
        emails.offer_made(offer)
        return offer
    return None


@transaction.atomic
def offer_next(*, actor: Any, vacancy: Vacancy, deadline: datetime | None = None) -> Offer | None:
    """Offer the home to the next free candidate; None when nobody is free now."""
    vacancy = locked_vacancy(vacancy)
    if vacancy.state not in (VacancyState.RANKED, VacancyState.OFFERING):
        raise NotAllowed(_("Offers can only be made for a ranked vacancy."), code="vacancy_state")
    if vacancy.offers.filter(state__in=PENDING_OFFER_STATES).exists():
        raise NotAllowed(_("This vacancy has an open offer already."), code="open_offer")
    if waiting := offer_gates.reason_to_wait(vacancy):
        raise NotAllowed(waiting, code="offer_waits")
    if vacancy.allocations.filter(state__in=ALLOCATION_IN_PROGRESS).exists():
        raise NotAllowed(
            _("This home was accepted; the checks and the contract come first."),
            code="allocation_in_progress",
        )
    return _offer_next(actor, vacancy, deadline)


def _locked_offer(offer: Offer) -> tuple[Offer, Vacancy]:
    # Vacancy first, then offer: every service takes locks in this order, so two staff
    # members acting at once wait for each other instead of deadlocking.
    vacancy = locked_vacancy(Vacancy(pk=offer.vacancy_id))
    offer = Offer.objects.select_for_update().select_related("entry", "seeker").get(pk=offer.pk)
    return offer, vacancy


@transaction.atomic
def accept_offer(*, actor: Any, offer: Offer, now: datetime | None = None) -> Allocation:
    """The candidate accepts: the allocation begins, with the checks at offer still to do
    (``services.letting``). The home is let only when the contract is signed. The unit cannot
    be allocated twice: the vacancy row is locked, and the database allows one accepted offer
    and one allocation that has not failed per vacancy."""
    now = now or timezone.now()
    offer, vacancy = _locked_offer(offer)
    if offer.state in PENDING_OFFER_STATES and offer.deadline < now:
        raise NotAllowed(_("The deadline of this offer has passed."), code="expired")
    old_state = OFFER_MACHINE.move(offer, OfferState.ACCEPTED)
    offer.decided_at = now
    offer.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    offer.save(update_fields=["state", "decided_at", "decided_by"])
    allocation = Allocation.objects.create(
        vacancy=vacancy,
        offer=offer,
        unit_id=vacancy.unit_id,
        seeker=offer.seeker,
        accepted_on=timezone.localdate(now),
        tier=offer.entry.tier,
        position=offer.entry.position,
    )
    record(
        actor=actor,
        action="offer.accepted",
        obj=offer,
        before={"state": old_state},
        after={"state": offer.state, "allocation": allocation.pk},
    )
    return allocation


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
    old_state = OFFER_MACHINE.move(offer, OfferState.REFUSED)
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
        before={"state": old_state},
        after={"state": offer.state},
    )
    emails.refusal_recorded(offer)
    return _offer_next(actor, vacancy, None) if offer_to_next else None


@transaction.atomic
def expire_offer(*, actor: Any, offer: Offer, now: datetime | None = None) -> bool:
    """Expire one offer past its deadline and offer the home to the next candidate.
    False when it was settled meanwhile or is not due: then nothing changes."""
    now = now or timezone.now()
    offer, vacancy = _locked_offer(offer)
    if offer.state not in PENDING_OFFER_STATES or offer.deadline >= now:
        return False
    old_state = OFFER_MACHINE.move(offer, OfferState.EXPIRED)
    offer.decided_at = now
    offer.save(update_fields=["state", "decided_at"])
    record(
        actor=actor,
        action="offer.expired",
        obj=offer,
        before={"state": old_state},
        after={"state": offer.state},
    )
    emails.offer_expired(offer)
    _offer_next(actor, vacancy, None)
    return True


def expire_due_offers(*, actor: Any = None, now: datetime | None = None) -> int:
    """Expire every open offer past its deadline; returns how many. Safe to run every minute
    and from two places at once: each offer is settled under its vacancy's lock, and one
    settled meanwhile is left alone."""
    now = now or timezone.now()
    due = Offer.objects.filter(state__in=PENDING_OFFER_STATES, deadline__lt=now)
    return sum(
        expire_offer(actor=actor, offer=Offer(pk=pk, vacancy_id=vacancy_id), now=now)
        for pk, vacancy_id in list(due.values_list("pk", "vacancy_id"))
    )
