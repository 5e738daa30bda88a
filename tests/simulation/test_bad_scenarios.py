"""A bad scenario gets an error that names the key and says what is wrong."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import voorrang.simulation
from voorrang.rules import InvalidInput
from voorrang.simulation.model import load_scenario, read_mapping, scenario_from_mapping, with_value

SHIPPED = Path(voorrang.simulation.__file__).parent / "scenarios" / "zeist-lflat.toml"


def base() -> dict:
    return read_mapping(SHIPPED)


@pytest.mark.parametrize(
    ("key", "value", "field", "problem"),
    [
        ("months", "twelve", "months", "whole number"),
        ("months", 0, "months", "at least 1"),
        ("start", "1 December", "start", "date"),
        ("polcy", {}, "polcy", "not a known key"),
        ("buildings[0].units", -5, "buildings[0].units", "at least 1"),
        ("buildings[0].turnover", 1.5, "buildings[0].turnover", "at most 1"),
        ("buildings[0].rent_high", 100, "buildings[0].rent_high", "at least rent_low"),
        ("buildings[0].rooms", [0.5, 0.2], "buildings[0].rooms", "add up to 1"),
        ("buildings[0].colour", "red", "buildings[0].colour", "not a known key"),
        ("buildings[1].name", "L-flat", "buildings[1].name", "also the name"),
        ("seekers.exit_per_month", 2, "seekers.exit_per_month", "at most 1"),
        ("seekers.arrivals_per_month", True, "seekers.arrivals_per_month", "number"),
        ("seekers.household_sizes", "many", "seekers.household_sizes", "list"),
        ("seekers.max_open_responses", 0, "seekers.max_open_responses", "at least 1"),
        ("seekers.arrivals", 10, "seekers.arrivals", "not a known key"),
        ("policy.rules", "zeist-1999", "policy.rules", "unknown policy"),
        ("policy.share", "5/4", "policy.share", ""),
        ("policy.cap", -1, "policy.cap", "at least 0"),
        ("policy.designated", ["Nowhere"], "policy.designated[0]", "not one of the buildings"),
        ("policy.tier_order", ["vip", "regular"], "policy.tier_order[0]", ""),
        ("policy.tier_order", ["urgency"], "policy.tier_order", "regular"),
        ("policy.lottery_share", -0.1, "policy.lottery_share", "at least 0"),
    ],
)
def test_a_mistake_names_its_key(key, value, field, problem) -> None:
    with pytest.raises(InvalidInput) as caught:
        scenario_from_mapping(with_value(base(), key, value), name="bad")
    assert caught.value.field == field
    assert problem in caught.value.problem


@pytest.mark.parametrize("key", ["start", "months", "buildings", "seekers", "policy"])
def test_a_missing_section_is_named(key) -> None:
    data = base()
    del data[key]
    with pytest.raises(InvalidInput) as caught:
        scenario_from_mapping(data, name="bad")
    assert caught.value.field == key and caught.value.problem == "is missing"


def test_a_file_that_is_not_toml_is_named(tmp_path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("months = = 3\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        load_scenario(path)
    assert caught.value.field == str(path) and "not valid TOML" in caught.value.problem


def test_a_web_form_can_change_a_shipped_policy() -> None:
    data = with_value(base(), "policy.share", 0.5)
    data = with_value(data, "policy.cap", None)  # no cap
    data = with_value(data, "start", "2022-03-01")  # a form gives dates as text
    scenario = scenario_from_mapping(data, name="form")
    assert scenario.start.isoformat() == "2022-03-01"
    assert str(scenario.policy.share) == "1/2" and scenario.policy.cap is None
    assert scenario.name == "zeist-lflat"  # the file's own name wins over the fallback


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('name = "x"\nstart = 2022-01-01\nmonths = 12\n', "buildings: is missing"),
        (SHIPPED.read_text().replace("units = 728", "units = 0"), "buildings[0].units"),
        (SHIPPED.read_text().replace('share = "1/4"', 'share = "half"'), "policy.share"),
        (SHIPPED.read_text().replace("[seekers]", "[seekers]\nfoo = 1"), "seekers.foo"),
    ],
)
def test_the_command_exits_2_naming_the_key(tmp_path, text, message) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "voorrang.cli", "simulate", str(path), "--out", "out"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert message in result.stderr and result.stdout == ""
    assert not (tmp_path / "out").exists()  # nothing half-written
