"""The shipped policy files: complete, sourced, and honest about unconfirmed figures."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from decimal import Decimal
from fractions import Fraction
from importlib import resources

import pytest

from tests.rules.factories import CandidateFactory, scenario
from voorrang.rules import available_policies, load_policy, rank_document

FIGURES = [
    "daeb_income_limit.single",
    "daeb_income_limit.multi",
    "passend_income_limit.single",
    "passend_income_limit.multi",
    "passend_income_limit.single_pension",
    "passend_income_limit.multi_pension",
    "aftoppingsgrens.low",
    "aftoppingsgrens.high",
    "liberalisation_limit",
    "pension_age",
    "senior_min_age",
    "young_max_age",
]


def test_the_two_zeist_policies_are_shipped() -> None:
    assert {"zeist-2025", "zeist-2026"} <= set(available_policies())


@pytest.mark.parametrize(
    "name", ["zeist-2021", "zeist-2022", "zeist-2023", "zeist-2024", "zeist-2025", "zeist-2026"]
)
def test_every_figure_has_a_value_and_a_source(name) -> None:
    text = resources.files("voorrang.policies").joinpath(f"{name}.toml").read_text()
    document = tomllib.loads(text)
    for figure in FIGURES:
        node = document
        for part in figure.split("."):
            node = node[part]
        assert str(node["value"]).strip(), figure
        assert len(node["source"]) > 20, figure
        if node.get("confirmed", True) is not True:
            assert node.get("note"), f"{figure} is unconfirmed without a note"
    assert document["targeting"]["source"]


@pytest.mark.parametrize(
    ("name", "figures"),
    [
        (
            "zeist-2025",
            {
                "daeb_single": "49669",
                "daeb_multi": "54847",
                "liberalisation_limit": "900.07",
                "passend_single": "28375",
                "passend_multi": "38500",
                "passend_single_pension": "27775",
                "passend_multi_pension": "37350",
                "aftopping_low": "682.96",
                "aftopping_high": "731.93",
            },
        ),
        (
            "zeist-2026",
            {
                "daeb_single": "51537",
                "daeb_multi": "56910",
                "liberalisation_limit": "932.93",
                "passend_single": "29400",
                "passend_multi": "39925",
                "passend_single_pension": "28775",
                "passend_multi_pension": "38650",
            },
        ),
    ],
)
def test_official_figures(name, figures) -> None:
    policy = load_policy(name)
    for field, value in figures.items():
        assert getattr(policy, field) == Decimal(value), field
    assert policy.pension_age == 67
    assert policy.targeting is not None
    assert policy.targeting.buildings == frozenset({"L-flat"})
    assert policy.targeting.share == Fraction(1, 4)
    assert policy.targeting.cap == 20


def test_unconfirmed_figures_are_known_to_the_policy() -> None:
    assert "aftoppingsgrens.high" in load_policy("zeist-2026").unconfirmed
    assert not any(f.startswith("aftoppingsgrens") for f in load_policy("zeist-2025").unconfirmed)


def run_rank(document: dict) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "voorrang.cli", "rank", "-"],
        input=json.dumps(document),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_rank_warns_on_stderr_when_it_uses_an_unconfirmed_figure() -> None:
    result = run_rank(scenario([CandidateFactory(id="S-1")], policy="zeist-2026"))
    assert result.returncode == 0
    assert json.loads(result.stdout)["policy"] == "zeist-2026"
    warnings = result.stderr.splitlines()
    assert any("aftoppingsgrens.high" in line and "not confirmed" in line for line in warnings)
    assert not any("targeting" in line for line in warnings)


def test_rank_by_policy_name_equals_rank_with_the_same_figures_inline() -> None:
    candidates = [
        CandidateFactory(id="S-1", household_size=1, income=28000),
        CandidateFactory(id="S-2", household_size=3, income=55000),
        CandidateFactory(id="S-3", household_size=2, income=38000, birth_date="1950-01-01"),
    ]
    unit = {"rooms": 3, "rent": "700.00", "min_household": 1, "max_household": 4}
    by_name = rank_document(scenario(candidates, policy="zeist-2025", unit=unit))
    inline = {
        "id": "zeist-2025",
        "tier_order": ["commitment", "urgency", "local", "regular"],
        "daeb_income_limit": {"single": "49669", "multi": "54847"},
        "passend_income_limit": {
            "single": "28375",
            "multi": "38500",
            "single_pension": "27775",
            "multi_pension": "37350",
        },
        "pension_age": 67,
        "aftoppingsgrens": {"low": "682.96", "high": "731.93"},
        "liberalisation_limit": "900.07",
        "senior_min_age": 55,
        "young_max_age": 22,
    }
    by_value = rank_document(scenario(candidates, policy=inline, unit=unit))
    assert by_name.ranking == by_value.ranking
    assert by_name.excluded == by_value.excluded
    assert [(e.candidate, e.reasons) for e in by_name.excluded] == [
        ("S-1", ("PASSEND",)),
        ("S-2", ("INCOME_ABOVE_LIMIT",)),
    ]
    assert [r.candidate for r in by_name.ranking] == ["S-3"]


@pytest.mark.parametrize(
    "name", ["zeist-2021", "zeist-2022", "zeist-2023", "zeist-2024", "zeist-2025", "zeist-2026"]
)
def test_a_policy_written_out_reads_back_the_same(name) -> None:
    from dataclasses import replace

    from voorrang.rules import policy_document
    from voorrang.rules.policy import parse_policy

    policy = load_policy(name)
    assert parse_policy(policy_document(policy)) == replace(policy, unconfirmed=(), targeting=None)
