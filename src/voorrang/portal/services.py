"""Writes of the portal itself: a seeker's request to end their account, and staff's decision
on it (docs/privacy.md says what is erased, what is kept, why and until when)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from voorrang.allocation import services as allocation
from voorrang.allocation.models import Offer, RankingEntry, RankingExclusion, Response, Vacancy
from voorrang.allocation.states import PENDING_OFFER_STATES, VacancyState
from voorrang.audit.services import record
from voorrang.commitments import services as track
from voorrang.errors import InvalidChange, NotAllowed
from voorrang.files import file_storage, remove
from voorrang.notifications import emails
from voorrang.portal.account_end import account_end_summary, fates
from voorrang.portal.models import END_REQUEST_MACHINE, AccountEndRequest, EndRequestStatus
from voorrang.seekers import evidence as evidence_files
from voorrang.seekers.models import SEEKER_MACHINE, EvidenceFile, Seeker, SeekerStatus
from voorrang.stories import services as stories
from voorrang.text_limits import check_length

# A vacancy in these states is an allocation still running: its ranking may still be made,
# offered from, objected to. A seeker who took part in it stays in its records until it ends.
RUNNING_STATES = (
    VacancyState.PUBLISHED,
    VacancyState.CLOSED,
    VacancyState.RANKED,
    VacancyState.OFFERING,
)


@transaction.atomic
def request_account_end(*, user: Any, reason: str = "") -> AccountEndRequest:
    """Record the request; staff confirm it later. Nothing is erased here."""
    check_length(reason.strip(), field="reason")
    if AccountEndRequest.objects.filter(user=user, status=EndRequestStatus.PENDING).exists():
        raise NotAllowed(_("You have asked for this already. Staff will contact you."))
    seeker = Seeker.objects.filter(user=user).first()
    try:
        with transaction.atomic():
            request = AccountEndRequest.objects.create(
                user=user, seeker=seeker, reason=reason.strip()
            )
    except IntegrityError:  # the same request sent twice at once
        raise NotAllowed(_("You have asked for this already. Staff will contact you.")) from None
    # The seeker's own words stay on the request (erased when it is decided), not in the
    # append-only audit trail.
    record(
        actor=user,
        action="account.end_requested",
        obj=request,
        after={"seeker": seeker.registration_number if seeker else None},
    )
    return request


def responses_to_withdraw(seeker: Seeker) -> list[Response]:
    """The seeker's responses to vacancies still open for responses: withdrawn at the end."""
    return list(
        Response.objects.filter(
            seeker=seeker,
            withdrawn_at__isnull=True,
            vacancy__state=VacancyState.PUBLISHED,
            vacancy__closes_on__gte=timezone.localdate(),
        ).select_related("vacancy")
    )


def kept_for_vacancies(seeker: Seeker) -> list[Vacancy]:
    """The running allocations the registration is kept for once its open responses are
    withdrawn (what ``confirm_account_end`` keeps)."""
    withdrawn = {response.vacancy_id for response in responses_to_withdraw(seeker)}
    return [v for v in running_vacancies(seeker) if v.pk not in withdrawn]


def running_vacancies(seeker: Seeker) -> list[Vacancy]:
    """The running allocations the seeker takes part in: an active response, or a place in
    the current ranking, of a vacancy that is not let or withdrawn yet."""
    ids = set(
        Response.objects.filter(seeker=seeker, withdrawn_at__isnull=True).values_list(
            "vacancy_id", flat=True
        )
    )
    for model in (RankingEntry, RankingExclusion):
        ids |= set(
            model.objects.filter(seeker=seeker, ranking__is_current=True).values_list(
                "ranking__vacancy_id", flat=True
            )
        )
    return list(
        Vacancy.objects.filter(state__in=RUNNING_STATES, pk__in=ids).order_by(
            "closes_on", "reference"
        )
    )


@dataclass
class Erasure:
    """What a confirmation did."""

    withdrawn: list[str] = field(default_factory=list)  # vacancies responded to, still open
    kept_for: list[str] = field(default_factory=list)  # running allocations
    registration_erased: bool = False
    track_applications: int = 0  # targeted-track applications whose free text was erased
    stories: list[str] = field(default_factory=list)  # codes of the stories de-identified


def _erase_account(user: Any, *, actor: Any) -> None:
    """The log-in goes: no name, no address, no password, no roles, no DigiD. The row stays
    (inactive, under a neutral name) because the audit trail refers to it as the actor of past
    events."""
    from voorrang.accounts.digid.services import forget_digid

    forget_digid(actor=actor, account=user)
    user.username = f"ended-{user.pk}"
    user.email = ""
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    user.set_unusable_password()  # also ends every session: its hash no longer matches
    user.save()
    user.groups.set(Group.objects.none())


def _erase_contact(seeker: Seeker) -> None:
    seeker.email = seeker.phone = seeker.street = seeker.number = ""
    seeker.postcode = seeker.town = ""
    seeker.members.update(first_name="", last_name="")
    files = list(EvidenceFile.objects.filter(seeker=seeker))
    names = [evidence_files.name_of(f) for f in files]
    EvidenceFile.objects.filter(pk__in=[f.pk for f in files]).delete()
    # The files go when the transaction is stored; a rollback keeps them with their rows.
    transaction.on_commit(lambda: [remove(file_storage(), name) for name in names])


def _erase_registration(seeker: Seeker) -> None:
    """What the rules read of the household: only for running allocations, then it goes.
    The registration number and date stay on a stub row, which the stored rankings of past
    lettings refer to (their inputs are kept in the ranking itself, for replay)."""
    seeker.members.all().delete()
    documents = [name for name in seeker.urgencies.values_list("document", flat=True) if name]
    seeker.urgencies.all().delete()
    # The declarations' documents go when the transaction is stored, through the storage.
    transaction.on_commit(lambda: [default_storage.delete(name) for name in documents])
    seeker.income = 0
    seeker.income_evidence_kind = ""
    seeker.income_evidence_date = None
    seeker.local_tie = False
    # The reasons of objections, and their documents, speak of the household too.
    objections = seeker.objections.all()
    objection_documents = [name for name in objections.values_list("document", flat=True) if name]
    objections.update(reasons="", decision_reasons="", document="")
    transaction.on_commit(lambda: [default_storage.delete(name) for name in objection_documents])
    # Staff's reasons speak of the household's income and members.
    seeker.income_rejection_reason = ""
    seeker.household_rejection_reason = ""


@transaction.atomic
def confirm_account_end(*, actor: Any, end_request: AccountEndRequest) -> Erasure:
    """Staff confirm a request: the account and the contact details are erased at once, open
    responses withdrawn; what running allocations need is kept until they end
    (``erase_finished_registrations``), then erased too."""
    end_request = AccountEndRequest.objects.select_for_update().get(pk=end_request.pk)
    END_REQUEST_MACHINE.move(end_request, EndRequestStatus.CONFIRMED)
    erasure = Erasure()
    user = end_request.user
    seeker = (
        Seeker.objects.select_for_update().get(pk=end_request.seeker_id)
        if end_request.seeker_id
        else None
    )
    # Tell them first, to the address that is about to be erased, in their language.
    address = (seeker.email if seeker and seeker.email else "") or (user.email if user else "")
    language = emails.language_of(seeker) if seeker else None
    if seeker is not None:
        open_offer = Offer.objects.filter(seeker=seeker, state__in=PENDING_OFFER_STATES).first()
        if open_offer is not None:
            raise NotAllowed(
                _(
                    "This home seeker has an open offer for %(vacancy)s. Record their answer "
                    "(a refusal) first, then end the account."
                )
                % {"vacancy": open_offer.vacancy.reference},
                code="open_offer",
            )
    # What the screens said would happen, read before anything changes: stored with the
    # confirmation, so that what was said and what was done can be compared.
    summary = account_end_summary(seeker=seeker)
    if seeker is not None:
        for response in responses_to_withdraw(seeker):
            allocation.withdraw_response(actor=actor, response=response)
            erasure.withdrawn.append(response.vacancy.reference)
        erasure.kept_for = [v.reference for v in running_vacancies(seeker)]
        SEEKER_MACHINE.move(seeker, SeekerStatus.ENDED)
        # The stories first: their de-identification needs the teller's own name, phone
        # number and address, which are erased next.
        erasure.stories = stories.deidentify_for_account_end(actor=actor, seeker=seeker)
        _erase_contact(seeker)
        # The targeted track's follow-up ends and its free text goes at once; its
        # pseudonymised rest stays.
        erasure.track_applications = track.erase_for_account_end(actor=actor, seeker=seeker)
        if not erasure.kept_for:
            _erase_registration(seeker)
            erasure.registration_erased = True
            end_request.registration_erased_at = timezone.now()
        seeker.save()
    if user is not None:
        _erase_account(user, actor=actor)
    end_request.reason = ""
    end_request.decided_at = timezone.now()
    end_request.decided_by = actor
    end_request.save()
    record(
        actor=actor,
        action="account.end_confirmed",
        obj=end_request,
        before={"status": EndRequestStatus.PENDING.value},
        after={
            "status": end_request.status,
            "seeker": seeker.registration_number if seeker else None,
            "withdrawn": erasure.withdrawn,
            "kept_for_running_allocations": erasure.kept_for,
            "registration_erased": erasure.registration_erased,
            "track_applications_erased": erasure.track_applications,
            "stories_deidentified": erasure.stories,
            "summary": fates(summary),
        },
    )
    if address:
        emails.account_end_decided(
            address=address, language=language, confirmed=True, kept_for=erasure.kept_for
        )
    return erasure


@transaction.atomic
def decline_account_end(
    *, actor: Any, end_request: AccountEndRequest, reason: str
) -> AccountEndRequest:
    """Staff decline a request, with a reason that the seeker is sent (for example: the
    request did not come from the account holder). The account stays as it was."""
    reason = reason.strip()
    if not reason:
        raise InvalidChange(_("Give the reason for declining."), field="reason")
    check_length(reason, field="reason")
    end_request = AccountEndRequest.objects.select_for_update().get(pk=end_request.pk)
    END_REQUEST_MACHINE.move(end_request, EndRequestStatus.DECLINED)
    end_request.reason = ""
    end_request.decided_at = timezone.now()
    end_request.decided_by = actor
    end_request.save()
    record(
        actor=actor,
        action="account.end_declined",
        obj=end_request,
        reason=reason,
        before={"status": EndRequestStatus.PENDING.value},
        after={"status": end_request.status},
    )
    seeker = end_request.seeker
    user = end_request.user
    address = (seeker.email if seeker and seeker.email else "") or (user.email if user else "")
    if address:
        emails.account_end_decided(
            address=address,
            language=emails.language_of(seeker) if seeker else None,
            confirmed=False,
            reason=reason,
        )
    return end_request


def erase_finished_registrations(*, actor: Any = None) -> list[str]:
    """For every confirmed end whose running allocations have all ended since: erase what
    was kept for them. Returns the registration numbers erased. Run daily (the command
    ``erase_ended_registrations``); safe to run twice at once (row locks)."""
    erased = []
    waiting = AccountEndRequest.objects.filter(
        status=EndRequestStatus.CONFIRMED,
        registration_erased_at__isnull=True,
        seeker__isnull=False,
    ).values_list("pk", flat=True)
    for pk in list(waiting):
        with transaction.atomic():
            end_request = (
                AccountEndRequest.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, registration_erased_at__isnull=True)
                .first()
            )
            if end_request is None:
                continue
            seeker = Seeker.objects.select_for_update().get(pk=end_request.seeker_id)
            if running_vacancies(seeker):
                continue
            _erase_registration(seeker)
            seeker.save()
            end_request.registration_erased_at = timezone.now()
            end_request.save(update_fields=["registration_erased_at"])
            record(
                actor=actor,
                action="seeker.registration_erased",
                obj=seeker,
                summary=_("The lettings this registration was kept for are finished."),
            )
            erased.append(seeker.registration_number)
    return erased
