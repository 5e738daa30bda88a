"""Every write of the surveys: each runs in one transaction, checks the wave's state machine,
and records an audit event."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from voorrang.audit.services import record
from voorrang.date_bounds import check_event_date
from voorrang.errors import InvalidChange, NotAllowed
from voorrang.housing.models import Building
from voorrang.surveys.instruments import InstrumentError, instrument, library
from voorrang.surveys.models import (
    Answer,
    Channel,
    Cohort,
    Invitation,
    Respondent,
    Submission,
    Wave,
)
from voorrang.surveys.states import WAVE_MACHINE, WaveState
from voorrang.surveys.tokens import new_pseudonym, new_token, token_hash
from voorrang.surveys.wave_months import months_after
from voorrang.text_limits import check_length

DEFAULT_INSTRUMENTS = ("social-cohesion", "loneliness")
# Answers as the forms give them: {instrument code: {item code: option code or None}}.
Answers = Mapping[str, Mapping[str, str | None]]


@transaction.atomic
def create_wave(
    *,
    actor: Any,
    building: Building,
    opens_on: date,
    closes_on: date,
    name: str = "",
    instruments: list[str] | tuple[str, ...] = DEFAULT_INSTRUMENTS,
) -> Wave:
    """A planned wave of one building, with its own name and field period. The building's
    first wave is its baseline; a later one is placed by the calendar months from the
    baseline's opening to its own. Without a name it is called by that place ("after 12
    months")."""
    name = " ".join(name.split())
    check_length(name, field="name", limit=Wave._meta.get_field("name").max_length)
    check_event_date(opens_on, field="opens_on")
    check_event_date(closes_on, field="closes_on")
    if closes_on < opens_on:
        raise InvalidChange(
            _("The closing date cannot be before the opening date."), field="closes_on"
        )
    if not instruments:
        raise InvalidChange(_("Choose at least one questionnaire."), field="instruments")
    for code in instruments:
        if code not in library():
            raise InvalidChange(
                _("%(code)s is not a questionnaire of the library.") % {"code": code},
                field="instruments",
            )
    # The building's row is locked so that two researchers adding waves at once place them
    # against the same baseline.
    Building.objects.select_for_update().filter(pk=building.pk).first()
    existing = list(Wave.objects.filter(building=building).order_by("offset_months"))
    offset_months = 0
    if existing:
        baseline = existing[0]
        if opens_on <= baseline.opens_on:
            raise InvalidChange(
                _(
                    "The first wave of a building is its baseline, which opens on %(day)s; "
                    "a new wave opens after it."
                )
                % {"day": date_format(baseline.opens_on, "j F Y")},
                field="opens_on",
            )
        offset_months = months_after(baseline.opens_on, opens_on)
        same = next((w for w in existing if w.offset_months == offset_months), None)
        if offset_months == 0 or same is not None:
            raise InvalidChange(
                _(
                    "This building has a wave %(months)s months after its baseline already "
                    "(%(wave)s). Choose an opening date in another month."
                )
                % {"months": offset_months, "wave": (same or baseline).label},
                field="opens_on",
            )
    if name and any(w.name.casefold() == name.casefold() for w in existing):
        raise InvalidChange(_("This building has a wave with this name already."), field="name")
    wave = Wave.objects.create(
        building=building,
        name=name,
        offset_months=offset_months,
        opens_on=opens_on,
        closes_on=closes_on,
        instruments=list(dict.fromkeys(instruments)),
    )
    record(
        actor=actor,
        action="survey_wave.created",
        obj=wave,
        summary=str(wave),
        after={
            "building": building.name,
            "name": name,
            "offset_months": offset_months,
            "opens_on": opens_on.isoformat(),
            "closes_on": closes_on.isoformat(),
            "instruments": wave.instruments,
        },
    )
    return wave


@transaction.atomic
def open_wave(*, actor: Any, wave: Wave) -> Wave:
    wave = Wave.objects.select_for_update().get(pk=wave.pk)
    old = WAVE_MACHINE.move(wave, WaveState.OPEN)
    wave.save(update_fields=["state"])
    record(
        actor=actor,
        action="survey_wave.opened",
        obj=wave,
        summary=str(wave),
        before={"state": old},
        after={"state": wave.state},
    )
    return wave


@transaction.atomic
def close_wave(*, actor: Any, wave: Wave) -> Wave:
    """No answers are taken after this; unused invitation links stop working."""
    wave = Wave.objects.select_for_update().get(pk=wave.pk)
    old = WAVE_MACHINE.move(wave, WaveState.CLOSED)
    wave.save(update_fields=["state"])
    revoked = wave.invitations.filter(used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    record(
        actor=actor,
        action="survey_wave.closed",
        obj=wave,
        summary=str(wave),
        before={"state": old},
        after={"state": wave.state, "invitations_revoked": revoked},
    )
    return wave


MAX_RESPONDENTS_AT_ONCE = 500


@transaction.atomic
def add_respondents(*, actor: Any, building: Building, cohort: str, count: int) -> list[Respondent]:
    """``count`` respondents of one cohort at once, each with a new random pseudonym."""
    if not 1 <= count <= MAX_RESPONDENTS_AT_ONCE:
        raise InvalidChange(
            _("Add between 1 and %(max)s respondents at once.") % {"max": MAX_RESPONDENTS_AT_ONCE},
            field="count",
        )
    return [add_respondent(actor=actor, building=building, cohort=cohort) for _ in range(count)]


@transaction.atomic
def add_respondent(
    *, actor: Any, building: Building, cohort: str, pseudonym: str | None = None
) -> Respondent:
    """A respondent known by a pseudonym only; a new random one unless given."""
    if cohort not in Cohort.values:
        raise InvalidChange(_("Choose a cohort from the list."), field="cohort")
    given = check_length((pseudonym or "").strip().upper(), field="pseudonym")
    if given and Respondent.objects.filter(pseudonym=given).exists():
        raise InvalidChange(_("This pseudonym is in use already."), field="pseudonym")
    for _attempt in range(5):
        candidate = given or new_pseudonym()
        try:
            with transaction.atomic():
                respondent = Respondent.objects.create(
                    pseudonym=candidate, building=building, cohort=cohort
                )
            break
        except IntegrityError:
            if given:
                raise InvalidChange(
                    _("This pseudonym is in use already."), field="pseudonym"
                ) from None
    else:  # pragma: no cover - 40 random bits colliding five times
        raise NotAllowed(_("No free pseudonym was found; try again."), field="pseudonym")
    record(
        actor=actor,
        action="survey_respondent.added",
        obj=respondent,
        summary=respondent.pseudonym,
        after={"building": building.name, "cohort": cohort},
    )
    return respondent


def _end_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _check_respondent(wave: Wave, respondent: Respondent) -> None:
    if respondent.building_id != wave.building_id:
        raise InvalidChange(
            _("This respondent lives in another building than this wave's."), field="respondent"
        )
    if Submission.objects.filter(wave=wave, respondent=respondent).exists():
        raise NotAllowed(
            _("This respondent has answered in this wave already."), field="respondent"
        )


@transaction.atomic
def issue_invitation(*, actor: Any, wave: Wave, respondent: Respondent) -> tuple[Invitation, str]:
    """A single-use link for one respondent in one wave, valid until the end of the wave's
    closing day. Returns the invitation and its token: the token is not stored and cannot be
    shown again. An earlier unused link of the same respondent and wave stops working."""
    wave = Wave.objects.select_for_update().get(pk=wave.pk)
    if wave.state == WaveState.CLOSED:
        raise NotAllowed(_("This wave is closed."), code="wave_state")
    _check_respondent(wave, respondent)
    now = timezone.now()
    expires_at = _end_of_day(wave.closes_on)
    if expires_at <= now:
        raise NotAllowed(_("The closing date of this wave has passed."), field="wave")
    revoked = Invitation.objects.filter(
        wave=wave, respondent=respondent, used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    token = new_token()
    invitation = Invitation.objects.create(
        wave=wave,
        respondent=respondent,
        token_hash=token_hash(token),
        expires_at=expires_at,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record(
        actor=actor,
        action="survey_invitation.issued",
        obj=invitation,
        summary=f"{respondent.pseudonym} – {wave}",
        after={"expires_at": expires_at.isoformat(), "earlier_links_revoked": revoked},
    )
    return invitation, token


@transaction.atomic
def issue_invitations(*, actor: Any, wave: Wave) -> list[tuple[Invitation, str]]:
    """A link for every respondent of the wave's building who has not answered and has no
    working link yet (for a mail merge). The tokens are returned once and not stored."""
    answered = Submission.objects.filter(wave=wave).values("respondent_id")
    linked = Invitation.objects.filter(
        wave=wave, used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).values("respondent_id")
    respondents = (
        Respondent.objects.filter(building_id=wave.building_id)
        .exclude(pk__in=answered)
        .exclude(pk__in=linked)
        .order_by("pseudonym")
    )
    return [
        issue_invitation(actor=actor, wave=wave, respondent=respondent)
        for respondent in respondents
    ]


def _answer_rows(wave: Wave, answers: Answers) -> list[Answer]:
    """One row per item of every instrument of the wave; unknown items or options refused."""
    unknown = set(answers) - set(wave.instruments)
    if unknown:
        raise InvalidChange(
            _("%(code)s is not a questionnaire of this wave.") % {"code": sorted(unknown)[0]},
            field="answers",
        )
    rows = []
    for code in wave.instruments:
        try:
            questionnaire = instrument(code)
        except InstrumentError:
            raise InvalidChange(
                _("%(code)s is not a questionnaire of the library.") % {"code": code},
                field="answers",
            ) from None
        given = answers.get(code, {})
        extra = set(given) - {item.code for item in questionnaire.items}
        if extra:
            raise InvalidChange(
                _("%(item)s is not a question of %(code)s.")
                % {"item": sorted(extra)[0], "code": code},
                field="answers",
            )
        for item in questionnaire.items:
            option = given.get(item.code) or ""
            if option and option not in questionnaire.option_codes:
                raise InvalidChange(
                    _("Choose one of the answers given."), field=f"{code}-{item.code}"
                )
            rows.append(
                Answer(
                    instrument=code,
                    instrument_version=questionnaire.version,
                    item=item.code,
                    option=option,
                )
            )
    return rows


def _store(
    *,
    wave: Wave,
    respondent: Respondent,
    channel: str,
    completed_on: date,
    entered_by: Any,
    answers: Answers,
) -> Submission:
    rows = _answer_rows(wave, answers)
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                wave=wave,
                respondent=respondent,
                channel=channel,
                completed_on=completed_on,
                entered_by=entered_by if getattr(entered_by, "is_authenticated", False) else None,
            )
    except IntegrityError:
        raise NotAllowed(
            _("This respondent has answered in this wave already."), field="respondent"
        ) from None
    for row in rows:
        row.submission = submission
    Answer.objects.bulk_create(rows)
    return submission


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation of a link's token, or None when there is none."""
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.select_related("wave__building", "respondent")
        .filter(token_hash=token_hash(token))
        .first()
    )


def invitation_problem(invitation: Invitation | None) -> str | None:
    """Why this link cannot be used now (a code), or None when it can."""
    if invitation is None:
        return "unknown"
    if invitation.used_at is not None:
        return "used"
    if invitation.revoked_at is not None:
        return "revoked"
    if invitation.expires_at <= timezone.now():
        return "expired"
    if invitation.wave.state != WaveState.OPEN:
        return "closed" if invitation.wave.state == WaveState.CLOSED else "not_open"
    return None


@transaction.atomic
def submit_online(*, token: str, answers: Answers) -> Submission:
    """The respondent's own answers through their link; the link is used up by it."""
    found = invitation_for_token(token)
    if found is None:
        raise NotAllowed(_("This link is not valid."), code="unknown")
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("wave__building", "respondent")
        .get(pk=found.pk)
    )
    problem = invitation_problem(invitation)
    if problem is not None:
        raise NotAllowed(_("This link cannot be used now."), code=problem)
    submission = _store(
        wave=invitation.wave,
        respondent=invitation.respondent,
        channel=Channel.ONLINE,
        completed_on=timezone.localdate(),
        entered_by=None,
        answers=answers,
    )
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    record(
        actor=None,
        action="survey_submission.online",
        obj=submission,
        summary=f"{invitation.respondent.pseudonym} – {invitation.wave}",
        after={"invitation": invitation.pk},
    )
    return submission


@transaction.atomic
def enter_paper_form(
    *,
    actor: Any,
    wave: Wave,
    respondent: Respondent,
    completed_on: date,
    answers: Answers,
) -> Submission:
    """A paper questionnaire typed in by staff. The respondent's unused link stops working,
    so that nobody answers twice."""
    wave = Wave.objects.select_for_update().get(pk=wave.pk)
    if wave.state != WaveState.OPEN:
        raise NotAllowed(
            _("Answers can only be entered while the wave is open."), code="wave_state"
        )
    if completed_on < wave.opens_on or completed_on > timezone.localdate():
        raise InvalidChange(
            _("The date must be between the opening of the wave and today."),
            field="completed_on",
        )
    _check_respondent(wave, respondent)
    submission = _store(
        wave=wave,
        respondent=respondent,
        channel=Channel.PAPER,
        completed_on=completed_on,
        entered_by=actor,
        answers=answers,
    )
    revoked = Invitation.objects.filter(
        wave=wave, respondent=respondent, used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    record(
        actor=actor,
        action="survey_submission.paper",
        obj=submission,
        summary=f"{respondent.pseudonym} – {wave}",
        after={"completed_on": completed_on.isoformat(), "invitations_revoked": revoked},
    )
    return submission
