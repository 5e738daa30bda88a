"""Indicators of the targeted track (voorrang.commitments): pure computations on plain values,
the readers of the track's records, and their entries in the registry of computations."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from voorrang.evaluation.computations import Point, add_months, month, months_between


@dataclass(frozen=True)
class TrackApplication:
    submitted_on: date
    building: str
    approved: bool  # approved at some time (approved_on is set)
    declined: bool  # declined and not (yet) approved


@dataclass(frozen=True)
class Agreement:
    building: str
    starts_on: date
    ended_on: date | None
    hours_per_month: int
    # Periods in which the follow-up was active: (from, until or None).
    active_periods: tuple[tuple[date, date | None], ...]
    term_months: int = 24  # the agreed duration
    completed: bool = False  # ended with "agreed period completed"


@dataclass(frozen=True)
class Activity:
    building: str
    done_on: date
    hours: float


def applications_and_approval(
    applications: Iterable[TrackApplication], *, as_of: date
) -> list[Point]:
    """Per year of submission: applications, and the approval rate among those decided
    (approved / (approved + declined)); n is the number decided."""
    submitted: dict[str, int] = defaultdict(int)
    approved: dict[str, int] = defaultdict(int)
    decided: dict[str, int] = defaultdict(int)
    for a in applications:
        if a.submitted_on > as_of:
            continue
        y = str(a.submitted_on.year)
        submitted[y] += 1
        if a.approved or a.declined:
            decided[y] += 1
            approved[y] += a.approved
    points = []
    for y in sorted(submitted):
        points.append(Point(y, ("applications",), float(submitted[y]), submitted[y]))
        rate = approved[y] / decided[y] if decided[y] else None
        points.append(Point(y, ("approval_rate",), rate, decided[y]))
    return points


def _month_bounds(label: str) -> tuple[date, date]:
    y, m = (int(part) for part in label.split("-"))
    start = date(y, m, 1)
    end = (date(y + (m == 12), m % 12 + 1, 1)) - timedelta(days=1)
    return start, end


def _active_in(agreement: Agreement, start: date, end: date) -> bool:
    return any(
        since <= end and (until is None or until >= start)
        for since, until in agreement.active_periods
    )


def hours_logged_against_agreed(
    agreements: Sequence[Agreement], activities: Iterable[Activity], *, as_of: date
) -> list[Point]:
    """Per month, per building: hours logged, and hours agreed (each agreement's hours a
    month, for the months in which its follow-up was active). Only months that are over."""
    logged: dict[tuple[str, str], float] = defaultdict(float)
    for a in activities:
        if a.done_on <= as_of:
            logged[month(a.done_on), a.building] += a.hours
    if not agreements and not logged:
        return []
    first = min([a.starts_on for a in agreements] + [_month_bounds(m)[0] for m, _b in logged])
    buildings = sorted({a.building for a in agreements} | {b for _m, b in logged})
    points = []
    for label in months_between(first, as_of):
        start, end = _month_bounds(label)
        if end > as_of:
            continue  # a month not yet over would show too few hours logged
        for building in buildings:
            active = [a for a in agreements if a.building == building and _active_in(a, start, end)]
            agreed = sum(a.hours_per_month for a in active)
            if not agreed and (label, building) not in logged:
                continue
            points.append(Point(label, (building, "agreed"), float(agreed), len(active)))
            points.append(
                Point(label, (building, "logged"), round(logged[label, building], 2), len(active))
            )
    return points


def share_active_after(
    agreements: Iterable[Agreement], *, as_of: date, at_months: Sequence[int] = (6, 12, 24)
) -> list[Point]:
    """Per term (the agreed duration, group ``term-<months>``): of the agreements of that
    term that started at least k calendar months before ``as_of``, the share still active
    k months after their start, for each k of ``at_months`` shorter than the term; and at
    the term itself, the share that completed it: not ended before the term's last day, or
    ended as "agreed period completed". An agreement that ends because its term is over has
    done what it agreed; counting it as no longer active would put the share of 24-month
    agreements at 24 months near zero by construction. n is the number of agreements read.
    Months are calendar months (``computations.add_months``)."""
    by_term: dict[int, list[Agreement]] = defaultdict(list)
    for a in agreements:
        by_term[a.term_months].append(a)
    points = []
    for term in sorted(by_term):
        group = (f"term-{term}",)
        for k in sorted({k for k in at_months if k < term} | {term}):
            eligible = [a for a in by_term[term] if add_months(a.starts_on, k) <= as_of]
            if k < term:
                kept = [
                    a
                    for a in eligible
                    if a.ended_on is None or a.ended_on > add_months(a.starts_on, k)
                ]
            else:
                kept = [
                    a
                    for a in eligible
                    if a.completed or a.ended_on is None or a.ended_on >= add_months(a.starts_on, k)
                ]
            share = len(kept) / len(eligible) if eligible else None
            points.append(Point(str(k), group, share, len(eligible)))
    return points


def term_label(code: str) -> str:
    """``term-24`` in words: "agreements of 24 months"."""
    months = int(code.removeprefix("term-"))
    return ngettext("agreements of %(months)s month", "agreements of %(months)s months", months) % {
        "months": months
    }


def activities_per_month(activities: Iterable[Activity], *, as_of: date) -> list[Point]:
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for a in activities:
        if a.done_on <= as_of:
            counts[month(a.done_on), a.building] += 1
    return [Point(m, (b,), float(n), n) for (m, b), n in sorted(counts.items())]


# --- Reading the track's records ----------------------------------------------------------------


def read_applications(as_of: date) -> list[TrackApplication]:
    from voorrang.commitments.models import Application
    from voorrang.commitments.states import ApplicationStatus

    out = []
    for submitted_at, building, approved_on, status in Application.objects.values_list(
        "submitted_at", "building__name", "approved_on", "status"
    ).order_by("submitted_at", "pk"):
        out.append(
            TrackApplication(
                submitted_on=timezone.localdate(submitted_at),
                building=building,
                approved=approved_on is not None and approved_on <= as_of,
                declined=approved_on is None and status == ApplicationStatus.DECLINED,
            )
        )
    return out


def read_agreements(as_of: date) -> list[Agreement]:
    from voorrang.commitments.models import CommitmentAgreement
    from voorrang.commitments.states import EndReason, FollowUpStatus

    out = []
    for agreement in (
        CommitmentAgreement.objects.filter(starts_on__lte=as_of)
        .select_related("application__building")
        .prefetch_related("periods")
        .order_by("starts_on", "pk")
    ):
        ended = agreement.ended_on if agreement.ended_on and agreement.ended_on <= as_of else None
        recorded = list(agreement.periods.all())
        # An agreement still waiting for a home has periods but none active: it has not been
        # active for a day. Only one without any recorded period counts from its start.
        periods = tuple(
            (p.starts_on, p.ends_on) for p in recorded if p.status == FollowUpStatus.ACTIVE
        ) or (() if recorded else ((agreement.starts_on, ended),))
        if not periods:
            continue  # never active (still waiting, or ended before any home was let)
        out.append(
            Agreement(
                building=agreement.application.building.name,
                # Counted from the move into the building when it is known (the track's
                # follow-up starts there), else from the agreement's start.
                starts_on=agreement.moved_in_on or agreement.starts_on,
                ended_on=ended,
                hours_per_month=agreement.hours_per_month,
                active_periods=periods,
                term_months=agreement.duration_months,
                completed=ended is not None and agreement.end_reason == EndReason.COMPLETED,
            )
        )
    return out


def read_activities(as_of: date) -> list[Activity]:
    from voorrang.commitments.models import ActivityLog

    return [
        Activity(building=b, done_on=d, hours=float(h))
        for b, d, h in ActivityLog.objects.filter(done_on__lte=as_of)
        .values_list("agreement__application__building__name", "done_on", "hours")
        .order_by("done_on", "pk")
    ]


def _retention(as_of: date) -> list[Point]:
    return [
        Point(p.period, (term_label(p.group[0]),), p.value, p.n)
        for p in share_active_after(read_agreements(as_of), as_of=as_of)
    ]


def register_track_computations() -> None:
    from voorrang.evaluation.figures import GROUP_LABELS, Computation, register

    GROUP_LABELS.update(
        {
            "applications": _("applications"),
            "approval_rate": _("approval rate (of those decided)"),
            "agreed": _("hours agreed"),
            "logged": _("hours logged"),
            "active": _("share still active"),
        }
    )
    register(
        "track_applications",
        Computation(
            title=_("Applications to the targeted track and approval rate"),
            unit=_("applications; share approved"),
            period_label=_("year"),
            compute=lambda as_of: applications_and_approval(read_applications(as_of), as_of=as_of),
            suppress_small=True,
            chart="bar",
            note=_(
                "Applications by year of submission. The approval rate is the share approved "
                "of the applications decided (approved or declined); n is the number decided."
            ),
        ),
    )
    register(
        "track_hours",
        Computation(
            title=_("Hours logged against hours agreed"),
            unit=_("hours per month"),
            period_label=_("month"),
            compute=lambda as_of: hours_logged_against_agreed(
                read_agreements(as_of), read_activities(as_of), as_of=as_of
            ),
            suppress_small=True,
            note=_(
                "Hours agreed: the hours a month of every agreement whose follow-up was active "
                "in that month. n is the number of such agreements."
            ),
        ),
    )
    register(
        "track_retention",
        Computation(
            title=_("Commitments still active after 6, 12 and 24 months"),
            unit=_("share"),
            period_label=_("months after the start"),
            compute=_retention,
            suppress_small=True,
            chart="bar",
            note=_(
                "Per agreed term: of the agreements that started at least that long before the "
                "data date, the share not ended by then; at the month of the term itself, the "
                "share that completed the term (still running on its last day, or ended as "
                "completed). Months are calendar months. n is the number of those agreements."
            ),
        ),
    )
    register(
        "track_activities",
        Computation(
            title=_("Activities per month per building"),
            unit=_("activities"),
            period_label=_("month"),
            compute=lambda as_of: activities_per_month(read_activities(as_of), as_of=as_of),
            suppress_small=False,
            note=_("Activities logged by the committed tenants or their coordinators."),
        ),
    )
