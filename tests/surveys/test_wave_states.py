"""Every transition of a survey wave, allowed and refused, with its audit event."""

from __future__ import annotations

import pytest

from tests.factories import BuildingFactory
from tests.surveys.factories import day, open_wave, researcher
from voorrang.audit.selectors import trail
from voorrang.errors import InvalidChange, NotAllowed
from voorrang.surveys import services
from voorrang.surveys.states import ALLOWED_WAVE_CHANGES, WaveState

pytestmark = pytest.mark.django_db


def planned():
    return services.create_wave(
        actor=researcher(),
        building=BuildingFactory(),
        name="Nulmeting",
        opens_on=day(),
        closes_on=day(10),
    )


MOVES = {
    WaveState.OPEN: lambda wave: services.open_wave(actor=researcher(), wave=wave),
    WaveState.CLOSED: lambda wave: services.close_wave(actor=researcher(), wave=wave),
}


def in_state(state: str):
    wave = planned()
    if state in (WaveState.OPEN, WaveState.CLOSED):
        wave = MOVES[WaveState.OPEN](wave)
    if state == WaveState.CLOSED:
        wave = MOVES[WaveState.CLOSED](wave)
    return wave


@pytest.mark.parametrize("old", list(WaveState))
@pytest.mark.parametrize("new", [WaveState.OPEN, WaveState.CLOSED])
def test_every_wave_transition_is_allowed_or_refused_as_declared(old, new) -> None:
    wave = in_state(old)
    if new in ALLOWED_WAVE_CHANGES[old]:
        moved = MOVES[new](wave)
        assert moved.state == new
        assert (
            trail(moved).last().action == f"survey_wave.{'opened' if new == 'open' else 'closed'}"
        )
    else:
        with pytest.raises(NotAllowed):
            MOVES[new](wave)
        wave.refresh_from_db()
        assert wave.state == old


def test_a_wave_is_created_planned_and_a_building_has_one_baseline() -> None:
    wave = planned()
    assert wave.state == WaveState.PLANNED
    assert wave.offset_months == 0
    assert wave.instruments == ["social-cohesion", "loneliness"]
    assert trail(wave).get().action == "survey_wave.created"
    with pytest.raises(InvalidChange) as error:
        services.create_wave(
            actor=researcher(),
            building=wave.building,
            name="Tweede nulmeting",
            opens_on=day(),
            closes_on=day(5),
        )
    assert error.value.field == "opens_on"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"name": "x" * 81}, "name"),
        ({"closes_on": day(-5)}, "closes_on"),
        ({"instruments": ["ucla"]}, "instruments"),
        ({"instruments": []}, "instruments"),
    ],
)
def test_a_wrong_wave_names_the_field(kwargs, field) -> None:
    arguments = {"name": "Nulmeting", "opens_on": day(), "closes_on": day(10), **kwargs}
    with pytest.raises(InvalidChange) as error:
        services.create_wave(actor=researcher(), building=BuildingFactory(), **arguments)
    assert error.value.field == field


def test_closing_a_wave_revokes_its_unused_links() -> None:
    wave = open_wave()
    respondent = services.add_respondent(actor=None, building=wave.building, cohort="incumbent")
    invitation, _token = services.issue_invitation(actor=None, wave=wave, respondent=respondent)
    services.close_wave(actor=None, wave=wave)
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
