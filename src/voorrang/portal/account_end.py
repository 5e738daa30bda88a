"""What happens to an account's data when it ends: one summary, read before the end is
confirmed (the staff's screen, the seeker's own page) and stored with the confirmation, so
that what the screen said is what was done. The rules are those of ``services``
(``confirm_account_end``), of the targeted track's retention and of the stories' consent;
docs/privacy.md gives the reasons at length."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from voorrang.allocation.models import Allocation
from voorrang.allocation.states import AllocationState
from voorrang.commitments.models import Application, CommitmentAgreement
from voorrang.commitments.states import OPEN_APPLICATION_STATES, FollowUpStatus
from voorrang.objections.models import Objection
from voorrang.seekers.models import EvidenceFile, Seeker
from voorrang.stories.consent import ConsentTier
from voorrang.stories.models import Story


class Fate(enum.StrEnum):
    ERASED = "erased"
    KEPT = "kept"
    PARTLY = "partly"  # erased in part, the rest kept
    ENDED = "ended"  # a process ended, its records kept without the free text
    DEIDENTIFIED = "deidentified"
    NOT_LINKED = "not_linked"  # not linked to the account in Voorrang
    NONE = "none"  # nothing of this kind


@dataclass(frozen=True)
class DataFate:
    """One category of data: what happens to it, why, and until when."""

    key: str
    title: str
    fate: Fate
    why: str
    until: str
    details: list[str] = field(default_factory=list)

    @property
    def fate_label(self) -> str:
        return {
            Fate.ERASED: _("erased now"),
            Fate.KEPT: _("kept"),
            Fate.PARTLY: _("partly erased, partly kept"),
            Fate.ENDED: _("ended, kept without notes"),
            Fate.DEIDENTIFIED: _("kept without names or numbers"),
            Fate.NOT_LINKED: _("not linked to the account"),
            Fate.NONE: _("none"),
        }[self.fate]


def _day(value: Any) -> str:
    return formats.date_format(value, "j F Y")


def _account(seeker: Seeker | None, withdrawn: list[str] | None = None) -> DataFate:
    details = [_("log-in: email address, password, DigiD link")]
    if withdrawn:
        details.append(
            _("responses to homes still open are withdrawn: %(references)s")
            % {"references": ", ".join(withdrawn)}
        )
    if seeker is not None:
        details.append(_("contact details: email address, phone number, address"))
        details.append(_("the names in the household"))
        documents = EvidenceFile.objects.filter(seeker=seeker).count()
        if documents:
            details.append(
                ngettext(
                    "%(count)d uploaded document",
                    "%(count)d uploaded documents",
                    documents,
                )
                % {"count": documents}
            )
    return DataFate(
        key="account",
        title=_("Account and contact details"),
        fate=Fate.ERASED,
        why=_("Not needed once the account has ended."),
        until=_("Erased when the end is confirmed."),
        details=details,
    )


def _registration(seeker: Seeker, running: list[Any]) -> DataFate:
    stub = _(
        "A stub with the registration number, the registration date and the status ended "
        "stays, because the stored order of past lettings refers to it."
    )
    if running:
        return DataFate(
            key="registration",
            title=_("Registration and household"),
            fate=Fate.KEPT,
            why=_(
                "Lettings still running can be objected to or offered from: the corporation "
                "must then be able to show the order and the facts it used (Housing Act 2014; "
                "GDPR art. 6(1)(c) and art. 17(3)(b) and (e))."
            ),
            until=_("Until these lettings have ended (checked every day), then erased. %(stub)s")
            % {"stub": stub},
            details=[
                _("registration number and date, income, local tie, urgency, birth dates"),
                *(
                    _("kept for letting %(reference)s (%(state)s)")
                    % {"reference": v.reference, "state": v.get_state_display()}
                    for v in running
                ),
            ],
        )
    return DataFate(
        key="registration",
        title=_("Registration and household"),
        fate=Fate.ERASED,
        why=_("No letting still running needs it."),
        until=_("Erased when the end is confirmed. %(stub)s") % {"stub": stub},
        details=[_("income, local tie, urgency, household and its birth dates")],
    )


def _lettings(seeker: Seeker) -> DataFate:
    allocations = list(
        Allocation.objects.filter(seeker=seeker)
        .exclude(state=AllocationState.CHECK_FAILED)
        .select_related("vacancy", "unit")
        .order_by("accepted_on", "pk")
    )
    if not allocations:
        return DataFate(
            key="lettings",
            title=_("A home let or being let"),
            fate=Fate.NONE,
            why=_("No home was let to this household through Voorrang."),
            until="",
        )
    details = []
    for allocation in allocations:
        if allocation.let_on is not None:
            details.append(
                _("%(reference)s: let on %(day)s (%(state)s)")
                % {
                    "reference": allocation.vacancy.reference,
                    "day": _day(allocation.let_on),
                    "state": allocation.get_state_display(),
                }
            )
        else:
            details.append(
                _("%(reference)s: accepted on %(day)s (%(state)s)")
                % {
                    "reference": allocation.vacancy.reference,
                    "day": _day(allocation.accepted_on),
                    "state": allocation.get_state_display(),
                }
            )
    return DataFate(
        key="lettings",
        title=_("A home let or being let"),
        fate=Fate.KEPT,
        why=_(
            "The allocation, the contract (start, rent, signing, keys), the order it was let "
            "in and the published result are the corporation's letting records: they show "
            "the home went to the right person (GDPR art. 6(1)(b) and (c)). The tenancy itself "
            "goes on in the corporation's tenant records, outside Voorrang: ending this "
            "account does not end the tenancy."
        ),
        until=_(
            "For the corporation's own retention period for letting records. Voorrang does "
            "not erase them."
        ),
        details=details,
    )


def _objections(seeker: Seeker, running: list[Any]) -> DataFate:
    objections = list(Objection.objects.filter(seeker=seeker).select_related("vacancy"))
    if not objections:
        return DataFate(
            key="objections",
            title=_("Objections"),
            fate=Fate.NONE,
            why=_("No objection was lodged."),
            until="",
        )
    return DataFate(
        key="objections",
        title=_("Objections"),
        fate=Fate.PARTLY,
        why=_(
            "The reasons, the reasons of the decision and the document speak of the "
            "household: they go with the registration. The letting, the ground, the dates "
            "and the outcome stay for the published figures on objections."
        ),
        until=(
            _("The reasons are erased when the lettings still running have ended.")
            if running
            else _("The reasons are erased when the end is confirmed.")
        ),
        details=[
            _("objection to %(reference)s (%(state)s)")
            % {"reference": o.vacancy.reference, "state": o.get_state_display()}
            for o in objections
        ],
    )


def _track(seeker: Seeker) -> DataFate:
    applications = list(
        Application.objects.filter(seeker=seeker).select_related("building").order_by("pk")
    )
    if not applications:
        return DataFate(
            key="track",
            title=_("Targeted track"),
            fate=Fate.NONE,
            why=_("No application to the targeted track."),
            until="",
        )
    agreements = {
        a.application_id: a
        for a in CommitmentAgreement.objects.filter(application__in=applications)
    }
    details = []
    any_running = False
    for application in applications:
        agreement = agreements.get(application.pk)
        building = application.building.name
        if agreement is not None and agreement.status != FollowUpStatus.ENDED:
            any_running = True
            planned = agreement.check_ins.filter(answered_at__isnull=True).count()
            details.append(
                ngettext(
                    "%(building)s: the follow-up (%(status)s) ends, reason: account ended; "
                    "%(count)d planned check-in is cancelled; the coordinator is told",
                    "%(building)s: the follow-up (%(status)s) ends, reason: account ended; "
                    "%(count)d planned check-ins are cancelled; the coordinator is told",
                    planned,
                )
                % {
                    "building": building,
                    "status": agreement.get_status_display(),
                    "count": planned,
                }
            )
        elif agreement is None and application.status in OPEN_APPLICATION_STATES:
            any_running = True
            details.append(
                _("%(building)s: the application (%(status)s) is withdrawn")
                % {"building": building, "status": application.get_status_display()}
            )
        else:
            details.append(
                _("%(building)s: the application (%(status)s) ended already")
                % {"building": building, "status": application.get_status_display()}
            )
    return DataFate(
        key="track",
        title=_("Targeted track"),
        fate=Fate.ENDED if any_running else Fate.DEIDENTIFIED,
        why=_(
            "The motivation, intake notes, reasons, activity descriptions and check-in notes "
            "are erased now; the person is replaced by a pseudonym. Dates, statuses, hours, "
            "scores and check-in answers stay under that pseudonym for the evaluation of the "
            "targeted track (GDPR art. 6(1)(e) and art. 89). The welfare organisation keeps "
            "its own case file outside Voorrang under its own rules."
        ),
        until=_(
            "Free text: erased now. The pseudonymised records: for the evaluation; Voorrang "
            "sets no end date for them."
        ),
        details=details,
    )


def _stories(seeker: Seeker) -> DataFate:
    # A withdrawn story was erased at the withdrawal, its link to the registration with it.
    stories = list(
        Story.objects.filter(seeker=seeker)
        .exclude(consent=ConsentTier.WITHDRAWN)
        .order_by("told_on", "code")
    )
    if not stories:
        return DataFate(
            key="stories",
            title=_("Stories"),
            fate=Fate.NONE,
            why=_("No story was recorded with this registration, or its consent was withdrawn."),
            until="",
        )
    details = [
        _(
            "story %(code)s (consent: %(tier)s): kept without names, phone numbers, "
            "email addresses, registration numbers or addresses"
        )
        % {"code": story.code, "tier": story.get_consent_display()}
        for story in stories
    ]
    return DataFate(
        key="stories",
        title=_("Stories"),
        fate=Fate.DEIDENTIFIED,
        why=_(
            "Stories are kept with the teller's consent (GDPR art. 6(1)(a)), only as far as "
            "that consent goes. At the end of the account the link to the registration and "
            "the teller's name and contact are erased, and the texts are stripped of names "
            "and numbers: a story given for publication can only be published in that form."
        ),
        until=_(
            "As long as the consent given allows, for the evaluation. Nobody can link the "
            "story to this person any more."
        ),
        details=details,
    )


def _surveys() -> DataFate:
    return DataFate(
        key="surveys",
        title=_("Survey answers"),
        fate=Fate.NOT_LINKED,
        why=_(
            "Voorrang knows survey respondents only by a pseudonym; it holds nothing that "
            "links a pseudonym to an account. The organisation that recruits the residents "
            "keeps who is behind each pseudonym, outside Voorrang."
        ),
        until=_(
            "For the evaluation. To have the link erased, ask the organisation that invited "
            "you to the survey."
        ),
    )


def _audit_trail() -> DataFate:
    return DataFate(
        key="audit",
        title=_("History of changes (audit trail)"),
        fate=Fate.KEPT,
        why=_(
            "It shows who changed what and when, so every decision can be checked (GDPR art. "
            "5(2)). It holds the registration number and what changed, never names or contact "
            "details."
        ),
        until=_(
            "For the corporation's own retention period for letting records. It cannot be changed."
        ),
    )


def account_end_summary(*, seeker: Seeker | None) -> list[DataFate]:
    """What ending the account of ``seeker`` (None: an account without a registration) does
    to each category of its data, as ``services.confirm_account_end`` will do it."""
    from voorrang.portal.services import kept_for_vacancies, responses_to_withdraw

    if seeker is None:
        return [_account(None), _audit_trail()]
    running = kept_for_vacancies(seeker)
    withdrawn = [r.vacancy.reference for r in responses_to_withdraw(seeker)]
    return [
        _account(seeker, withdrawn),
        _registration(seeker, running),
        _lettings(seeker),
        _objections(seeker, running),
        _track(seeker),
        _stories(seeker),
        _surveys(),
        _audit_trail(),
    ]


def fates(summary: list[DataFate]) -> dict[str, str]:
    """The summary as stored with the confirmation: category -> fate."""
    return {entry.key: entry.fate.value for entry in summary}
