"""Each kind of job has one handler: registering a second one for a kind is refused."""

from __future__ import annotations

import pytest

from tests.jobs.conftest import refuse, write_numbers
from voorrang.jobs import registry


def test_a_second_handler_for_a_kind_is_refused_and_names_the_kind() -> None:
    with pytest.raises(ValueError, match=r"'test\.numbers'") as refused:
        registry.register("test.numbers", refuse)
    assert "tests.jobs.conftest.write_numbers" in str(refused.value)
    assert "tests.jobs.conftest.refuse" in str(refused.value)
    assert registry.handler_for("test.numbers") is write_numbers


def test_registering_the_same_handler_twice_is_refused_too() -> None:
    with pytest.raises(ValueError, match=r"'test\.numbers'"):
        registry.register("test.numbers", write_numbers)


def test_a_new_kind_is_registered() -> None:
    registry.register("test.another", write_numbers)
    assert registry.handler_for("test.another") is write_numbers
    assert "test.another" in registry.kinds()


def test_the_apps_register_their_kinds_when_django_starts() -> None:
    from voorrang.evaluation.jobs import KIND as REPORT
    from voorrang.simulation_runs.jobs import KIND as SIMULATION

    assert {REPORT, SIMULATION} <= registry.kinds()
