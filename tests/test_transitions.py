"""The one helper every status change goes through: it refuses what its table does not allow,
names both states in the active language, and leaves a refused object as it was."""

from __future__ import annotations

import pytest
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from voorrang.allocation.states import VACANCY_MACHINE, VacancyState
from voorrang.errors import NotAllowed
from voorrang.transitions import StateMachine


class Light(models.TextChoices):
    RED = "red", "red"
    GREEN = "green", "green"


LIGHT = StateMachine(
    field="colour",
    allowed={"red": {"green"}, "green": set()},
    states=Light,
    message="A light that is %(old)s cannot become %(new)s.",
    code="light_state",
)


class Lamp:
    def __init__(self, colour: str) -> None:
        self.colour = colour


def test_an_allowed_change_sets_the_field_and_returns_the_old_state() -> None:
    lamp = Lamp("red")
    assert LIGHT.move(lamp, "green") == "red"
    assert lamp.colour == "green"


def test_a_refused_change_names_both_states_and_keeps_the_object() -> None:
    lamp = Lamp("green")
    with pytest.raises(NotAllowed) as refused:
        LIGHT.move(lamp, "red")
    assert lamp.colour == "green"
    assert refused.value.code == "light_state"
    assert str(refused.value.message) == "A light that is green cannot become red."


def test_the_message_reads_in_the_language_active_when_refused() -> None:
    class Vacancy:
        state = VacancyState.LET

    for language, expected in (("nl", "verhuurd"), ("en", "let")):
        with translation.override(language), pytest.raises(NotAllowed) as refused:
            VACANCY_MACHINE.move(Vacancy(), VacancyState.PUBLISHED)
        assert expected in str(refused.value.message)


def test_a_message_without_placeholders_is_used_as_it_is() -> None:
    machine = StateMachine(
        field="colour",
        allowed={"red": set(), "green": set()},
        states=Light,
        message=_("This objection has been decided already."),
        code="x",
    )
    with translation.override("en"), pytest.raises(NotAllowed) as refused:
        machine.check("red", "green")
    assert str(refused.value.message) == "This objection has been decided already."
