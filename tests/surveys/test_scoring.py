"""Every instrument of the library scored against hand-computed cases, and its missing-data
rules. Pure: no database."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from voorrang.surveys.instruments import InstrumentError, library, parse_instrument
from voorrang.surveys.scoring import category, item_matrix, score_all

LONELINESS = library()["loneliness"]
COHESION = library()["social-cohesion"]
LONELY_ITEMS = ("emptiness", "rely_on", "trust", "miss_people", "close", "rejected")


def lonely(*answers: str | None) -> dict[str, str | None]:
    return dict(zip(LONELY_ITEMS, answers, strict=True))


def test_the_library_holds_both_instruments_with_sources() -> None:
    assert set(library()) == {"loneliness", "social-cohesion"}
    for instrument in library().values():
        assert instrument.sources, instrument.code
        assert all(item.nl and item.en for item in instrument.items)
    assert [s.code for s in LONELINESS.scales] == ["loneliness", "emotional", "social"]
    assert len(COHESION.items) == 5


@pytest.mark.parametrize(
    ("answers", "total", "emotional", "social"),
    [
        # Nobody lonely: 'no' to the emotional items, 'yes' to the social ones.
        (lonely("no", "yes", "yes", "no", "yes", "no"), 0, 0, 0),
        # The most lonely: 'yes' to the emotional items, 'no' to the social ones.
        (lonely("yes", "no", "no", "yes", "no", "yes"), 6, 3, 3),
        # 'More or less' counts 1 on every item (CBS's dichotomising rule).
        (lonely(*["more_or_less"] * 6), 6, 3, 3),
        # Emptiness yes (1), rely on: yes (0), trust: more or less (1), miss: no (0),
        # close: no (1), rejected: more or less (1) -> emotional 2, social 2, total 4.
        (lonely("yes", "yes", "more_or_less", "no", "no", "more_or_less"), 4, 2, 2),
    ],
)
def test_loneliness_scores_by_hand(answers, total, emotional, social) -> None:
    assert score_all(LONELINESS, answers) == {
        "loneliness": total,
        "emotional": emotional,
        "social": social,
    }


def test_loneliness_one_missing_item_keeps_the_total_and_loses_its_subscale() -> None:
    # 'close' (social) unanswered: the total counts the other five (1+0+1+0+1 = 3), the
    # social subscale is missing, the emotional one stays.
    scores = score_all(LONELINESS, lonely("yes", "yes", "more_or_less", "no", None, "yes"))
    assert scores == {"loneliness": 3, "emotional": 2, "social": None}


def test_loneliness_two_missing_items_make_the_total_missing() -> None:
    scores = score_all(LONELINESS, lonely("yes", None, "more_or_less", "no", None, "yes"))
    assert scores["loneliness"] is None
    assert scores["social"] is None
    assert scores["emotional"] == 2


def test_loneliness_categories_of_cbs() -> None:
    scale = LONELINESS.scale("loneliness")
    assert [category(scale, s) for s in (0, 1, 2, 4, 5, 6)] == [
        "not_lonely",
        "not_lonely",
        "somewhat_lonely",
        "somewhat_lonely",
        "strongly_lonely",
        "strongly_lonely",
    ]
    assert category(scale, None) is None


def cohesion(*answers: str | None) -> dict[str, str | None]:
    codes = [item.code for item in COHESION.items]
    return dict(zip(codes, answers, strict=True))


@pytest.mark.parametrize(
    ("answers", "score"),
    [
        # Strongly agree with every positive statement, strongly disagree that people hardly
        # know each other: the highest cohesion.
        (cohesion("strongly_disagree", *["strongly_agree"] * 4), 10.0),
        (cohesion("strongly_agree", *["strongly_disagree"] * 4), 0.0),
        (cohesion(*["neither"] * 5), 5.0),
        # know: agree (3, reversed 1), 4, 2, 3, 3 -> mean 13/5 = 2.6 -> x 2.5 = 6.5
        (cohesion("agree", "strongly_agree", "neither", "agree", "agree"), 6.5),
    ],
)
def test_social_cohesion_scores_by_hand(answers, score) -> None:
    assert score_all(COHESION, answers)["cohesion"] == pytest.approx(score)


def test_social_cohesion_one_missing_or_dont_know_uses_the_other_four() -> None:
    # know: agree -> 1; pleasant 4; togetherness 2; at home 3; help: don't know -> missing.
    # mean 10/4 = 2.5 -> 6.25
    answers = cohesion("agree", "strongly_agree", "neither", "agree", "dont_know")
    assert score_all(COHESION, answers)["cohesion"] == pytest.approx(6.25)
    answers = cohesion("agree", "strongly_agree", "neither", "agree", None)
    assert score_all(COHESION, answers)["cohesion"] == pytest.approx(6.25)


def test_social_cohesion_two_missing_make_the_score_missing() -> None:
    answers = cohesion("agree", None, "neither", "agree", "dont_know")
    assert score_all(COHESION, answers)["cohesion"] is None


def test_answers_outside_the_instrument_are_refused() -> None:
    with pytest.raises(ValueError, match="not an option"):
        score_all(COHESION, cohesion("yes", None, None, None, None))
    with pytest.raises(ValueError, match="not in"):
        score_all(COHESION, {"unknown": "agree"})


def test_item_matrix_keeps_complete_cases_only() -> None:
    scale = LONELINESS.scale("emotional")
    rows = item_matrix(
        LONELINESS,
        scale,
        [
            lonely("yes", "yes", "yes", "no", "yes", "no"),
            lonely(None, "yes", "yes", "no", "yes", "no"),
        ],
    )
    assert rows == [[1.0, 0.0, 0.0]]


@given(st.lists(st.sampled_from(["yes", "more_or_less", "no", None]), min_size=6, max_size=6))
def test_loneliness_total_is_the_sum_of_the_subscales_when_all_are_answered(answers) -> None:
    scores = score_all(LONELINESS, lonely(*answers))
    missing = answers.count(None)
    assert (scores["loneliness"] is None) == (missing > 1)
    if missing == 0:
        assert scores["loneliness"] == scores["emotional"] + scores["social"]
    if scores["loneliness"] is not None:
        assert 0 <= scores["loneliness"] <= 6


@given(
    st.lists(
        st.sampled_from(
            [
                "strongly_agree",
                "agree",
                "neither",
                "disagree",
                "strongly_disagree",
                "dont_know",
                None,
            ]
        ),
        min_size=5,
        max_size=5,
    )
)
def test_social_cohesion_stays_within_0_and_10(answers) -> None:
    score = score_all(COHESION, cohesion(*answers))["cohesion"]
    missing = sum(a in (None, "dont_know") for a in answers)
    assert (score is None) == (missing > 1)
    if score is not None:
        assert 0 <= score <= 10


def test_a_broken_instrument_file_is_refused_with_the_reason() -> None:
    data = {
        "code": "x",
        "name": {"en": "X", "nl": "X"},
        "instruction": {"en": "X", "nl": "X"},
        "sources": [{"citation": "c"}],
        "response_scale": {"options": [{"code": "a", "en": "A", "nl": "A", "value": 1}]},
        "items": [{"code": "i", "en": "I", "nl": "I"}],
        "scales": [
            {
                "code": "s",
                "name": {"en": "S", "nl": "S"},
                "method": "mean",
                "items": ["i", "j"],
                "min": 0,
                "max": 1,
                "higher_is": "better",
            }
        ],
    }
    with pytest.raises(InstrumentError, match="its items must be items"):
        parse_instrument(data)
    data["scales"][0]["items"] = ["i"]
    data["scales"][0]["method"] = "count"
    with pytest.raises(InstrumentError, match="scores_one"):
        parse_instrument(data)


def _valid_instrument() -> dict:
    return {
        "code": "x",
        "name": {"en": "X", "nl": "X"},
        "instruction": {"en": "X", "nl": "X"},
        "sources": [{"citation": "c", "url": "u", "confirms": "what"}],
        "response_scale": {"options": [{"code": "a", "en": "A", "nl": "A", "value": 1}]},
        "items": [{"code": "i", "en": "I", "nl": "I"}],
        "scales": [
            {
                "code": "s",
                "name": {"en": "S", "nl": "S"},
                "method": "mean",
                "items": ["i"],
                "min": 0,
                "max": 1,
                "higher_is": "better",
            }
        ],
    }


@pytest.mark.parametrize(
    ("part", "where"),
    [
        (lambda d: d, "instrument"),
        (lambda d: d["sources"][0], "source"),
        (lambda d: d["response_scale"], "response scale"),
        (lambda d: d["response_scale"]["options"][0], "option"),
        (lambda d: d["items"][0], "item"),
        (lambda d: d["scales"][0], "scale"),
        (lambda d: d["name"], "text"),
    ],
)
def test_a_key_in_the_wrong_place_is_refused_and_named(part, where) -> None:
    """A key TOML puts in another table than meant (such as a note written below the last
    [[sources]] header, which then belongs to that source) is refused, not ignored."""
    data = _valid_instrument()
    assert parse_instrument(data).code == "x"
    part(data)["unconfirmed_note"] = "lost text"
    with pytest.raises(InstrumentError, match=f"unknown key unconfirmed_note in a {where}"):
        parse_instrument(data)


def test_the_note_on_what_is_not_confirmed_needs_both_languages() -> None:
    data = _valid_instrument()
    data["unconfirmed"] = {"en": "Not in the sources."}
    with pytest.raises(InstrumentError, match="'unconfirmed' needs an English"):
        parse_instrument(data)
    data["unconfirmed"]["nl"] = "Niet in de bronnen."
    parsed = parse_instrument(data)
    assert parsed.unconfirmed("nl") == "Niet in de bronnen."
    assert parsed.unconfirmed("en") == "Not in the sources."
    assert parse_instrument(_valid_instrument()).unconfirmed("nl") == ""


def test_the_shipped_instruments_say_what_their_sources_do_not_confirm() -> None:
    """Both shipped questionnaires rest on choices the public sources do not settle; the
    note is there in both languages (it was once lost inside the last source's table)."""
    for code in ("social-cohesion", "loneliness"):
        questionnaire = library()[code]
        assert questionnaire.unconfirmed("en") and questionnaire.unconfirmed("nl")
        assert questionnaire.unconfirmed("en") != questionnaire.unconfirmed("nl")
        assert all(source.citation and source.confirms for source in questionnaire.sources)
    assert "0 (strongly disagree) to 4" in library()["social-cohesion"].unconfirmed("en")
    assert "0 (helemaal oneens) tot 4" in library()["social-cohesion"].unconfirmed("nl")
