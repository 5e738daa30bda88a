"""Writes on seekers: registration, duplicates, and the two-person steps: the change of a
registration date and the urgency declaration."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, BinaryIO

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from voorrang.audit.services import record
from voorrang.date_bounds import (
    EARLIEST_EVENT,
    LONGEST_AHEAD,
    check_birth_date,
    check_date,
    check_registration_date,
)
from voorrang.errors import InvalidChange, NotAllowed
from voorrang.files import file_storage, remove
from voorrang.notifications import emails
from voorrang.person_names import clean_name
from voorrang.seekers import evidence as evidence_files
from voorrang.seekers.models import (
    COUNTING_URGENCY,
    HOUSEHOLD_CHECK_MACHINE,
    INCOME_CHECK_MACHINE,
    SEEKER_MACHINE,
    URGENCY_MACHINE,
    ChangeStatus,
    CheckStatus,
    DuplicateFlag,
    EvidenceFile,
    HouseholdMember,
    RegistrationDateChange,
    Seeker,
    SeekerStatus,
    UrgencyDeclaration,
    UrgencyKind,
    UrgencyStatus,
)
from voorrang.text_limits import check_length, required_text
from voorrang.transitions import StateMachine


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
    language: str = "nl",
) -> Seeker:
    """Register a household. ``members`` are dicts with first_name, last_name, birth_date;
    the first is the main applicant. Possible duplicates are flagged, never merged."""
    if not members:
        raise InvalidChange(_("A household has at least one member."), field="members")
    members = _checked_members(members)
    check_registration_date(registered_on, field="registered_on")
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
        language=language,
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
    check_length(resolution, field="resolution")
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
    check_length(reason, field="reason")
    check_registration_date(new_date, field="new_date")
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
    if approve:
        # A request made before the date had bounds may still be waiting with any date.
        check_registration_date(change.new_date, field="new_date")
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


# --- Online registration and later changes by the seeker ------------------------------------

REGISTRATION_PREFIX = "W"


def next_registration_number() -> str:
    """``W`` and six or more digits, one more than the highest so far."""
    numbers = [
        int(number[1:])
        for number in Seeker.objects.filter(
            registration_number__startswith=REGISTRATION_PREFIX
        ).values_list("registration_number", flat=True)
        if number[1:].isdigit()
    ]
    return f"{REGISTRATION_PREFIX}{max(numbers, default=100000) + 1:06d}"


# The longest names the columns hold (seekers.models.HouseholdMember).
NAME_LIMITS = {"first_name": 80, "last_name": 120}


def _checked_members(members: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The members with their names cleaned (see voorrang.person_names) and checked: a name
    filled in and not too long, a birth date within its bounds."""
    checked = []
    for i, member in enumerate(members):
        member = dict(member)
        for name, required in (
            ("first_name", _("Fill in the first name.")),
            ("last_name", _("Fill in the last name.")),
        ):
            member[name] = clean_name(str(member.get(name, "")))
            if not member[name]:
                raise InvalidChange(required, field=f"members[{i}].{name}")
            limit = NAME_LIMITS[name]
            if len(member[name]) > limit:
                raise InvalidChange(
                    _("The name is longer than %(limit)s characters.") % {"limit": limit},
                    field=f"members[{i}].{name}",
                )
        check_birth_date(member["birth_date"], field=f"members[{i}].birth_date")
        checked.append(member)
    return checked


@transaction.atomic
def register_online(
    *,
    user: Any,
    members: list[dict[str, Any]],
    income: Decimal,
    income_evidence_kind: str,
    income_evidence_date: date | None,
    evidence: EvidenceFile | None,
    phone: str,
    street: str,
    number: str,
    postcode: str,
    town: str,
    local_tie: bool,
    language: str = "nl",
) -> Seeker:
    """A seeker registers themselves: a registration number is generated, the registration
    date is today, the uploaded evidence is attached and the account joins the seeker group."""
    from django.contrib.auth.models import Group

    from voorrang.roles import Role

    if Seeker.objects.filter(user=user).exists():
        raise NotAllowed(_("You are registered already."), code="registered")
    members = _checked_members(members)
    if income < 0:
        raise InvalidChange(_("The income cannot be less than zero."), field="income")
    for _attempt in range(5):
        try:
            with transaction.atomic():
                seeker = register_seeker(
                    actor=user,
                    registration_number=next_registration_number(),
                    registered_on=timezone.localdate(),
                    members=members,
                    income=income,
                    email=user.email,
                    phone=phone,
                    street=street,
                    number=number,
                    postcode=postcode,
                    town=town,
                    local_tie=local_tie,
                    income_evidence_kind=income_evidence_kind,
                    income_evidence_date=income_evidence_date,
                    user=user,
                    language=language,
                )
            break
        except IntegrityError:
            # Someone else took the number a moment ago (or this account registered twice).
            if Seeker.objects.filter(user=user).exists():
                raise NotAllowed(_("You are registered already."), code="registered") from None
    else:  # pragma: no cover - five collisions in a row
        raise NotAllowed(_("Registering failed for a moment. Please try again."))
    if evidence is not None:
        _attach_evidence(seeker, evidence, user)
    user.groups.add(Group.objects.get_or_create(name=Role.SEEKER)[0])
    return seeker


def _attach_evidence(seeker: Seeker, evidence: EvidenceFile, actor: Any) -> None:
    if evidence.owner_id != getattr(actor, "pk", None) or evidence.seeker_id not in (
        None,
        seeker.pk,
    ):
        raise NotAllowed(_("This file does not belong to you."), field="evidence")
    evidence.seeker = seeker
    evidence.save(update_fields=["seeker"])
    record(
        actor=actor,
        action="seeker.evidence_added",
        obj=seeker,
        after={"file": evidence.pk, "sha256": evidence.sha256, "type": evidence.content_type},
    )
    _back_to_unchecked(INCOME, actor=actor, seeker=seeker, cause="evidence_added")


CHANGEABLE = (
    "phone",
    "street",
    "number",
    "postcode",
    "town",
    "income",
    "income_evidence_kind",
    "income_evidence_date",
    "local_tie",
    "language",
)


CONTACT_FIELDS = frozenset({"phone", "street", "number", "postcode", "town"})


def _plain(value: Any) -> Any:
    if isinstance(value, date | Decimal):
        return str(value)
    return value


@transaction.atomic
def change_details(
    *, actor: Any, seeker: Seeker, changes: dict[str, Any], evidence: EvidenceFile | None = None
) -> Seeker:
    """Change contact details, income (with new evidence) or local tie. Only what differs is
    stored and recorded, with its value before and after."""
    unknown = set(changes) - set(CHANGEABLE)
    if unknown:
        raise InvalidChange(_("This detail cannot be changed here."), field=sorted(unknown)[0])
    if "income" in changes and changes["income"] < 0:
        raise InvalidChange(_("The income cannot be less than zero."), field="income")
    seeker = Seeker.objects.select_for_update().get(pk=seeker.pk)
    if seeker.status == SeekerStatus.ENDED:
        raise NotAllowed(_("This registration has ended."))
    before = {k: _plain(getattr(seeker, k)) for k, v in changes.items() if getattr(seeker, k) != v}
    for field in before:
        setattr(seeker, field, changes[field])
    if before:
        seeker.full_clean(exclude=["user", "registration_number"])
        seeker.save(update_fields=list(before))
        # Contact details are named, not copied: the audit trail is append-only, and they
        # must be erasable when the account ends (docs/privacy.md).
        contact = sorted(k for k in before if k in CONTACT_FIELDS)
        after = {k: _plain(getattr(seeker, k)) for k in before if k not in CONTACT_FIELDS}
        if contact:
            after["contact_details_changed"] = contact
        record(
            actor=actor,
            action="seeker.details_changed",
            obj=seeker,
            before={k: v for k, v in before.items() if k not in CONTACT_FIELDS},
            after=after,
        )
        if "income" in before:
            _back_to_unchecked(INCOME, actor=actor, seeker=seeker, cause="income_changed")
    if evidence is not None:
        _attach_evidence(seeker, evidence, actor)
    return seeker


@transaction.atomic
def add_household_member(
    *, actor: Any, seeker: Seeker, first_name: str, last_name: str, birth_date: date
) -> HouseholdMember:
    member = _checked_members(
        [{"first_name": first_name, "last_name": last_name, "birth_date": birth_date}]
    )[0]
    del member["birth_date"]
    seeker = Seeker.objects.select_for_update().get(pk=seeker.pk)
    created = HouseholdMember.objects.create(seeker=seeker, birth_date=birth_date, **member)
    record(
        actor=actor,
        action="seeker.member_added",
        obj=seeker,
        after={"member": created.pk, "birth_date": birth_date.isoformat()},
    )
    _back_to_unchecked(HOUSEHOLD, actor=actor, seeker=seeker, cause="member_added")
    return created


@transaction.atomic
def remove_household_member(*, actor: Any, member: HouseholdMember) -> None:
    # Seeker first, then member: the order add_household_member and the checks lock in.
    seeker = Seeker.objects.select_for_update().get(
        pk=HouseholdMember.objects.values_list("seeker_id", flat=True).get(pk=member.pk)
    )
    member = HouseholdMember.objects.select_for_update().get(pk=member.pk)
    if member.is_main_applicant:
        raise NotAllowed(_("The main applicant cannot be removed."), field="member")
    record(
        actor=actor,
        action="seeker.member_removed",
        obj=seeker,
        before={"member": member.pk, "birth_date": member.birth_date.isoformat()},
    )
    member.delete()
    _back_to_unchecked(HOUSEHOLD, actor=actor, seeker=seeker, cause="member_removed")


# --- Evidence of registrations never submitted ----------------------------------------------

# A file is written before its record is stored (and a record can be rolled back after): a
# file without a record is only a stray once it is older than any upload still in progress.
STRAY_AFTER = timedelta(days=1)


@dataclass(frozen=True)
class EvidenceCleaning:
    abandoned: int  # records of registrations never submitted, removed
    files: int  # their files removed (one another run removed first is not counted)
    strays: int  # files no record refers to, removed


def clean_abandoned_evidence(*, now: datetime | None = None) -> EvidenceCleaning:
    """Remove the evidence of registrations that were started but never submitted: a file
    uploaded in the registration form is tied to the registration only when it is submitted,
    so a record without one, uploaded more than VOORRANG_ABANDONED_EVIDENCE_DAYS ago, belongs
    to a registration given up (or to an upload replaced by another). Then the files in the
    evidence folder that no record refers to. One audit event with the counts, when anything
    was removed.

    Safe to run twice at once: a run takes the records it removes under a lock (others skip
    them), the files go only after their records are gone, and a file is counted only by the
    run that actually removed it."""
    now = now or timezone.now()
    days = settings.VOORRANG_ABANDONED_EVIDENCE_DAYS
    with transaction.atomic():
        taken = list(
            EvidenceFile.objects.select_for_update(skip_locked=True)
            .filter(seeker__isnull=True, uploaded_at__lt=now - timedelta(days=days))
            .values_list("pk", "stored_name")
        )
        abandoned, _ = EvidenceFile.objects.filter(
            pk__in=[pk for pk, _ in taken], seeker__isnull=True
        ).delete()
    storage = file_storage()
    files = sum(remove(storage, f"{evidence_files.FOLDER}/{name}") for _, name in taken)
    strays = sum(
        remove(storage, name)
        for name in evidence_files.orphans()
        if _written_before(name, now - STRAY_AFTER)
    )
    result = EvidenceCleaning(abandoned=abandoned, files=files, strays=strays)
    if abandoned or files or strays:
        record(
            actor=None,
            action="evidence.abandoned_removed",
            obj=EvidenceFile,
            after={
                "abandoned_records": abandoned,
                "files_of_records": files,
                "stray_files": strays,
                "older_than_days": days,
            },
        )
    return result


def _written_before(name: str, moment: datetime) -> bool:
    """False as well for a file another run removed since it was listed."""
    try:
        return evidence_files.written_at(name) < moment
    except FileNotFoundError:
        return False


# --- Opening evidence -----------------------------------------------------------------------


@dataclass(frozen=True)
class OpenedEvidence:
    evidence: EvidenceFile
    handle: BinaryIO


@transaction.atomic
def open_evidence_as_staff(*, actor: Any, seeker: Seeker, evidence_id: int) -> OpenedEvidence:
    """Staff open one of ``seeker``'s evidence files: every opening is an audit event (who
    looked at which household's income documents, and when). EvidenceFile.DoesNotExist when
    the file is not this seeker's; FileNotFoundError when its content is gone."""
    evidence = EvidenceFile.objects.get(pk=evidence_id, seeker=seeker)
    handle = evidence_files.open_stored(evidence)
    if handle is None:
        raise FileNotFoundError(evidence_files.name_of(evidence))
    record(
        actor=actor,
        action="evidence.opened",
        obj=evidence,
        summary=seeker.registration_number,
        after={"file": evidence.pk, "seeker": seeker.pk, "sha256": evidence.sha256},
    )
    return OpenedEvidence(evidence=evidence, handle=handle)


# --- Urgency declarations: one staff member records, another confirms -----------------------

URGENCY_DOCUMENT = "document"
# The column's width (seekers.models.UrgencyDeclaration.issued_by).
URGENCY_ISSUER_LIMIT = 200


def _period_text(start: date, end: date) -> str:
    return _("%(start)s until %(end)s") % {
        "start": formats.date_format(start, "j F Y"),
        "end": formats.date_format(end, "j F Y"),
    }


def _urgency_snapshot(declaration: UrgencyDeclaration) -> dict[str, Any]:
    return {
        "declaration": declaration.pk,
        "kind": declaration.kind,
        "valid_from": declaration.valid_from.isoformat(),
        "valid_until": declaration.valid_until.isoformat(),
        "issued_by": declaration.issued_by,
        "status": declaration.status,
    }


def _check_urgency_period(seeker: Seeker, valid_from: date, valid_until: date) -> None:
    today = timezone.localdate()
    check_date(
        valid_from, field="valid_from", earliest=EARLIEST_EVENT, latest=today + LONGEST_AHEAD
    )
    if valid_until < valid_from:
        raise InvalidChange(
            _("The last day of validity cannot be before the first day."), field="valid_until"
        )
    check_date(valid_until, field="valid_until", latest=valid_from + LONGEST_AHEAD)
    # The rule book reads one declaration per household for a closing date: a second one for
    # days already covered would leave it to chance which one counts.
    for other in seeker.urgencies.filter(
        status__in=(UrgencyStatus.PROPOSED, *COUNTING_URGENCY)
    ).order_by("valid_from"):
        last = other.last_counting_day
        if last >= other.valid_from and valid_from <= last and other.valid_from <= valid_until:
            raise InvalidChange(
                _(
                    "These dates overlap the urgency declaration valid %(period)s. "
                    "A household has one urgency declaration at a time."
                )
                % {"period": _period_text(other.valid_from, last)},
                field="valid_from",
            )


@transaction.atomic
def propose_urgency(
    *,
    actor: Any,
    seeker: Seeker,
    kind: str,
    valid_from: date,
    valid_until: date,
    issued_by: str,
    note: str = "",
    document: UploadedFile | None = None,
) -> UrgencyDeclaration:
    """The first of two steps: a staff member records an urgency declaration. It counts for
    no ranking until another staff member confirms it."""
    if kind not in UrgencyKind.values:
        raise InvalidChange(_("Choose the kind of urgency."), field="kind")
    issued_by = required_text(
        issued_by, "issued_by", _("Fill in who issued the urgency declaration.")
    )
    check_length(issued_by, field="issued_by", limit=URGENCY_ISSUER_LIMIT)
    note = check_length((note or "").strip(), field="note")
    seeker = Seeker.objects.select_for_update().get(pk=seeker.pk)
    if seeker.status != SeekerStatus.ACTIVE:
        raise NotAllowed(_("Only an active registration can get an urgency declaration."))
    _check_urgency_period(seeker, valid_from, valid_until)
    declaration = UrgencyDeclaration(
        seeker=seeker,
        kind=kind,
        valid_from=valid_from,
        valid_until=valid_until,
        issued_by=issued_by,
        note=note,
        status=UrgencyStatus.PROPOSED,
        proposed_by=actor,
        proposed_at=timezone.now(),
    )
    if document is not None:
        try:
            evidence_files.check_upload(document)
        except InvalidChange as problem:
            raise InvalidChange(problem.message, field=URGENCY_DOCUMENT) from None
        # Through the storage API (default_storage), as every file of the application.
        declaration.document.save(document.name or "document", document, save=False)
    declaration.save()
    record(
        actor=actor,
        action="seeker.urgency_proposed",
        obj=seeker,
        reason=note,
        after=_urgency_snapshot(declaration),
    )
    return declaration


def _locked_urgency(declaration: UrgencyDeclaration) -> UrgencyDeclaration:
    # Seeker first, then declaration: the order propose_urgency takes them in.
    Seeker.objects.select_for_update().get(pk=declaration.seeker_id)
    return UrgencyDeclaration.objects.select_for_update().get(pk=declaration.pk)


def _second_person(declaration: UrgencyDeclaration, actor: Any) -> None:
    if declaration.proposed_by_id == getattr(actor, "pk", None):
        raise NotAllowed(
            _(
                "An urgency declaration must be confirmed or rejected by another staff member "
                "than the one who recorded it."
            )
        )


@transaction.atomic
def confirm_urgency(*, actor: Any, declaration: UrgencyDeclaration) -> UrgencyDeclaration:
    """The second step, by another staff member: from now on the declaration counts in a
    ranking of a vacancy that closes within its dates."""
    declaration = _locked_urgency(declaration)
    URGENCY_MACHINE.check(declaration.status, UrgencyStatus.CONFIRMED)
    _second_person(declaration, actor)
    before = declaration.status
    URGENCY_MACHINE.move(declaration, UrgencyStatus.CONFIRMED)
    declaration.decided_by = actor
    declaration.decided_at = timezone.now()
    declaration.save(update_fields=["status", "decided_by", "decided_at"])
    record(
        actor=actor,
        action="seeker.urgency_confirmed",
        obj=declaration.seeker,
        before={"declaration": declaration.pk, "status": before},
        after=_urgency_snapshot(declaration),
    )
    return declaration


@transaction.atomic
def reject_urgency(
    *, actor: Any, declaration: UrgencyDeclaration, reason: str
) -> UrgencyDeclaration:
    """The second step, by another staff member, who says why."""
    reason = required_text(reason, "reason", _("Say why the urgency declaration is rejected."))
    declaration = _locked_urgency(declaration)
    URGENCY_MACHINE.check(declaration.status, UrgencyStatus.REJECTED)
    _second_person(declaration, actor)
    before = declaration.status
    URGENCY_MACHINE.move(declaration, UrgencyStatus.REJECTED)
    declaration.decided_by = actor
    declaration.decided_at = timezone.now()
    declaration.rejection_reason = reason
    declaration.save(update_fields=["status", "decided_by", "decided_at", "rejection_reason"])
    record(
        actor=actor,
        action="seeker.urgency_rejected",
        obj=declaration.seeker,
        reason=reason,
        before={"declaration": declaration.pk, "status": before},
        after=_urgency_snapshot(declaration),
    )
    return declaration


@transaction.atomic
def end_urgency(*, actor: Any, declaration: UrgencyDeclaration, reason: str) -> UrgencyDeclaration:
    """End a confirmed declaration before its last day: from today it no longer counts (a
    vacancy that closed before today is ranked with it still). One staff member may do this;
    a declaration past its last day has ended by itself already."""
    reason = required_text(reason, "reason", _("Say why the urgency declaration ends early."))
    declaration = _locked_urgency(declaration)
    URGENCY_MACHINE.check(declaration.status, UrgencyStatus.ENDED)
    today = timezone.localdate()
    if declaration.valid_until < today:
        raise NotAllowed(
            _("This urgency declaration ended by itself after %(date)s.")
            % {"date": formats.date_format(declaration.valid_until, "j F Y")}
        )
    before = declaration.status
    URGENCY_MACHINE.move(declaration, UrgencyStatus.ENDED)
    declaration.ended_on = today
    declaration.ended_by = actor
    declaration.end_reason = reason
    declaration.save(update_fields=["status", "ended_on", "ended_by", "end_reason"])
    record(
        actor=actor,
        action="seeker.urgency_ended",
        obj=declaration.seeker,
        reason=reason,
        before={"declaration": declaration.pk, "status": before},
        after={**_urgency_snapshot(declaration), "ended_on": today.isoformat()},
    )
    return declaration


# --- The check of income and household against the evidence --------------------------------


@dataclass(frozen=True)
class _Checked:
    """One of the two checks: its machine, its columns and its audit codes."""

    machine: StateMachine
    prefix: str  # "income" or "household": the columns are <prefix>_check, ..._checked_by

    @property
    def fields(self) -> list[str]:
        p = self.prefix
        return [f"{p}_check", f"{p}_checked_by", f"{p}_checked_at", f"{p}_rejection_reason"]


INCOME = _Checked(INCOME_CHECK_MACHINE, "income")
HOUSEHOLD = _Checked(HOUSEHOLD_CHECK_MACHINE, "household")


def _decide_check(
    part: _Checked, *, actor: Any, seeker: Seeker, new: str, reason: str = ""
) -> Seeker:
    seeker = Seeker.objects.select_for_update().get(pk=seeker.pk)
    if seeker.status == SeekerStatus.ENDED:
        raise NotAllowed(_("This registration has ended."))
    before = part.machine.move(seeker, new)
    setattr(seeker, f"{part.prefix}_checked_by", actor)
    setattr(seeker, f"{part.prefix}_checked_at", timezone.now())
    setattr(seeker, f"{part.prefix}_rejection_reason", reason)
    seeker.save(update_fields=part.fields)
    after: dict[str, Any] = {part.machine.field: new}
    if part is INCOME:
        after["income"] = str(seeker.income)
        after["evidence_files"] = list(seeker.evidence_files.values_list("pk", flat=True))
    else:
        after["members"] = seeker.members.count()
    record(
        actor=actor,
        action=f"seeker.{part.prefix}_{new}",
        obj=seeker,
        reason=reason,
        before={part.machine.field: before},
        after=after,
    )
    if new == CheckStatus.REJECTED:
        emails.check_rejected(seeker, part=part.prefix, reason=reason)
    return seeker


def _rejection_reason(reason: str) -> str:
    return required_text(reason, "reason", _("Say why it is rejected, so the seeker knows."))


@transaction.atomic
def check_income(*, actor: Any, seeker: Seeker) -> Seeker:
    """Staff have compared the income on record with the evidence and found it right."""
    return _decide_check(INCOME, actor=actor, seeker=seeker, new=CheckStatus.CHECKED)


@transaction.atomic
def reject_income(*, actor: Any, seeker: Seeker, reason: str) -> Seeker:
    """The evidence does not show the income on record; the seeker hears why and what to do."""
    reason = _rejection_reason(reason)
    return _decide_check(
        INCOME, actor=actor, seeker=seeker, new=CheckStatus.REJECTED, reason=reason
    )


@transaction.atomic
def check_household(*, actor: Any, seeker: Seeker) -> Seeker:
    """Staff have compared the household members on record with the evidence."""
    return _decide_check(HOUSEHOLD, actor=actor, seeker=seeker, new=CheckStatus.CHECKED)


@transaction.atomic
def reject_household(*, actor: Any, seeker: Seeker, reason: str) -> Seeker:
    reason = _rejection_reason(reason)
    return _decide_check(
        HOUSEHOLD, actor=actor, seeker=seeker, new=CheckStatus.REJECTED, reason=reason
    )


def _back_to_unchecked(part: _Checked, *, actor: Any, seeker: Seeker, cause: str) -> None:
    """Inside the caller's transaction, with ``seeker`` locked: what was checked or rejected
    changed, so it waits for a new check. Nothing happens when it is unchecked already."""
    if getattr(seeker, part.machine.field) == CheckStatus.UNCHECKED:
        return
    before = part.machine.move(seeker, CheckStatus.UNCHECKED)
    setattr(seeker, f"{part.prefix}_checked_by", None)
    setattr(seeker, f"{part.prefix}_checked_at", None)
    setattr(seeker, f"{part.prefix}_rejection_reason", "")
    seeker.save(update_fields=part.fields)
    record(
        actor=actor,
        action=f"seeker.{part.prefix}_unchecked",
        obj=seeker,
        before={part.machine.field: before},
        after={part.machine.field: CheckStatus.UNCHECKED, "cause": cause},
    )


@transaction.atomic
def end_registration_after_letting(
    *, actor: Any, seeker: Seeker, let_on: date, home: str, keep_registration_time: bool
) -> Seeker:
    """The household has been let a home (``home``, its address, for the record): the
    registration ends on the letting day, as the letting's policy says
    (``after_letting.keep_registration_time``): with its registration time kept for a later
    registration, or not. The seeker hears it by email and on their page."""
    seeker = Seeker.objects.select_for_update().get(pk=seeker.pk)
    old = SEEKER_MACHINE.move(seeker, SeekerStatus.HOUSED)
    seeker.ended_on = let_on
    seeker.registration_time_kept = keep_registration_time
    seeker.save(update_fields=["status", "ended_on", "registration_time_kept"])
    record(
        actor=actor,
        action="seeker.registration_ended_after_letting",
        obj=seeker,
        before={"status": old},
        after={
            "status": seeker.status,
            "ended_on": let_on.isoformat(),
            "home": home,
            "registration_time_kept": keep_registration_time,
        },
    )
    emails.registration_ended(seeker, home=home)
    return seeker
