"""Ranking once, ranking again with a reason, late paper responses, replay."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.allocation.flow import published, ranked
from tests.factories import SeekerFactory, StaffFactory
from voorrang.allocation import services
from voorrang.allocation.models import Channel, Ranking
from voorrang.errors import InvalidChange, NotAllowed

pytestmark = pytest.mark.django_db


def test_ranking_again_needs_a_reason_and_both_rankings_stay() -> None:
    staff = StaffFactory()
    vacancy = ranked(staff, published(staff), [SeekerFactory(), SeekerFactory()])
    with pytest.raises(InvalidChange) as caught:
        services.rank_vacancy(actor=staff, vacancy=vacancy)
    assert caught.value.field == "reason"
    second = services.rank_vacancy(actor=staff, vacancy=vacancy, reason="income corrected")
    rankings = list(Ranking.objects.filter(vacancy=vacancy).order_by("sequence"))
    assert [(r.sequence, r.is_current) for r in rankings] == [(1, False), (2, True)]
    assert second.reason == "income corrected"
    # Same input, same seed: the same digest.
    assert rankings[0].input_digest == rankings[1].input_digest


def test_ranking_again_is_refused_while_an_offer_is_open() -> None:
    staff = StaffFactory()
    vacancy = ranked(staff, published(staff), [SeekerFactory(), SeekerFactory()])
    services.offer_next(actor=staff, vacancy=vacancy)
    with pytest.raises(NotAllowed):
        services.rank_vacancy(actor=staff, vacancy=vacancy, reason="why not")


def test_a_late_paper_response_blocks_ranking_until_a_reason_is_recorded() -> None:
    staff = StaffFactory()
    today = timezone.localdate()
    vacancy = published(
        staff, published_on=today - dt.timedelta(days=10), closes_on=today - dt.timedelta(days=1)
    )
    # Paper forms are entered by staff with the date they were handed in.
    services.respond(
        actor=staff,
        vacancy=vacancy,
        seeker=SeekerFactory(),
        channel=Channel.PAPER,
        responded_on=today - dt.timedelta(days=3),
    )
    services.close_vacancy(actor=staff, vacancy=vacancy)
    paper = SeekerFactory()
    response = services.respond(
        actor=staff,
        vacancy=vacancy,
        seeker=paper,
        channel=Channel.PAPER,
        responded_on=vacancy.closes_on,
    )
    assert response.channel == "paper" and response.entered_by == staff
    with pytest.raises(InvalidChange) as caught:
        services.rank_vacancy(actor=staff, vacancy=vacancy)
    assert caught.value.field == "reason"
    ranking = services.rank_vacancy(
        actor=staff, vacancy=vacancy, reason="paper form arrived by post on the closing date"
    )
    assert ranking.entries.count() == 2
    # Online responses are refused once the vacancy has closed.
    latecomer = SeekerFactory()
    with pytest.raises(NotAllowed) as caught:
        services.respond(actor=latecomer, vacancy=vacancy, seeker=latecomer)
    assert caught.value.code == "closed"


def test_online_responses_stop_at_closing_and_respect_the_limit(settings) -> None:
    settings.VOORRANG_MAX_OPEN_RESPONSES = 2
    staff = StaffFactory()
    seeker = SeekerFactory()
    vacancies = [published(staff) for _ in range(3)]
    services.respond(actor=seeker, vacancy=vacancies[0], seeker=seeker)
    services.respond(actor=seeker, vacancy=vacancies[1], seeker=seeker)
    with pytest.raises(NotAllowed) as caught:
        services.respond(actor=seeker, vacancy=vacancies[2], seeker=seeker)
    assert caught.value.code == "response_limit"
    # Withdrawing one frees a place; responding twice to one vacancy is refused.
    services.withdraw_response(actor=seeker, response=vacancies[0].responses.get())
    services.respond(actor=seeker, vacancy=vacancies[2], seeker=seeker)
    with pytest.raises(NotAllowed):
        services.respond(actor=seeker, vacancy=vacancies[2], seeker=seeker)


def test_replay_confirms_stored_rankings_and_finds_a_tampered_one() -> None:
    staff = StaffFactory()
    vacancy = ranked(staff, published(staff), [SeekerFactory() for _ in range(4)])
    ranking = vacancy.rankings.get()
    out = io.StringIO()
    call_command("replay_ranking", str(ranking.pk), stdout=out)
    assert "ok" in out.getvalue().lower()

    # Someone swaps two positions in the database.
    first, second = ranking.entries.order_by("position")[:2]
    first.position, second.position = 999, first.position
    first.save()
    second.save()
    first.position = 2
    first.save()
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("replay_ranking", "--all", stdout=out, stderr=err)
    assert exit_info.value.code == 1
    assert str(ranking.pk) in err.getvalue()
