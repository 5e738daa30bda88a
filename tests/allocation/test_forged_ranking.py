"""A ranking forged consistently (input, digest and entries changed together) still replays to
its own digest; the append-only audit trail, which recorded the ranking as it was made, shows
the forgery."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from tests.allocation.flow import published, ranked
from tests.factories import SeekerFactory, StaffFactory
from voorrang.allocation.models import Ranking, RankingEntry
from voorrang.audit.models import AuditEvent
from voorrang.rules import rank_document
from voorrang.seekers.models import Seeker

pytestmark = pytest.mark.django_db


def forge(ranking: Ranking) -> None:
    """Drop the first candidate from the stored input, and rewrite digest and entries to
    match, through the ORM: everything a replay of the ranking alone can check agrees."""
    document = dict(ranking.scenario)
    document["candidates"] = sorted(document["candidates"], key=lambda c: c["id"])[1:]
    result = rank_document(document)
    ranking.scenario = document
    ranking.input_digest = result.input_digest
    ranking.save()
    ranking.exclusions.all().delete()
    ranking.entries.all().delete()
    seekers = dict(Seeker.objects.values_list("registration_number", "pk"))
    RankingEntry.objects.bulk_create(
        RankingEntry(
            ranking=ranking,
            position=e.position,
            seeker_id=seekers[e.candidate],
            tier=e.tier,
            registered_on=e.registered_on,
            lottery="" if e.lottery is None else str(e.lottery),
        )
        for e in result.ranking
    )


def replay_all() -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("replay_ranking", "--all", stdout=out, stderr=err)
    except SystemExit as exit_info:
        return int(exit_info.code), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_a_consistently_forged_ranking_is_named_by_the_replay() -> None:
    staff = StaffFactory()
    honest = ranked(staff, published(staff), [SeekerFactory() for _ in range(3)])
    vacancy = ranked(staff, published(staff), [SeekerFactory() for _ in range(4)])
    ranking = vacancy.rankings.get()
    assert replay_all()[0] == 0

    forge(ranking)
    code, _, err = replay_all()
    assert code == 1
    assert f"{ranking.pk} ({vacancy.reference}" in err
    assert "digest" in err and "audit" in err
    assert "entries" in err  # 3 stored where the trail recorded 4
    assert honest.reference not in err


def test_a_ranking_without_its_audit_event_does_not_replay() -> None:
    staff = StaffFactory()
    vacancy = ranked(staff, published(staff), [SeekerFactory() for _ in range(2)])
    ranking = vacancy.rankings.get()
    # A second ranking made up in the database, never recorded: its copy of the first.
    ranking.is_current = False
    ranking.save()
    made_up = Ranking.objects.create(
        vacancy=vacancy,
        sequence=2,
        policy_id=ranking.policy_id,
        seed=ranking.seed,
        input_digest=ranking.input_digest,
        scenario=ranking.scenario,
    )
    RankingEntry.objects.bulk_create(
        RankingEntry(
            ranking=made_up,
            position=e.position,
            seeker=e.seeker,
            tier=e.tier,
            registered_on=e.registered_on,
            lottery=e.lottery,
        )
        for e in ranking.entries.all()
    )
    code, _, err = replay_all()
    assert code == 1
    assert f"{made_up.pk} ({vacancy.reference}" in err and "no audit event" in err
    assert f"{ranking.pk} (" not in err


def test_the_ranked_event_records_what_the_replay_compares() -> None:
    staff = StaffFactory()
    vacancy = ranked(staff, published(staff), [SeekerFactory() for _ in range(2)])
    ranking = vacancy.rankings.get()
    event = AuditEvent.objects.get(action="vacancy.ranked", object_id=str(vacancy.pk))
    assert event.after["input_digest"] == ranking.input_digest
    assert event.after["seed"] == ranking.seed
    assert event.after["policy"] == ranking.policy_id
    assert event.after["ranked"] == ranking.entries.count()
