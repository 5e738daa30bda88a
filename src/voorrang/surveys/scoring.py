"""Scale scores of one respondent's answers, by the rules of the instrument library. Pure.

An answer is an option code, or ``None`` when the item was not answered. Options marked
``missing`` (such as "don't know") count as not answered."""

from __future__ import annotations

from collections.abc import Mapping

from voorrang.surveys.instruments import Instrument, Item, Scale


def _answered(instrument: Instrument, answer: str | None) -> bool:
    return answer is not None and not instrument.option(answer).missing


def item_score(
    instrument: Instrument, scale: Scale, item: Item, answer: str | None
) -> float | None:
    """The item's contribution to the scale; ``None`` when it is not answered."""
    if not _answered(instrument, answer):
        return None
    assert answer is not None
    if scale.method == "count":
        return 1.0 if answer in item.scores_one else 0.0
    value = instrument.option(answer).value
    assert value is not None and instrument.option_min is not None
    assert instrument.option_max is not None
    if item.reverse:
        value = instrument.option_min + instrument.option_max - value
    return float(value)


def scale_score(
    instrument: Instrument, scale: Scale, answers: Mapping[str, str | None]
) -> float | None:
    """The score on one scale, or ``None`` when more items are missing than the scale allows.

    'count': the number of items whose answer is one of the item's ``scores_one`` options; an
    allowed missing item counts 0 (as in the developers' SPSS syntax of the loneliness scale).
    'mean': the mean of the answered items' values, rescaled from the options' range to the
    scale's range."""
    scores = [
        item_score(instrument, scale, instrument.item(code), answers.get(code))
        for code in scale.items
    ]
    present = [s for s in scores if s is not None]
    if len(scores) - len(present) > scale.max_missing:
        return None
    if scale.method == "count":
        return float(sum(present))
    assert instrument.option_min is not None and instrument.option_max is not None
    low, high = instrument.option_min, instrument.option_max
    mean = sum(present) / len(present)
    return scale.min + (mean - low) / (high - low) * (scale.max - scale.min)


def score_all(instrument: Instrument, answers: Mapping[str, str | None]) -> dict[str, float | None]:
    """Every scale of the instrument, by scale code."""
    unknown = {code for code, answer in answers.items() if answer is not None} - {
        item.code for item in instrument.items
    }
    if unknown:
        raise ValueError(f"answers to items not in {instrument.code}: {sorted(unknown)}")
    for code, answer in answers.items():
        if answer is not None and answer not in instrument.option_codes:
            raise ValueError(f"item {code}: {answer!r} is not an option of {instrument.code}")
    return {scale.code: scale_score(instrument, scale, answers) for scale in instrument.scales}


def category(scale: Scale, score: float | None) -> str | None:
    """The code of the scale's category the score falls in (categories ordered by 'upto')."""
    if score is None:
        return None
    for cat in scale.categories:
        if score <= cat.upto:
            return cat.code
    return None


def item_matrix(
    instrument: Instrument, scale: Scale, answer_sets: list[Mapping[str, str | None]]
) -> list[list[float]]:
    """The item scores of the respondents who answered every item of the scale (for
    Cronbach's alpha, which needs complete cases)."""
    rows = []
    for answers in answer_sets:
        row = [
            item_score(instrument, scale, instrument.item(code), answers.get(code))
            for code in scale.items
        ]
        if all(value is not None for value in row):
            rows.append([float(v) for v in row if v is not None])
    return rows
