"""Reads of objections: who may lodge one and until when, what staff have to decide, and the
counts the published results show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from voorrang.allocation.models import Offer, Ranking, Vacancy
from voorrang.objections.models import Ground, Objection, ObjectionState
from voorrang.seekers.models import Seeker


def current_ranking(vacancy: Vacancy) -> Ranking | None:
    return vacancy.rankings.filter(is_current=True).first()


def decision_date(vacancy: Vacancy) -> date | None:
    """The day of the allocation decision the term counts from: the day of the current
    ranking (its positions and exclusions are the decision); None before the ranking."""
    ranking = current_ranking(vacancy)
    return timezone.localdate(ranking.created_at) if ranking else None


def term_ends(vacancy: Vacancy) -> date | None:
    """The last day an objection against the vacancy's decision can be lodged."""
    decided = decision_date(vacancy)
    if decided is None:
        return None
    return decided + timedelta(weeks=settings.VOORRANG_OBJECTION_WEEKS)


def ground_of(seeker: Seeker, vacancy: Vacancy) -> str | None:
    """Why ``seeker`` may object: excluded from the current ranking, or passed over (in the
    ranking, while the home was offered to someone else and never to them). None when they
    were not a candidate, or nobody was passed over yet."""
    ranking = current_ranking(vacancy)
    if ranking is None:
        return None
    if ranking.exclusions.filter(seeker=seeker).exists():
        return Ground.EXCLUDED
    if not ranking.entries.filter(seeker=seeker).exists():
        return None
    offers = vacancy.offers.all()
    if offers.filter(seeker=seeker).exists() or not offers.exists():
        return None
    return Ground.PASSED_OVER


def may_object(seeker: Seeker, vacancy: Vacancy, today: date | None = None) -> bool:
    """Whether the portal offers ``seeker`` to lodge an objection on ``vacancy`` now."""
    today = today or timezone.localdate()
    ends = term_ends(vacancy)
    if ends is None or today > ends or ground_of(seeker, vacancy) is None:
        return False
    return (
        not vacancy.objections.filter(seeker=seeker)
        .exclude(state=ObjectionState.WITHDRAWN)
        .exists()
    )


def objection_of(seeker: Seeker, vacancy: Vacancy) -> Objection | None:
    """The seeker's objection on the vacancy that counts (not a withdrawn one), else the
    latest withdrawn one."""
    found = vacancy.objections.filter(seeker=seeker)
    return found.exclude(state=ObjectionState.WITHDRAWN).first() or found.first()


def pending_on(vacancy: Vacancy) -> QuerySet[Objection]:
    return Objection.objects.filter(vacancy=vacancy, state=ObjectionState.LODGED)


def objections_for_staff() -> QuerySet[Objection]:
    return Objection.objects.select_related(
        "vacancy__unit__building", "seeker", "registered_by", "decided_by"
    )


def objections_to_decide(*, viewer: Any) -> list[Objection]:
    """Pending objections the viewer may decide: not those they registered themselves."""
    return list(
        objections_for_staff()
        .filter(state=ObjectionState.LODGED)
        .exclude(registered_by=viewer)
        .order_by("lodged_at")
    )


@dataclass(frozen=True)
class ObjectionFigures:
    lodged: int
    pending: int
    upheld: int
    rejected: int
    withdrawn: int


def objection_figures() -> ObjectionFigures:
    """How many objections were lodged, and how they ended: for the published results."""
    counts = dict(
        Objection.objects.values_list("state").annotate(n=Count("pk")).values_list("state", "n")
    )
    return ObjectionFigures(
        lodged=sum(counts.values()),
        pending=counts.get(ObjectionState.LODGED, 0),
        upheld=counts.get(ObjectionState.UPHELD, 0),
        rejected=counts.get(ObjectionState.REJECTED, 0),
        withdrawn=counts.get(ObjectionState.WITHDRAWN, 0),
    )


def objections_due(context: Any) -> Any:
    """The work queue's section of objections the viewer may decide. The objections app adds it
    to the day's list (``DUE_TODAY``) when it is ready: allocation cannot import objections."""
    from voorrang.allocation.selectors.queue import DueSection

    return DueSection(
        "objections",
        _("Objections to decide"),
        _("No objections are waiting for you."),
        objections_to_decide(viewer=context.viewer),
    )


@dataclass(frozen=True)
class ObjectionOnResponse:
    """What the seeker's list of responses shows of objections on one vacancy."""

    objection: Objection | None
    may_object: bool
    term_ends: date | None


def objections_on_responses(
    seeker: Seeker, rows: list[Any], today: date | None = None
) -> dict[int, ObjectionOnResponse]:
    """``may_object``, ``term_ends`` and ``objection_of`` for a page of the seeker's responses
    (``portal.selectors.ResponseRow``: their position or exclusion is already read), by vacancy,
    in two queries however many rows: the same answers as the functions one vacancy at a time."""
    today = today or timezone.localdate()
    ids = [row.response.vacancy_id for row in rows if row.position or row.exclusion is not None]
    if not ids:
        return {}
    rankings = {
        vacancy_id: (created_at, offered_me, offered)
        for vacancy_id, created_at, offered_me, offered in Ranking.objects.filter(
            vacancy_id__in=ids, is_current=True
        )
        .annotate(
            offered_me=Exists(
                Offer.objects.filter(vacancy_id=OuterRef("vacancy_id"), seeker=seeker)
            ),
            offered=Exists(Offer.objects.filter(vacancy_id=OuterRef("vacancy_id"))),
        )
        .values_list("vacancy_id", "created_at", "offered_me", "offered")
    }
    found: dict[int, list[Objection]] = {}
    for objection in Objection.objects.filter(vacancy_id__in=ids, seeker=seeker).order_by("pk"):
        found.setdefault(objection.vacancy_id, []).append(objection)
    answers = {}
    for row in rows:
        vacancy_id = row.response.vacancy_id
        if vacancy_id not in rankings:
            continue
        created_at, offered_me, offered = rankings[vacancy_id]
        ends = timezone.localdate(created_at) + timedelta(weeks=settings.VOORRANG_OBJECTION_WEEKS)
        if row.exclusion is not None:
            ground = Ground.EXCLUDED
        elif row.position and offered and not offered_me:
            ground = Ground.PASSED_OVER
        else:
            ground = None
        objections = found.get(vacancy_id, [])
        counting = [o for o in objections if o.state != ObjectionState.WITHDRAWN]
        answers[vacancy_id] = ObjectionOnResponse(
            objection=(counting or objections or [None])[0],
            may_object=ground is not None and today <= ends and not counting,
            term_ends=ends,
        )
    return answers
