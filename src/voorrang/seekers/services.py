"""Writes on seekers: registration, duplicates, and the two-person change of a registration date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from voorrang.audit.services import record
from voorrang.errors import InvalidChange, NotAllowed
from voorrang.seekers.models import (
    ChangeStatus,
    DuplicateFlag,
    HouseholdMember,
    RegistrationDateChange,
    Seeker,
)


def _snapshot(seeker: Seeker) -> dict[str, Any]:
    return {
        "registration_number": seeker.registration_number,
        "registered_on": seeker.registered_on.isoformat(),
        "status": seeker.status,
        "income": str(seeker.income),
        "local_tie": seeker.local_tie,
    }


@transaction.atomic
def register_seeker(
    *,
    actor: Any,
    registration_number: str,
    registered_on: date,
    members: list[dict[str, Any]],
    income: Decimal,
    email: str = "",
    phone: str = "",
    street: str = "",
    number: str = "",
    postcode: str = "",
    town: str = "",
    local_tie: bool = False,
    income_evidence_kind: str = "",
    income_evidence_date: date | None = None,
    user: Any = None,
) -> Seeker:
    """Register a household. ``members`` are dicts with first_name, last_name, birth_date;
    the first is the main applicant. Possible duplicates are flagged, never merged."""
    if not members:
        raise InvalidChange(_("A household has at least one member."), field="members")
    if registered_on > timezone.localdate():
        raise InvalidChange(
            _("The registration date cannot be in the future."), field="registered_on"
        )
    seeker = Seeker.objects.create(
        registration_number=registration_number,
        registered_on=registered_on,
        income=income,
        email=email,
        phone=phone,
        street=street,
        number=number,
        postcode=postcode,
        town=town,
        local_tie=local_tie,
        income_evidence_kind=income_evidence_kind,
        income_evidence_date=income_evidence_date,
        user=user,
    )
    HouseholdMember.objects.bulk_create(
        HouseholdMember(seeker=seeker, is_main_applicant=(i == 0), **member)
        for i, member in enumerate(members)
    )
    record(actor=actor, action="seeker.registered", obj=seeker, after=_snapshot(seeker))
    flag_possible_duplicates(seeker=seeker, actor=actor)
    return seeker


def flag_possible_duplicates(*, seeker: Seeker, actor: Any) -> list[DuplicateFlag]:
    """Flag other registrations with the same main applicant (name and birth date), the same
    email address or the same address. Staff resolve the flags; nothing is merged."""
    flags: list[DuplicateFlag] = []
    main = seeker.members.filter(is_main_applicant=True).first()
    candidates: list[tuple[str, Q]] = []
    if main is not None:
        same_person = Q(
            members__is_main_applicant=True,
            members__first_name__iexact=main.first_name,
            members__last_name__iexact=main.last_name,
            members__birth_date=main.birth_date,
        )
        candidates.append((DuplicateFlag.Ground.NAME_AND_BIRTH_DATE, same_person))
    if seeker.email:
        candidates.append((DuplicateFlag.Ground.EMAIL, Q(email__iexact=seeker.email)))
    if seeker.postcode and seeker.number:
        same_address = Q(postcode__iexact=seeker.postcode, number__iexact=seeker.number)
        candidates.append((DuplicateFlag.Ground.ADDRESS, same_address))
    for ground, condition in candidates:
        others = Seeker.objects.filter(condition).exclude(pk=seeker.pk).distinct()
        for other in others:
            flag, created = DuplicateFlag.objects.get_or_create(
                seeker=seeker, other=other, ground=ground
            )
            if created:
                record(
                    actor=actor,
                    action="seeker.duplicate_flagged",
                    obj=seeker,
                    summary=f"{ground}: {other.registration_number}",
                )
                flags.append(flag)
    return flags


@transaction.atomic
def resolve_duplicate(*, actor: Any, flag: DuplicateFlag, resolution: str) -> DuplicateFlag:
    if not resolution.strip():
        raise InvalidChange(_("Say how the possible duplicate was resolved."), field="resolution")
    flag = DuplicateFlag.objects.select_for_update().get(pk=flag.pk)
    if flag.resolved:
        raise NotAllowed(_("This possible duplicate was resolved already."))
    flag.resolved = True
    flag.resolution = resolution
    flag.resolved_by = actor
    flag.save(update_fields=["resolved", "resolution", "resolved_by"])
    record(actor=actor, action="seeker.duplicate_resolved", obj=flag.seeker, reason=resolution)
    return flag


@transaction.atomic
def request_registration_date_change(
    *, actor: Any, seeker: Seeker, new_date: date, reason: str
) -> RegistrationDateChange:
    """The first of two steps: a change of registration date waits for a second staff member."""
    if not reason.strip():
        raise InvalidChange(_("A change of registration date needs a reason."), field="reason")
    if new_date > timezone.localdate():
        raise InvalidChange(_("The registration date cannot be in the future."), field="new_date")
    seeker = Seeker.objects.select_for_update().get(pk=seeker.pk)
    if new_date == seeker.registered_on:
        raise InvalidChange(_("The new date is the same as the current one."), field="new_date")
    if seeker.date_changes.filter(status=ChangeStatus.PENDING).exists():
        raise NotAllowed(_("A change of this registration date is already waiting for approval."))
    change = RegistrationDateChange.objects.create(
        seeker=seeker,
        old_date=seeker.registered_on,
        new_date=new_date,
        reason=reason,
        requested_by=actor,
    )
    record(
        actor=actor,
        action="seeker.registration_date_change_requested",
        obj=seeker,
        reason=reason,
        before={"registered_on": seeker.registered_on.isoformat()},
        after={"registered_on": new_date.isoformat()},
    )
    return change


@transaction.atomic
def decide_registration_date_change(
    *, actor: Any, change: RegistrationDateChange, approve: bool
) -> RegistrationDateChange:
    """The second step, by another staff member. Only an approval changes the date."""
    change = RegistrationDateChange.objects.select_for_update().get(pk=change.pk)
    if change.status != ChangeStatus.PENDING:
        raise NotAllowed(_("This change was decided already."))
    if change.requested_by_id == getattr(actor, "pk", None):
        raise NotAllowed(
            _("A change of registration date must be approved by another staff member.")
        )
    seeker = Seeker.objects.select_for_update().get(pk=change.seeker_id)
    if seeker.registered_on != change.old_date:
        raise NotAllowed(_("The registration date changed since this request was made."))
    change.status = ChangeStatus.APPROVED if approve else ChangeStatus.REJECTED
    change.decided_by = actor
    change.decided_at = timezone.now()
    change.save(update_fields=["status", "decided_by", "decided_at"])
    if approve:
        seeker.registered_on = change.new_date
        seeker.save(update_fields=["registered_on"])
    record(
        actor=actor,
        action="seeker.registration_date_changed"
        if approve
        else "seeker.registration_date_change_rejected",
        obj=seeker,
        reason=change.reason,
        before={"registered_on": change.old_date.isoformat()},
        after={"registered_on": (change.new_date if approve else change.old_date).isoformat()},
        summary=f"requested by {change.requested_by}",
    )
    return change
