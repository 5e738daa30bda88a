"""The targeting quota: share, yearly count, cap and overrides."""

from __future__ import annotations

from fractions import Fraction

import pytest

from voorrang.rules import InvalidInput, label_document, quota_says_targeted


def vacancies(count: int, building: str = "L-flat", year: int = 2026, **extra) -> list[dict]:
    return [
        {
            "id": f"{building}-{year}-{i}",
            "building": building,
            "published_on": f"{year}-01-{1 + i % 28:02d}",
            **extra,
        }
        for i in range(count)
    ]


def flags(document: dict) -> list[bool]:
    return [label["targeted"] for label in label_document(document)["labels"]]


def test_the_example_of_the_rules() -> None:
    document = {
        "share": "1/3",
        "cap": 20,
        "buildings": ["L-flat"],
        "vacancies": [
            {"id": "V1", "building": "L-flat", "published_on": "2026-01-05"},
            {"id": "V2", "building": "Other", "published_on": "2026-01-06"},
            {
                "id": "V3",
                "building": "L-flat",
                "published_on": "2026-01-09",
                "override": {"targeted": False, "reason": "adapted home for wheelchair user"},
            },
        ],
    }
    assert label_document(document) == {
        "labels": [
            {"vacancy": "V1", "targeted": True, "n": 1},
            {"vacancy": "V2", "targeted": False, "n": None},
            {"vacancy": "V3", "targeted": False, "n": 2, "override": True},
        ]
    }


def test_a_quarter_targets_the_first_of_every_four() -> None:
    document = {"share": "1/4", "buildings": ["L-flat"], "vacancies": vacancies(8)}
    assert flags(document) == [True, False, False, False, True, False, False, False]


def test_decimal_share_is_exact() -> None:
    # 0.3 as a float is 0.299999...; read exactly, the 10th vacancy makes 3 of 10.
    document = {"share": "0.3", "buildings": ["L-flat"], "vacancies": vacancies(10)}
    assert sum(flags(document)) == 3
    assert quota_says_targeted(10, 2, Fraction("0.3"), None) is True
    assert quota_says_targeted(10, 3, Fraction("0.3"), None) is False


def test_the_cap_stops_targeting_for_the_rest_of_the_year() -> None:
    document = {"share": "1/2", "cap": 2, "buildings": ["L-flat"], "vacancies": vacancies(10)}
    assert flags(document) == [True, False, True] + [False] * 7


def test_the_count_starts_again_on_the_first_of_january() -> None:
    items = vacancies(3, year=2026) + vacancies(3, year=2027)
    labels = label_document({"share": "1/3", "cap": 1, "buildings": ["L-flat"], "vacancies": items})
    assert [(x["n"], x["targeted"]) for x in labels["labels"]] == [
        (1, True),
        (2, False),
        (3, False),
        (1, True),
        (2, False),
        (3, False),
    ]


def test_vacancies_count_in_order_of_publication_ties_in_input_order() -> None:
    items = [
        {"id": "late", "building": "L-flat", "published_on": "2026-02-01"},
        {"id": "early-a", "building": "L-flat", "published_on": "2026-01-01"},
        {"id": "early-b", "building": "L-flat", "published_on": "2026-01-01"},
    ]
    labels = label_document({"share": "1/2", "buildings": ["L-flat"], "vacancies": items})
    assert [(x["vacancy"], x["n"], x["targeted"]) for x in labels["labels"]] == [
        ("late", 3, True),
        ("early-a", 1, True),
        ("early-b", 2, False),
    ]


def test_designated_buildings_count_together() -> None:
    items = [
        {"id": "A1", "building": "A", "published_on": "2026-01-01"},
        {"id": "B1", "building": "B", "published_on": "2026-01-02"},
        {"id": "A2", "building": "A", "published_on": "2026-01-03"},
        {"id": "C1", "building": "C", "published_on": "2026-01-03"},
    ]
    labels = label_document({"share": "1/2", "buildings": ["A", "B"], "vacancies": items})
    assert [(x["n"], x["targeted"]) for x in labels["labels"]] == [
        (1, True),
        (2, False),
        (3, True),
        (None, False),
    ]


def test_override_to_targeted_counts_and_the_quota_corrects_itself() -> None:
    items = vacancies(4)
    items[0]["override"] = {"targeted": False, "reason": "wheelchair-adapted"}
    items[1]["override"] = {"targeted": True, "reason": "urgent local need"}
    result = label_document({"share": "1/4", "buildings": ["L-flat"], "vacancies": items})
    assert [(x["targeted"], x.get("override", False)) for x in result["labels"]] == [
        (False, True),
        (True, True),
        (False, False),
        (False, False),
    ]


def test_override_beyond_the_cap_is_invalid() -> None:
    items = vacancies(3)
    items[2]["override"] = {"targeted": True, "reason": "asked by the welfare organisation"}
    with pytest.raises(InvalidInput) as caught:
        label_document({"share": "1/2", "cap": 1, "buildings": ["L-flat"], "vacancies": items})
    assert caught.value.field == "vacancies[2].override.targeted"
    assert "cap of 1" in caught.value.problem
    # The same override is fine in a year whose cap is not reached.
    items[2]["published_on"] = "2027-01-01"
    result = label_document({"share": "1/2", "cap": 1, "buildings": ["L-flat"], "vacancies": items})
    assert result["labels"][2] == {
        "vacancy": items[2]["id"],
        "targeted": True,
        "n": 1,
        "override": True,
    }


def test_share_zero_and_one_and_cap_zero() -> None:
    assert flags({"share": "0", "buildings": ["L-flat"], "vacancies": vacancies(5)}) == [False] * 5
    assert flags({"share": "1", "buildings": ["L-flat"], "vacancies": vacancies(5)}) == [True] * 5
    document = {"share": "1", "cap": 0, "buildings": ["L-flat"], "vacancies": vacancies(3)}
    assert flags(document) == [False] * 3
