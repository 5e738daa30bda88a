"""Closing a vacancy and ranking its responses with the rules engine."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from voorrang.allocation.models import Ranking, RankingEntry, RankingExclusion, Vacancy
from voorrang.allocation.scenario import scenario_document
from voorrang.allocation.services._locks import locked_vacancy
from voorrang.allocation.states import (
    PENDING_OFFER_STATES,
    VACANCY_MACHINE,
    VacancyState,
)
from voorrang.audit.services import record
from voorrang.errors import InvalidChange, NotAllowed
from voorrang.notifications import emails
from voorrang.rules import InvalidInput, load_policy, rank_document
from voorrang.seekers.models import Seeker
from voorrang.text_limits import check_length


@transaction.atomic
def close_vacancy(*, actor: Any, vacancy: Vacancy, today: date | None = None) -> Vacancy:
    vacancy = locked_vacancy(vacancy)
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
    vacancy = locked_vacancy(vacancy)
    current = vacancy.rankings.filter(is_current=True).first()
    if current is not None:
        if not reason.strip():
            raise InvalidChange(
                _("This vacancy was ranked already. Record why it must be ranked again."),
                field="reason",
            )
        if vacancy.offers.filter(state__in=PENDING_OFFER_STATES).exists():
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
    emails.position_known(ranking)
    return ranking
