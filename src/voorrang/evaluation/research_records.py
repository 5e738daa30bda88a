"""The research export's tables of the surveys, the targeted track and the stories.

Each table is pseudonymised by the same keyed hash as the letting records
(``research.pseudonym``): a home seeker is ``pseudonym(key, "seeker", registration number)``
in every table, so that the lettings, the applications and the agreements of one person can
be linked. Only structured data leaves: no free text of the targeted track (motivation,
intake notes, reasons, activity descriptions, check-in notes), no names. Of the stories only
the de-identified text, and only of stories whose consent allows analysis and was not
withdrawn. Dates are given to the month; counts of fewer than five people in aggregates are
suppressed.

A table whose app is not installed is left out."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from django.apps import apps

from voorrang.evaluation.research import Column, Table, pseudonym, suppress


def _month(day: date | None) -> str | None:
    return None if day is None else f"{day.year}-{day.month:02d}"


def _local_month(moment: Any) -> str | None:
    if moment is None:
        return None
    from django.utils import timezone

    return _month(timezone.localtime(moment).date())


def tables(key: bytes, as_of: date) -> list[Table]:
    out: list[Table] = []
    if apps.is_installed("voorrang.surveys"):
        out += survey_tables(key, as_of)
    if apps.is_installed("voorrang.commitments"):
        out += track_tables(key, as_of)
    if apps.is_installed("voorrang.stories"):
        out.append(stories_table(key, as_of))
    return out


# --- Surveys ----------------------------------------------------------------------------------


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
            Column("wave", "integer", "months since the baseline wave (0, 12, 24)"),
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
                    _month(s.completed_on),
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


# --- The targeted track -----------------------------------------------------------------------


def _seeker(key: bytes, application: Any) -> str | None:
    if application.seeker_id is None:
        return None
    return pseudonym(key, "seeker", application.seeker.registration_number)


def _application(key: bytes, application_id: int) -> str:
    return pseudonym(key, "application", str(application_id))


SEEKER_COLUMN = Column(
    "seeker",
    "string",
    "pseudonym of the home seeker, the same as 'tenant' in lettings (empty once the "
    "retention period has passed: the link to the person was erased)",
)
APPLICATION_COLUMN = Column(
    "application", "string", "pseudonym of the application to the targeted track"
)


def track_tables(key: bytes, as_of: date) -> list[Table]:
    from voorrang.commitments.models import (
        ActivityLog,
        Application,
        CheckIn,
        CommitmentAgreement,
        StatusPeriod,
    )

    applications = list(
        Application.objects.filter(submitted_at__date__lte=as_of)
        .select_related("seeker", "building", "organisation")
        .prefetch_related("decisions", "intakes", "objections", "assessments__scores")
        .order_by("submitted_at", "pk")
    )
    known = {a.pk for a in applications}

    rows = []
    score_rows = []
    for a in applications:
        decisions = sorted(
            (d for d in a.decisions.all() if d.decided_at.date() <= as_of),
            key=lambda d: (d.decided_at, d.pk),
        )
        first = next((d for d in decisions if d.kind == "decision"), None)
        last = next((d for d in reversed(decisions) if d.kind == "decision"), None)
        renewals = sum(1 for d in decisions if d.kind == "renewal")
        held = sorted(i.held_on for i in a.intakes.all() if i.held_on and i.held_on <= as_of)
        objections = [o for o in a.objections.all() if o.lodged_at.date() <= as_of]
        assessments = sorted(
            (x for x in a.assessments.all() if x.assessed_at.date() <= as_of),
            key=lambda x: (x.assessed_at, x.pk),
        )
        latest = assessments[-1] if assessments else None
        scores = list(latest.scores.all()) if latest else []
        rows.append(
            (
                _application(key, a.pk),
                _seeker(key, a),
                a.building.name,
                a.organisation.name,
                _local_month(a.submitted_at),
                a.status,
                a.hours_per_month,
                _month(a.available_from),
                _month(held[0]) if held else None,
                len(assessments),
                sum(s.score for s in scores) if scores else None,
                len(scores) if scores else None,
                first.outcome if first else None,
                _local_month(first.decided_at) if first else None,
                last.outcome if last else None,
                renewals,
                _month(a.approved_until),
                len(objections),
                sum(1 for o in objections if o.status == "upheld"),
                _local_month(a.closed_at),
                a.retention_applied_at is not None,
            )
        )
        for n, assessment in enumerate(assessments, start=1):
            for s in assessment.scores.all():
                score_rows.append(
                    (
                        _application(key, a.pk),
                        n,
                        _local_month(assessment.assessed_at),
                        s.criterion_id,
                        s.score,
                    )
                )
    criteria = _criteria(score_rows)
    score_rows = [(r[0], r[1], r[2], criteria[r[3]], r[4]) for r in score_rows]

    applications_table = Table(
        name="track_applications",
        description="One row per application to the targeted track submitted up to the data "
        "date. The free text (motivation, skills, experience, intake notes, reasons of "
        "decisions and objections) is not exported.",
        columns=(
            APPLICATION_COLUMN,
            SEEKER_COLUMN,
            Column("building", "string", "the building applied for"),
            Column("organisation", "string", "the welfare organisation that handles it"),
            Column("submitted_month", "month", "month of submission"),
            Column(
                "status",
                "string",
                "status now: submitted, intake_scheduled, intake_held, approved, declined, "
                "withdrawn",
            ),
            Column("hours_offered", "integer", "hours a month the seeker offered"),
            Column("available_month", "month", "month from which the seeker is available"),
            Column("intake_month", "month", "month of the first intake held"),
            Column("assessments", "integer", "number of rubric assessments"),
            Column(
                "rubric_total",
                "integer",
                "sum of the scores (1 to 5 per criterion) of the latest assessment",
            ),
            Column("rubric_criteria", "integer", "criteria scored in the latest assessment"),
            Column("decision", "string", "outcome of the first decision: approved or declined"),
            Column("decision_month", "month", "month of the first decision"),
            Column(
                "latest_decision",
                "string",
                "outcome of the latest decision (after an upheld objection it can differ)",
            ),
            Column("renewals", "integer", "number of renewals of the approval"),
            Column("approved_until_month", "month", "month the approval runs out"),
            Column("objections", "integer", "number of objections lodged"),
            Column("objections_upheld", "integer", "number of objections upheld"),
            Column("closed_month", "month", "month the application was closed"),
            Column(
                "erased",
                "boolean",
                "the retention period has passed: free text erased, seeker replaced by a pseudonym",
            ),
        ),
        rows=rows,
    )
    scores_table = Table(
        name="track_rubric_scores",
        description="Every score of every rubric assessment of the applications (the "
        "assessors' reasons are not exported).",
        columns=(
            APPLICATION_COLUMN,
            Column("assessment", "integer", "number of the assessment of this application"),
            Column("assessed_month", "month", "month of the assessment"),
            Column("criterion", "string", "key of the criterion in the organisation's rubric"),
            Column("score", "integer", "score from 1 to 5"),
        ),
        rows=score_rows,
    )

    agreements = list(
        CommitmentAgreement.objects.filter(application_id__in=known, signed_on__lte=as_of)
        .select_related("application__seeker", "application__building")
        .prefetch_related("activities", "periods")
        .order_by("signed_on", "pk")
    )
    agreement_rows = []
    for ag in agreements:
        a = ag.application
        agreement_rows.append(
            (
                _application(key, a.pk),
                _seeker(key, a),
                a.building.name,
                ag.hours_per_month,
                ag.duration_months,
                len(ag.activities.all()),
                _month(ag.signed_on),
                _month(ag.starts_on),
                _month(ag.moved_in_on) if ag.moved_in_on and ag.moved_in_on <= as_of else None,
                _status_on(ag, as_of),
                ag.end_reason if ag.ended_on and ag.ended_on <= as_of else None,
                _month(ag.ended_on) if ag.ended_on and ag.ended_on <= as_of else None,
            )
        )
    agreements_table = Table(
        name="track_agreements",
        description="One row per commitment agreement signed up to the data date.",
        columns=(
            APPLICATION_COLUMN,
            SEEKER_COLUMN,
            Column("building", "string", "name of the building"),
            Column("hours_per_month", "integer", "hours a month agreed"),
            Column("duration_months", "integer", "agreed duration in months"),
            Column("activities", "integer", "number of activities of the catalogue agreed"),
            Column("signed_month", "month", "month of signing"),
            Column("start_month", "month", "month the agreement starts"),
            Column("moved_in_month", "month", "month the tenant moved in (follow-up starts)"),
            Column(
                "status",
                "string",
                "follow-up status on the data date: active, paused, ended (empty: the "
                "agreement had not started yet)",
            ),
            Column(
                "end_reason",
                "string",
                "moved, health, stopped, not_fulfilled, completed (empty: not ended)",
            ),
            Column("ended_month", "month", "month the follow-up ended"),
        ),
        rows=agreement_rows,
    )

    agreement_ids = {ag.pk: ag.application_id for ag in agreements}
    period_rows = [
        (
            _application(key, agreement_ids[p.agreement_id]),
            p.status,
            _month(p.starts_on),
            _month(p.ends_on) if p.ends_on and p.ends_on <= as_of else None,
            p.reason or None,
        )
        for p in StatusPeriod.objects.filter(
            agreement_id__in=agreement_ids, starts_on__lte=as_of
        ).order_by("agreement__signed_on", "agreement_id", "starts_on", "pk")
    ]
    periods_table = Table(
        name="track_status_history",
        description="The history of the follow-up status of every agreement: one row per "
        "stretch of one status.",
        columns=(
            APPLICATION_COLUMN,
            Column("status", "string", "active, paused or ended"),
            Column("from_month", "month", "month the status began"),
            Column("until_month", "month", "month it ended (empty: still so on the data date)"),
            Column(
                "reason",
                "string",
                "the end reason for 'ended' (the reason of a pause, free text, is not exported)",
            ),
        ),
        rows=period_rows,
    )

    per_month: dict[tuple[int, str], list[Decimal]] = defaultdict(list)
    by_building: dict[tuple[str, str], dict[int, Decimal]] = defaultdict(
        lambda: defaultdict(Decimal)
    )
    building_of = {ag.pk: ag.application.building.name for ag in agreements}
    for agreement_id, done_on, hours in (
        ActivityLog.objects.filter(agreement_id__in=agreement_ids, done_on__lte=as_of)
        .values_list("agreement_id", "done_on", "hours")
        .order_by("done_on", "pk")
    ):
        month = _month(done_on)
        assert month is not None
        per_month[(agreement_id, month)].append(hours)
        by_building[(building_of[agreement_id], month)][agreement_id] += hours
    activity_rows = [
        (
            _application(key, agreement_ids[agreement_id]),
            building_of[agreement_id],
            month,
            len(hours),
            float(sum(hours, Decimal(0))),
        )
        for (agreement_id, month), hours in sorted(
            per_month.items(), key=lambda e: (e[0][1], building_of[e[0][0]], e[0][0])
        )
    ]
    activity_table = Table(
        name="track_activity_months",
        description="The activity log per agreement and month: number of entries and hours "
        "(the descriptions of what was done are not exported).",
        columns=(
            APPLICATION_COLUMN,
            Column("building", "string", "name of the building"),
            Column("month", "month", "month the activities were done"),
            Column("entries", "integer", "number of entries in the activity log"),
            Column("hours", "number", "hours logged"),
        ),
        rows=activity_rows,
    )
    aggregate_rows = []
    for (building, month), tenants in sorted(by_building.items()):
        shown = suppress(len(tenants))
        aggregate_rows.append(
            (
                building,
                month,
                shown,
                None if shown is None else float(sum(tenants.values(), Decimal(0))),
                shown is None,
            )
        )
    activity_aggregate = Table(
        name="track_activity_by_building",
        description="Tenants with a commitment who logged activities, and their hours, per "
        "building and month; cells of fewer than five tenants are suppressed.",
        columns=(
            Column("building", "string", "name of the building"),
            Column("month", "month", "month the activities were done"),
            Column("tenants", "integer", "tenants who logged activities (empty: suppressed)"),
            Column("hours", "number", "hours logged (empty: suppressed)"),
            Column("suppressed", "boolean", "fewer than five tenants: the cell is not given"),
        ),
        rows=aggregate_rows,
    )

    check_in_rows = [
        (
            _application(key, agreement_ids[c.agreement_id]),
            c.month,
            _month(c.due_on),
            _local_month(c.answered_at),
            c.answered_by or None,
            c.settled,
            c.contact,
            c.going or None,
            c.hours_last_month,
            c.wants_support,
        )
        for c in CheckIn.objects.filter(
            agreement_id__in=agreement_ids, answered_at__isnull=False, due_on__lte=as_of
        ).order_by("agreement__signed_on", "agreement_id", "month")
        if c.answered_at is not None and c.answered_at.date() <= as_of
    ]
    check_in_table = Table(
        name="track_check_ins",
        description="The structured answers of the check-ins answered after the move (the "
        "free note is not exported).",
        columns=(
            APPLICATION_COLUMN,
            Column("month_after_move", "integer", "the check-in: 3, 6, 12 or 24 months"),
            Column("due_month", "month", "month the check-in was due"),
            Column("answered_month", "month", "month it was answered"),
            Column("answered_by", "string", "seeker (the tenant) or coordinator"),
            Column("settled", "integer", "'I feel at home in the building', 1 (not at all) to 5"),
            Column("contact", "integer", "'I have contact with my neighbours', 1 to 5"),
            Column("going", "string", "'My activities are going as agreed': yes, partly, no"),
            Column("hours_last_month", "integer", "hours spent on activities last month"),
            Column("wants_support", "boolean", "'I would like support or a talk'"),
        ),
        rows=check_in_rows,
    )
    return [
        applications_table,
        scores_table,
        agreements_table,
        periods_table,
        activity_table,
        activity_aggregate,
        check_in_table,
    ]


def _criteria(score_rows: list[tuple[Any, ...]]) -> dict[int, str]:
    from voorrang.commitments.models import RubricCriterion

    ids = {row[3] for row in score_rows}
    return dict(RubricCriterion.objects.filter(pk__in=ids).values_list("pk", "key"))


def _status_on(agreement: Any, as_of: date) -> str | None:
    """The follow-up status on the data date, from the status history (the current status
    for an agreement without history)."""
    every = list(agreement.periods.all())
    if not every:
        return agreement.status
    periods = [p for p in every if p.starts_on <= as_of]
    if not periods:
        return None  # signed, not started yet on the data date
    current = max(periods, key=lambda p: (p.starts_on, p.pk))
    return current.status


# --- Stories ----------------------------------------------------------------------------------


def stories_table(key: bytes, as_of: date) -> Table:
    """Stories whose consent allows analysis and was not withdrawn, told up to the data date:
    only the de-identified text, and not even that when the check still finds a known name
    or address in it. Never the teller's name or contact, the collector, or the story as
    told."""
    from voorrang.stories.consent import ConsentTier, tiers_allowing
    from voorrang.stories.known import flags_of, known_terms
    from voorrang.stories.models import Story
    from voorrang.stories.states import StoryState

    stories = (
        Story.objects.filter(
            consent__in=tiers_allowing(ConsentTier.ANALYSIS),
            withdrawn_on__isnull=True,
            told_on__lte=as_of,
        )
        .exclude(state=StoryState.WITHDRAWN)
        .select_related("domain", "period", "building")
        .prefetch_related("themes")
        .order_by("told_on", "code")
    )
    known = known_terms()
    rows = []
    for story in stories:
        redacted = bool(story.redacted_text.strip())
        withheld = redacted and bool(flags_of(story, known=known))
        show = redacted and not withheld
        rows.append(
            (
                pseudonym(key, "story", story.code),
                story.building.name if story.building_id else None,
                story.domain.name,
                story.period.name,
                _month(story.told_on),
                story.teller_role,
                story.prompt,
                story.direction,
                story.consent,
                story.state == StoryState.SELECTED,
                "; ".join(sorted(theme.name for theme in story.themes.all())) or None,
                redacted,
                withheld,
                story.redacted_text if show else None,
                story.redacted_significance if show else None,
            )
        )
    return Table(
        name="stories",
        description="Stories of change (Most Significant Change) whose teller's consent "
        "allows analysis and was not withdrawn, told up to the data date. Only the version "
        "without names and addresses is given, and only when the de-identification check finds "
        "no known name or address in it.",
        columns=(
            Column("story", "string", "pseudonym of the story"),
            Column("building", "string", "the building the story is about (may be empty)"),
            Column("domain", "string", "the domain of change"),
            Column("reporting_period", "string", "the reporting period"),
            Column("month_told", "month", "month the story was told"),
            Column("teller_role", "string", "targeted_newcomer, other_resident or professional"),
            Column(
                "question_asked",
                "string",
                "most_significant, negative (what changed for the worse), no_change",
            ),
            Column("direction", "string", "positive, negative, no_change, mixed"),
            Column(
                "consent",
                "string",
                "the teller's consent: analysis, quotation, panel, publication",
            ),
            Column("selected", "boolean", "a selection panel chose the story for its domain"),
            Column("themes", "string", "themes given to the story, separated by '; '"),
            Column("redacted", "boolean", "a version without names and addresses exists"),
            Column(
                "text_withheld_by_check",
                "boolean",
                "the check still found a known name or address: the text is not given",
            ),
            Column("story_text", "string", "the story, without names and addresses"),
            Column(
                "significance",
                "string",
                "why it is significant to the teller, without names and addresses",
            ),
        ),
        rows=rows,
    )
