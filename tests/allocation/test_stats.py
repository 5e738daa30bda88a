"""`voorrang stats`: the operators' figures as of a date, as a table or as JSON."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import CommandError, call_command

from tests.allocation.flow import let
from tests.factories import (
    BuildingFactory,
    CommitmentFactory,
    SeekerFactory,
    StaffFactory,
    UnitFactory,
    VacancyFactory,
)
from voorrang import cli
from voorrang.allocation import services
from voorrang.allocation.models import Offer
from voorrang.allocation.selectors import operator_figures
from voorrang.demo.simulation import simulated_clock

pytestmark = pytest.mark.django_db

TZ = dt.timezone(dt.timedelta(hours=1))
PUBLISHED = dt.date(2024, 3, 1)
CLOSES = dt.date(2024, 3, 15)
LET_ON = dt.date(2024, 3, 20)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=TZ)


@pytest.fixture
def letting():
    """One L-flat vacancy let to a committed seeker in March 2024, each step on its own day
    (the audit trail records when), a second vacancy still open, and another building."""
    staff = StaffFactory()
    lflat = BuildingFactory()
    other = BuildingFactory(name="Berkenhof", designated=False, street="Berkenhofdreef")
    UnitFactory(building=other, number=1)
    committed = SeekerFactory()
    CommitmentFactory(seeker=committed, building=lflat)
    others = [SeekerFactory() for _ in range(3)]
    with simulated_clock(at(PUBLISHED, 9)) as clock:
        vacancy = VacancyFactory(unit=UnitFactory(building=lflat), closes_on=CLOSES)
        services.publish_vacancy(actor=staff, vacancy=vacancy, published_on=PUBLISHED)
        for seeker in [committed, *others]:
            services.respond(actor=None, vacancy=vacancy, seeker=seeker)
        clock.set(at(CLOSES + dt.timedelta(days=1)))
        services.close_vacancy(actor=staff, vacancy=vacancy, today=CLOSES + dt.timedelta(days=1))
        services.rank_vacancy(actor=staff, vacancy=vacancy)
        clock.set(at(dt.date(2024, 3, 18)))
        offer = services.offer_next(actor=staff, vacancy=vacancy)
        clock.set(at(LET_ON))
        let(staff, offer, now=at(LET_ON))
        clock.set(at(dt.date(2024, 5, 2)))
        later = VacancyFactory(unit=UnitFactory(building=lflat), closes_on=dt.date(2024, 5, 9))
        services.publish_vacancy(actor=staff, vacancy=later, published_on=dt.date(2024, 5, 2))
    return vacancy


def figures(*arguments: str, capsys) -> dict:
    call_command("stats", "--json", *arguments)
    return json.loads(capsys.readouterr().out)


def test_the_shape_and_the_counts(letting, capsys) -> None:
    result = figures(capsys=capsys)

    assert result == {
        "buildings": [
            {"name": "Berkenhof", "units": 1, "designated": False},
            {"name": "L-flat", "units": 2, "designated": True},
        ],
        "seekers": {"active": 3, "housed": 1, "ended": 0},
        "vacancies": {"published": 1, "let": 1},
        "allocations": [{"year": 2024, "building": "L-flat", "tier": "commitment", "count": 1}],
        "quota": [{"year": 2024, "building": "L-flat", "vacancies": 2, "targeted": 1}],
    }
    assert result == operator_figures()


@pytest.mark.parametrize(
    ("until", "vacancies", "housed"),
    [
        ("2024-02-29", {}, 0),
        ("2024-03-15", {"published": 1}, 0),
        ("2024-03-16", {"ranked": 1}, 0),
        ("2024-03-19", {"offering": 1}, 0),
        ("2024-03-20", {"let": 1}, 1),
        ("2024-05-02", {"published": 1, "let": 1}, 1),
    ],
)
def test_as_of_a_date_from_the_audit_trail(letting, capsys, until, vacancies, housed) -> None:
    result = figures("--until", until, capsys=capsys)

    assert result["vacancies"] == vacancies
    assert result["seekers"]["housed"] == housed
    assert result["allocations"] == (
        [{"year": 2024, "building": "L-flat", "tier": "commitment", "count": 1}] if housed else []
    )


def test_a_letting_counts_from_its_date_when_its_events_were_written_later(capsys) -> None:
    """Records entered after the fact (audit events dated today): the letting's own date counts."""
    staff = StaffFactory()
    seeker = SeekerFactory()
    vacancy = VacancyFactory(closes_on=dt.date(2099, 1, 1))
    services.publish_vacancy(actor=staff, vacancy=vacancy, published_on=PUBLISHED)
    services.respond(actor=None, vacancy=vacancy, seeker=seeker)
    services.close_vacancy(actor=staff, vacancy=vacancy, today=dt.date(2099, 1, 2))
    services.rank_vacancy(actor=staff, vacancy=vacancy)
    offer = services.offer_next(actor=staff, vacancy=vacancy, deadline=at(dt.date(2099, 1, 9)))
    let(staff, Offer.objects.get(pk=offer.pk), now=at(LET_ON))

    before = figures("--until", "2024-03-19", capsys=capsys)
    after = figures("--until", "2024-03-20", capsys=capsys)

    assert (before["vacancies"], before["seekers"]["housed"], before["allocations"]) == (
        {"published": 1},
        0,
        [],
    )
    assert (after["vacancies"], after["seekers"]["housed"]) == ({"let": 1}, 1)
    assert after["allocations"][0]["year"] == 2024


def test_the_table(letting, capsys) -> None:
    call_command("stats", "--until", "2024-03-20")
    out = capsys.readouterr().out

    assert "2024-03-20" in out
    assert "Berkenhof" in out and "L-flat" in out
    assert "commitment" in out


def test_the_command_line(letting, capsys) -> None:
    assert cli.main(["stats", "--json", "--until", "2024-03-20"]) == 0
    assert json.loads(capsys.readouterr().out)["vacancies"] == {"let": 1}


@pytest.mark.parametrize("until", ["2024-02-30", "yesterday", "2024-3-20", ""])
def test_an_invalid_date_is_refused_in_one_line(until, capsys) -> None:
    assert cli.main(["stats", "--until", until]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert captured.err.startswith("voorrang stats: --until: ")
    with pytest.raises(CommandError, match="--until"):
        call_command("stats", "--until", until or "x")
