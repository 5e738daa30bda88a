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
    out.append(survey_did_table(as_of))
    return out


def survey_did_table(as_of: date) -> Table:
    """The difference-in-differences of every scale, as the report of the same date gives
    it: estimated, or not estimable with the reason; never an arbitrary number."""
    from voorrang.surveys.report import did_results

    rows = []
    for code, scale, sample, result in did_results(as_of=as_of):
        rows.append(
            (
                code,
                scale,
                sample,
                result.estimate is not None,
                result.reason,
                result.estimate,
                result.std_error,
                result.ri_low,
                result.ri_high,
                result.p_value,
                result.assignments,
                result.exact,
                result.excluded_assignments,
                result.n,
                result.buildings,
                result.treated_buildings,
                result.dropped_cells,
                "; ".join(f"{x.building}: {x.why}" for x in result.left_out),
            )
        )
    return Table(
        name="survey_did",
        description="Difference-in-differences of every scale (building and wave fixed "
        "effects; targeted against comparison buildings, after against the baseline wave), "
        "over all cohorts and over the incumbent tenants only, with randomisation inference. "
        "Building-wave cells the report does not show (fewer than five respondents, or "
        "suppressed so they cannot be worked out) are left out, and so are buildings without "
        "a usable baseline or later wave.",
        columns=(
            Column("instrument", "string", "code of the instrument"),
            Column("scale", "string", "code of the scale"),
            Column("sample", "string", "all (every cohort) or incumbent (incumbent tenants)"),
            Column("estimable", "boolean", "false: the design cannot identify the effect"),
            Column("reason", "string", "why it is not estimable (empty when it is)"),
            Column("estimate", "number", "effect in scale points (empty: not estimable)"),
            Column(
                "std_error",
                "number",
                "conventional OLS standard error (too small: "
                "repeated respondents, building-by-wave shocks)",
            ),
            Column(
                "ri_low",
                "number",
                "95% randomisation-inference interval, lower end "
                "(empty: no bound within the range searched)",
            ),
            Column(
                "ri_high",
                "number",
                "95% randomisation-inference interval, upper end "
                "(empty: no bound within the range searched)",
            ),
            Column("p_value", "number", "randomisation-inference p-value of no effect"),
            Column("assignments", "integer", "choices of targeted buildings compared"),
            Column("exact", "boolean", "every possible choice (else a seeded random sample)"),
            Column(
                "excluded_assignments",
                "integer",
                "choices that could not be estimated, left out of the set",
            ),
            Column("n", "integer", "answers in the estimate"),
            Column("buildings", "integer", "buildings in the estimate"),
            Column("treated_buildings", "integer", "targeted buildings in the estimate"),
            Column("dropped_cells", "integer", "building-wave cells left out"),
            Column(
                "left_out",
                "string",
                "buildings left out and why (no_baseline: no usable "
                "baseline; no_later: no usable later wave)",
            ),
        ),
        rows=rows,
    )
