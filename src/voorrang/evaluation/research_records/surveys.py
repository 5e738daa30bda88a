"""The research export's tables of the surveys: one per instrument of the library."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from voorrang.evaluation.research import (
    Column,
    Table,
    month_of,
    pseudonym,
)


def survey_table_name(code: str) -> str:
    return "survey_" + code.replace("-", "_")


def survey_tables(key: bytes, as_of: date) -> list[Table]:
    """One table per instrument of the library: one row per completed questionnaire, with the
    option code of every item (empty: not answered) and the scale scores computed by the
    instrument's own scoring and missing-data rules."""
    from voorrang.surveys.instruments import library
    from voorrang.surveys.models import Answer, Submission
    from voorrang.surveys.scoring import score_all

    submissions = {
        s.pk: s
        for s in Submission.objects.filter(completed_on__lte=as_of).select_related(
            "wave__building", "respondent"
        )
    }
    given: dict[tuple[str, int], dict[str, str | None]] = defaultdict(dict)
    for submission_id, code, item, option in (
        Answer.objects.filter(submission_id__in=submissions.keys())
        .values_list("submission_id", "instrument", "item", "option")
        .order_by("submission_id", "instrument", "item")
    ):
        given[(code, submission_id)][item] = option or None
    out = []
    for code, instrument in sorted(library().items()):
        columns = [
            Column("respondent", "string", "pseudonym of the respondent (HMAC-SHA256)"),
            Column("building", "string", "name of the building"),
            Column("designated", "boolean", "the building is designated for targeted allocation"),
            Column(
                "cohort",
                "string",
                "targeted (targeted newcomer), regular (regular newcomer), incumbent "
                "(incumbent tenant)",
            ),
            Column(
                "wave",
                "integer",
                "calendar months from the opening of the building's baseline (its first wave) "
                "to the opening of this wave, to the nearest month: 0 for the baseline",
            ),
            Column("completed_month", "month", "month the questionnaire was filled in"),
            Column("channel", "string", "online (the online form) or paper (entered by staff)"),
            Column(
                "instrument_version",
                "integer",
                f"version of the instrument {code} in the library",
            ),
        ]
        options = "; ".join(
            f"{o.code} = {o.en}" + (" (counts as not answered)" if o.missing else "")
            for o in instrument.options
        )
        for item in instrument.items:
            columns.append(
                Column(
                    f"item_{item.code}",
                    "string",
                    f"answer to '{item.en}'"
                    + (" (reverse scored)" if item.reverse else "")
                    + f"; options: {options}; empty: not answered",
                )
            )
        for scale in instrument.scales:
            columns.append(
                Column(
                    f"score_{scale.code}",
                    "number",
                    f"{scale.name_en}, {scale.min:g} to {scale.max:g} (higher is "
                    f"{scale.higher_is}); {scale.method} of items {', '.join(scale.items)}, "
                    f"empty when more than {scale.max_missing} item(s) are missing",
                )
            )
        rows = []
        versions = dict(
            Answer.objects.filter(instrument=code, submission_id__in=submissions.keys())
            .values_list("submission_id", "instrument_version")
            .order_by()
        )
        for (answered_code, submission_id), answers in sorted(
            given.items(),
            key=lambda e: (
                submissions[e[0][1]].completed_on,
                submissions[e[0][1]].respondent.pseudonym,
                e[0][1],
            ),
        ):
            if answered_code != code:
                continue
            s = submissions[submission_id]
            scores = score_all(instrument, answers)
            rows.append(
                (
                    pseudonym(key, "respondent", s.respondent.pseudonym),
                    s.wave.building.name,
                    s.wave.building.designated,
                    s.respondent.cohort,
                    s.wave.offset_months,
                    month_of(s.completed_on),
                    s.channel,
                    versions.get(submission_id, instrument.version),
                    *(answers.get(item.code) for item in instrument.items),
                    *(scores[scale.code] for scale in instrument.scales),
                )
            )
        out.append(
            Table(
                name=survey_table_name(code),
                description=f"One row per completed questionnaire of the instrument {code} "
                f"({instrument.name_en}) up to the data date. Respondents are known to "
                "Voorrang by a pseudonym only; the export gives a keyed hash of it.",
                columns=tuple(columns),
                rows=rows,
            )
        )
    return out
