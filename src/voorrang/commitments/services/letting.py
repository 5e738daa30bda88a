"""What a letting does to the targeted track. Allocation calls ``contract_signed`` (registered
in ``voorrang.allocation.letting_hooks``) inside the letting's transaction:

- a home let through the commitment tier in the building of the seeker's agreement starts its
  follow-up at the tenancy's start (the contract's start date): the agreement becomes active,
  the check-ins at 3, 6, 12 and 24 months are planned from that day. A contract that starts
  later is started by the daily duty (``start_due_follow_ups``) on that day;
- a home let by another route (the usual order, another tier, another building) to the holder
  of an approved commitment applies the policy ``[track] housed_by_other_route``: "end" ends
  the approval (or the agreement still waiting for a home), "keep" keeps it and records that
  the holder was housed. Either way the coordinator and the seeker see it on their pages."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from voorrang.commitments.dates import add_months
from voorrang.commitments.models import Application, CheckIn, CommitmentAgreement, StatusPeriod
from voorrang.commitments.services._shared import _audit, _sync_commitment
from voorrang.commitments.states import (
    APPLICATION_MACHINE,
    CHECK_IN_MONTHS,
    FOLLOW_UP_MACHINE,
    ApplicationStatus,
    EndReason,
    FollowUpStatus,
    HousedElsewhere,
)
from voorrang.errors import NotAllowed

LET_STATES = ("contract_signed", "keys_handed")


def contract_signed(*, actor: Any, allocation: Any) -> None:
    """The hook: ``allocation``'s contract was just signed (its home let)."""
    today = timezone.localdate()
    matched = None
    if allocation.via_commitment:
        matched = (
            CommitmentAgreement.objects.filter(
                application__seeker_id=allocation.seeker_id,
                application__building_id=allocation.unit.building_id,
                status=FollowUpStatus.WAITING,
            )
            .order_by("-signed_on", "-pk")
            .first()
        )
        if matched is not None and allocation.contract_start <= today:
            start_follow_up(actor=actor, agreement=matched, allocation=allocation)
    _housed_by_other_route(actor, allocation, matched)


def letting_of(agreement: CommitmentAgreement, today: date | None = None) -> Any | None:
    """The home let through the commitment tier in the agreement's building whose tenancy has
    started by ``today`` (the earliest); None if there is none."""
    from voorrang.allocation.models import COMMITMENT_TIER, Allocation

    today = today or timezone.localdate()
    return (
        Allocation.objects.filter(
            seeker_id=agreement.application.seeker_id,
            unit__building_id=agreement.application.building_id,
            tier=COMMITMENT_TIER,
            state__in=LET_STATES,
            contract_start__lte=today,
        )
        .order_by("contract_start", "pk")
        .first()
    )


@transaction.atomic
def start_follow_up(
    *, actor: Any, agreement: CommitmentAgreement, allocation: Any
) -> CommitmentAgreement:
    """The tenancy of a home let through the commitment tier has started: the agreement
    becomes active from the contract's start and the check-ins are planned from there."""
    agreement = (
        CommitmentAgreement.objects.select_for_update()
        .select_related("application")
        .get(pk=agreement.pk)
    )
    start = allocation.contract_start
    old = FOLLOW_UP_MACHINE.move(agreement, FollowUpStatus.ACTIVE)
    agreement.moved_in_on = start
    agreement.save(update_fields=["status", "moved_in_on"])
    # Signed after the tenancy started (the letting came first): it never waited.
    StatusPeriod.objects.filter(
        agreement=agreement,
        ends_on__isnull=True,
        status=FollowUpStatus.WAITING,
        starts_on__gt=start,
    ).delete()
    StatusPeriod.objects.filter(agreement=agreement, ends_on__isnull=True).update(ends_on=start)
    StatusPeriod.objects.create(
        agreement=agreement, status=FollowUpStatus.ACTIVE, starts_on=start, reason="let"
    )
    CheckIn.objects.bulk_create(
        CheckIn(agreement=agreement, month=m, due_on=add_months(start, m)) for m in CHECK_IN_MONTHS
    )
    _audit(
        actor,
        "track.follow_up_started",
        agreement.application,
        {"status": old},
        {
            "status": agreement.status,
            "moved_in_on": start.isoformat(),
            "vacancy": allocation.vacancy.reference,
        },
    )
    return agreement


def start_due_follow_ups(*, today: date | None = None) -> int:
    """The daily duty: start the follow-up of every waiting agreement whose home, let through
    the commitment tier in its building, has a tenancy that started by ``today`` (a contract
    signed with a later start). Returns how many started."""
    today = today or timezone.localdate()
    started = 0
    waiting = CommitmentAgreement.objects.filter(
        status=FollowUpStatus.WAITING, application__seeker__isnull=False
    ).select_related("application")
    for agreement in waiting:
        allocation = letting_of(agreement, today)
        if allocation is not None:
            start_follow_up(actor=None, agreement=agreement, allocation=allocation)
            started += 1
    return started


def _housed_by_other_route(
    actor: Any, allocation: Any, matched: CommitmentAgreement | None
) -> None:
    """Apply the policy to each approved commitment of the new tenant that this letting did
    not serve: its holder is housed by another route."""
    from voorrang.allocation.services.housed import policy_of_letting

    # Each is locked and read again in apply_housed_by_other_route.
    applications = Application.objects.filter(
        seeker_id=allocation.seeker_id, status=ApplicationStatus.APPROVED
    ).filter(Q(agreement__isnull=True) | Q(agreement__status=FollowUpStatus.WAITING))
    if matched is not None:
        applications = applications.exclude(pk=matched.application_id)
    elif allocation.via_commitment:
        # Let through the commitment tier before an agreement was signed: the commitment did
        # its work; the agreement signed afterwards starts at this letting.
        applications = applications.exclude(building_id=allocation.unit.building_id)
    applications = list(applications)
    if not applications:
        return
    choice = policy_of_letting(allocation).housed_by_other_route
    for application in applications:
        apply_housed_by_other_route(
            actor=actor, application=application, allocation=allocation, choice=choice
        )


@transaction.atomic
def apply_housed_by_other_route(
    *, actor: Any, application: Application, allocation: Any, choice: str
) -> Application:
    """Record that the holder of ``application`` was housed by ``allocation`` (another route)
    and do what the policy's ``choice`` says: end the commitment, or keep it."""
    from voorrang.commitments import emails

    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != ApplicationStatus.APPROVED:
        raise NotAllowed(
            _("Only an approved commitment is ended or kept by the policy."),
            code="application_state",
        )
    housed_on = allocation.contract_start or allocation.let_on
    outcome = HousedElsewhere(choice)
    application.housed_elsewhere_on = housed_on
    application.housed_elsewhere = outcome
    fields = ["housed_elsewhere_on", "housed_elsewhere"]
    before = {"status": application.status}
    agreement = CommitmentAgreement.objects.filter(application=application).first()
    if outcome == HousedElsewhere.ENDED:
        today = timezone.localdate()
        if agreement is not None:
            agreement = CommitmentAgreement.objects.select_for_update().get(pk=agreement.pk)
            before["follow_up"] = agreement.status
            FOLLOW_UP_MACHINE.move(agreement, FollowUpStatus.ENDED)
            agreement.end_reason = EndReason.HOUSED_OTHER_ROUTE
            agreement.ended_on = today
            agreement.save(update_fields=["status", "end_reason", "ended_on"])
            StatusPeriod.objects.filter(agreement=agreement, ends_on__isnull=True).update(
                ends_on=today
            )
            StatusPeriod.objects.create(
                agreement=agreement,
                status=FollowUpStatus.ENDED,
                starts_on=today,
                reason=EndReason.HOUSED_OTHER_ROUTE,
            )
        else:
            APPLICATION_MACHINE.move(application, ApplicationStatus.ENDED)
            fields.append("status")
        application.closed_at = timezone.now()
        fields.append("closed_at")
    application.save(update_fields=fields)
    _sync_commitment(application)
    _audit(
        actor,
        "track.housed_by_other_route",
        application,
        before,
        {
            "status": application.status,
            "policy": outcome.value,
            "housed_on": housed_on.isoformat(),
            "vacancy": allocation.vacancy.reference,
            "via_commitment": allocation.via_commitment,
        },
    )
    if outcome == HousedElsewhere.ENDED:
        emails.commitment_ended_housed_elsewhere(application)
    return application


def follow_up_of_new_agreement(*, actor: Any, agreement: CommitmentAgreement) -> None:
    """An agreement signed after its holder was let a home through the commitment tier in the
    building starts its follow-up at once."""
    allocation = letting_of(agreement)
    if allocation is not None:
        start_follow_up(actor=actor, agreement=agreement, allocation=allocation)
