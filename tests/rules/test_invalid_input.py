"""Each kind of invalid input is refused with the field named, through the engine and the CLI."""

from __future__ import annotations

import copy
import subprocess
import sys

import pytest

from tests.rules.factories import CandidateFactory, scenario
from voorrang.rules import InvalidInput, label_document, rank_document


def valid() -> dict:
    return scenario([CandidateFactory(id="S-1"), CandidateFactory(id="S-2")])


def mutated(change) -> dict:
    document = copy.deepcopy(valid())
    change(document)
    return document


def refuse(document, field: str, words: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        rank_document(document)
    assert caught.value.field == field
    assert words in caught.value.problem
    assert "\n" not in caught.value.message


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (lambda d: d.pop("vacancy"), "vacancy", "missing"),
        (lambda d: d["candidates"][1].pop("income"), "candidates[1].income", "missing"),
        (lambda d: d["vacancy"]["unit"].pop("rent"), "vacancy.unit.rent", "missing"),
        (lambda d: d["policy"].pop("pension_age"), "policy.pension_age", "missing"),
        (
            lambda d: d["policy"]["passend_income_limit"].pop("multi_pension"),
            "policy.passend_income_limit.multi_pension",
            "missing",
        ),
        (lambda d: d.update(candidates={}), "candidates", "must be a list"),
        (
            lambda d: d["candidates"][0].update(household_size="2"),
            "candidates[0].household_size",
            "whole number",
        ),
        (
            lambda d: d["candidates"][0].update(household_size=True),
            "candidates[0].household_size",
            "whole number",
        ),
        (
            lambda d: d["candidates"][0].update(household_size=0),
            "candidates[0].household_size",
            "at least 1",
        ),
        (
            lambda d: d["candidates"][0].update(income="31.000,00"),
            "candidates[0].income",
            "decimal",
        ),
        (lambda d: d["candidates"][0].update(income=-1), "candidates[0].income", "negative"),
        (lambda d: d["candidates"][0].update(income="NaN"), "candidates[0].income", "decimal"),
        (lambda d: d["candidates"][0].update(income=None), "candidates[0].income", "amount"),
        (lambda d: d["candidates"][0].update(local_tie="yes"), "candidates[0].local_tie", "true"),
        (lambda d: d["candidates"][0].update(id=17), "candidates[0].id", "string"),
        (lambda d: d["candidates"][0].update(id=""), "candidates[0].id", "empty"),
        (
            lambda d: d["candidates"][0].update(locl_tie=True),
            "candidates[0].locl_tie",
            "not a known field",
        ),
        (lambda d: d["vacancy"].update(labels=["targetted"]), "vacancy.labels[0]", "unknown label"),
        (lambda d: d["vacancy"].update(labels="targeted"), "vacancy.labels", "must be a list"),
        (
            lambda d: d["vacancy"].update(labels=["local", "local"]),
            "vacancy.labels[1]",
            "twice",
        ),
        (lambda d: d["vacancy"].update(ordering="random"), "vacancy.ordering", "unknown ordering"),
        (lambda d: d["vacancy"].update(seed=""), "vacancy.seed", "empty"),
        (
            lambda d: d["policy"].update(tier_order=["commitment", "vip", "regular"]),
            "policy.tier_order[1]",
            "unknown tier",
        ),
        (
            lambda d: d["policy"].update(tier_order=["urgency", "commitment"]),
            "policy.tier_order",
            "regular",
        ),
        (
            lambda d: d["candidates"][0].update(
                commitment={"status": "accepted", "building": "L-flat", "valid_until": "2027-01-01"}
            ),
            "candidates[0].commitment.status",
            "unknown status",
        ),
        (
            lambda d: d["candidates"][0].update(
                commitment={"status": "approved", "building": "L-flat"}
            ),
            "candidates[0].commitment.valid_until",
            "required",
        ),
        (
            lambda d: d["candidates"][0].update(
                urgency={"valid_from": "2026-05-01", "valid_until": "2026-04-01"}
            ),
            "candidates[0].urgency.valid_until",
            "before valid_from",
        ),
        (lambda d: d["vacancy"].update(closes_on="2026-02-30"), "vacancy.closes_on", "exists"),
        (lambda d: d["vacancy"].update(closes_on="2026-13-01"), "vacancy.closes_on", "exists"),
        (lambda d: d["vacancy"].update(closes_on="15-03-2026"), "vacancy.closes_on", "YYYY-MM-DD"),
        (lambda d: d["vacancy"].update(closes_on="20260315"), "vacancy.closes_on", "YYYY-MM-DD"),
        (
            lambda d: d["candidates"][1].update(registered_on="2019-02-29"),
            "candidates[1].registered_on",
            "exists",
        ),
        (
            lambda d: d["vacancy"]["unit"].update(min_household=3, max_household=2),
            "vacancy.unit.max_household",
            "at least min_household",
        ),
        (lambda d: d["candidates"][1].update(id="S-1"), "candidates[1].id", "duplicate"),
        (
            lambda d: d["vacancy"].update(ordering="lottery"),
            "vacancy.seed",
            "required when ordering is 'lottery'",
        ),
        (lambda d: d.update(policy="zeist-1999"), "policy", "unknown policy"),
        (lambda d: d.update(policy="../../etc/passwd"), "policy", "not a policy name"),
        (lambda d: d.update(extra=1), "extra", "not a known field"),
    ],
)
def test_invalid_field_is_named(change, field, words) -> None:
    refuse(mutated(change), field, words)


def test_tie_in_registration_date_within_a_tier_needs_a_seed() -> None:
    tied = [
        CandidateFactory(id="S-1", registered_on="2015-05-05"),
        CandidateFactory(id="S-2", registered_on="2015-05-05"),
    ]
    refuse(scenario(tied), "vacancy.seed", "share the registration date 2015-05-05")
    # With a seed the lottery breaks the tie.
    assert len(rank_document(scenario(tied, seed="s")).ranking) == 2


def test_ties_only_count_among_eligible_candidates_of_one_tier() -> None:
    late = CandidateFactory(id="S-1", registered_on="2015-05-05", responded_on="2026-04-01")
    urgent = CandidateFactory(
        id="S-2",
        registered_on="2015-05-05",
        urgency={"valid_from": "2026-01-01", "valid_until": "2026-12-31"},
    )
    regular = CandidateFactory(id="S-3", registered_on="2015-05-05")
    result = rank_document(scenario([late, urgent, regular]))
    assert [r.candidate for r in result.ranking] == ["S-2", "S-3"]


def test_label_input_errors_name_the_field() -> None:
    base = {"share": "1/4", "cap": 2, "buildings": ["L-flat"], "vacancies": []}
    cases = [
        ({**base, "share": "5/4"}, "share", "between 0 and 1"),
        ({**base, "share": "1/0"}, "share", "fraction"),
        ({**base, "share": "a quarter"}, "share", "fraction"),
        ({**base, "cap": -1}, "cap", "at least 0"),
        ({**base, "cap": "20"}, "cap", "whole number"),
        ({**base, "buildings": "L-flat"}, "buildings", "must be a list"),
        (
            {**base, "vacancies": [{"id": "V1", "building": "L-flat", "published_on": "2026-1-5"}]},
            "vacancies[0].published_on",
            "YYYY-MM-DD",
        ),
        (
            {
                **base,
                "vacancies": [
                    {"id": "V1", "building": "L-flat", "published_on": "2026-01-05"},
                    {"id": "V1", "building": "L-flat", "published_on": "2026-01-06"},
                ],
            },
            "vacancies[1].id",
            "duplicate",
        ),
        (
            {
                **base,
                "vacancies": [
                    {
                        "id": "V1",
                        "building": "L-flat",
                        "published_on": "2026-01-05",
                        "override": {"targeted": False},
                    }
                ],
            },
            "vacancies[0].override.reason",
            "missing",
        ),
        (
            {
                **base,
                "vacancies": [
                    {
                        "id": "V1",
                        "building": "Other",
                        "published_on": "2026-01-05",
                        "override": {"targeted": True, "reason": "x"},
                    }
                ],
            },
            "vacancies[0].override",
            "not designated",
        ),
    ]
    for document, field, words in cases:
        with pytest.raises(InvalidInput) as caught:
            label_document(document)
        assert (caught.value.field, words in caught.value.problem) == (field, True), document


def cli(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "voorrang.cli", *args],
        input=stdin,
        capture_output=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("stdin", "words"),
    [
        (b"", "not valid JSON"),
        (b'{"policy": ', "not valid JSON"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b'{"policy": NaN}', "NaN is not a JSON number"),
        (b'{"policy": "zeist-2026", "policy": "zeist-2025"}', "policy: appears twice"),
        (b"[]", "input: must be an object"),
    ],
)
def test_cli_refuses_malformed_documents_on_one_line(stdin, words) -> None:
    result = cli("rank", "-", stdin=stdin)
    assert result.returncode == 2
    assert result.stdout == b""
    message = result.stderr.decode()
    assert message.count("\n") == 1 and words in message, message


def test_cli_reports_a_missing_file() -> None:
    result = cli("label", "/nonexistent/vacancies.json")
    assert result.returncode == 2 and result.stdout == b""
    assert "/nonexistent/vacancies.json" in result.stderr.decode()
