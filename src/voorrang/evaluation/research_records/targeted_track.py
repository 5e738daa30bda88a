"""The research export's tables of the targeted track: applications, intakes, assessments,
agreements, their follow-up and check-ins, as structured data only (no free text)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from voorrang.evaluation.research import (
    Column,
    Table,
    local_month_of,
    month_of,
    pseudonym,
    suppress,
)


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
                local_month_of(a.submitted_at),
                a.status,
                a.hours_per_month,
                month_of(a.available_from),
                month_of(held[0]) if held else None,
                len(assessments),
                sum(s.score for s in scores) if scores else None,
                len(scores) if scores else None,
                first.outcome if first else None,
                local_month_of(first.decided_at) if first else None,
                last.outcome if last else None,
                renewals,
                month_of(a.approved_until),
                len(objections),
                sum(1 for o in objections if o.status == "upheld"),
                local_month_of(a.closed_at),
                a.retention_applied_at is not None,
            )
        )
        for n, assessment in enumerate(assessments, start=1):
            for s in assessment.scores.all():
                score_rows.append(
                    (
                        _application(key, a.pk),
                        n,
                        local_month_of(assessment.assessed_at),
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
                "withdrawn, ended (housed by another route, ended by the policy)",
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
                month_of(ag.signed_on),
                month_of(ag.starts_on),
                month_of(ag.moved_in_on) if ag.moved_in_on and ag.moved_in_on <= as_of else None,
                _status_on(ag, as_of),
                ag.end_reason if ag.ended_on and ag.ended_on <= as_of else None,
                month_of(ag.ended_on) if ag.ended_on and ag.ended_on <= as_of else None,
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
                "follow-up status on the data date: waiting (for a home let through the "
                "commitment), active, paused, ended (empty: the agreement had not started yet)",
            ),
            Column(
                "end_reason",
                "string",
                "moved, health, stopped, not_fulfilled, completed, housed_other_route "
                "(empty: not ended)",
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
            month_of(p.starts_on),
            month_of(p.ends_on) if p.ends_on and p.ends_on <= as_of else None,
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
            Column(
                "status",
                "string",
                "waiting (for a home let through the commitment), active, paused or ended",
            ),
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
        month = month_of(done_on)
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
            month_of(c.due_on),
            local_month_of(c.answered_at),
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
