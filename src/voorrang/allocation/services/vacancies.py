"""A vacancy's own life: created as a draft, published (where the quota decides whether it is
targeted), and withdrawn from any open state."""

from __future__ import annotations

import secrets
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from voorrang.allocation.models import Ordering, Vacancy
from voorrang.allocation.policies import policy_name_for
from voorrang.allocation.selectors import quota_status
from voorrang.allocation.selectors.quota import cap_reached_message, decide_quota
from voorrang.allocation.services._locks import locked_vacancy
from voorrang.allocation.states import (
    ALLOCATION_IN_PROGRESS,
    OFFER_MACHINE,
    OPEN_VACANCY_STATES,
    PENDING_OFFER_STATES,
    VACANCY_MACHINE,
    OfferState,
    VacancyState,
)
from voorrang.audit.services import record
from voorrang.date_bounds import LONGEST_OPEN, check_date
from voorrang.errors import InvalidChange, NotAllowed
from voorrang.housing.models import Building, Unit
from voorrang.notifications import emails
from voorrang.rules import load_policy, override_within_cap, seed_commitment
from voorrang.text_limits import check_length

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
    vacancy = locked_vacancy(vacancy)
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
        # The same decision the publish step showed staff beforehand (selectors.quota_preview).
        decision = decide_quota(status, policy.targeting)
        n = decision.n
        if override_targeted is None:
            vacancy.targeted = decision.targeted
        else:
            if not override_within_cap(override_targeted, decision.targeted_before, decision.cap):
                # Invalid input (an override never breaks the cap), not a stale page: said
                # on the field, with the cap and the count.
                raise InvalidChange(
                    cap_reached_message(
                        cap=decision.cap, year=decision.year, targeted=decision.targeted_before
                    ),
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


@transaction.atomic
def withdraw_vacancy(*, actor: Any, vacancy: Vacancy, reason: str) -> Vacancy:
    check_length(reason, field="reason")
    if not reason.strip():
        raise InvalidChange(_("Withdrawing a vacancy needs a reason."), field="reason")
    vacancy = locked_vacancy(vacancy)
    if vacancy.allocations.filter(state__in=ALLOCATION_IN_PROGRESS).exists():
        # The accepted candidate's checks end the allocation first, with their reason.
        raise NotAllowed(
            _("This home was accepted. Record the outcome of the checks first."),
            code="allocation_in_progress",
        )
    old_state = VACANCY_MACHINE.move(vacancy, VacancyState.WITHDRAWN)
    vacancy.save(update_fields=["state"])
    for offer in vacancy.offers.select_for_update().filter(state__in=PENDING_OFFER_STATES):
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
    emails.vacancy_withdrawn(vacancy)
    return vacancy
