"""Reads of the surveys that the pages, the report and the indicators share."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet

from voorrang.surveys.instruments import instrument
from voorrang.surveys.models import Answer, Invitation, Respondent, Submission, Wave
from voorrang.surveys.scoring import score_all


@dataclass(frozen=True)
class Response:
    """One submission's answers to one instrument, with its scale scores."""

    submission_id: int
    building_id: int
    building: str
    treated: bool  # the building is designated for targeted allocation
    wave: int  # calendar months after the building's baseline (its first wave)
    wave_label: str  # the wave's name, or its months after the baseline in words
    cohort: str
    instrument: str
    answers: dict[str, str | None]
    scores: dict[str, float | None]


def responses(*, as_of: date | None = None, instrument_code: str | None = None) -> list[Response]:
    """Every submission's answers, scored; only those completed on or before ``as_of``."""
    submissions = Submission.objects.select_related("wave__building", "respondent")
    if as_of is not None:
        submissions = submissions.filter(completed_on__lte=as_of)
    meta = {s.pk: s for s in submissions}
    answers: dict[tuple[int, str], dict[str, str | None]] = defaultdict(dict)
    rows = Answer.objects.filter(submission_id__in=meta.keys())
    if instrument_code is not None:
        rows = rows.filter(instrument=instrument_code)
    for submission_id, code, item, option in rows.values_list(
        "submission_id", "instrument", "item", "option"
    ).order_by("submission_id", "instrument", "item"):
        answers[(submission_id, code)][item] = option or None
    result = []
    for (submission_id, code), given in sorted(answers.items()):
        submission = meta[submission_id]
        result.append(
            Response(
                submission_id=submission_id,
                building_id=submission.wave.building_id,
                building=submission.wave.building.name,
                treated=submission.wave.building.designated,
                wave=submission.wave.offset_months,
                wave_label=submission.wave.label,
                cohort=submission.respondent.cohort,
                instrument=code,
                answers=given,
                scores=score_all(instrument(code), given),
            )
        )
    return result


def waves() -> QuerySet[Wave]:
    return Wave.objects.select_related("building").annotate(
        submitted=Count("submissions", distinct=True),
        invited=Count("invitations", distinct=True),
    )


def respondents_of(wave: Wave) -> list[dict[str, object]]:
    """The building's respondents with what they did in this wave (for the staff page)."""
    answered = dict(Submission.objects.filter(wave=wave).values_list("respondent_id", "channel"))
    open_links = set(
        Invitation.objects.filter(
            wave=wave, used_at__isnull=True, revoked_at__isnull=True
        ).values_list("respondent_id", flat=True)
    )
    return [
        {
            "respondent": respondent,
            "channel": answered.get(respondent.pk),
            "open_link": respondent.pk in open_links,
        }
        for respondent in Respondent.objects.filter(building=wave.building).order_by("pseudonym")
    ]


def cohort_counts(wave: Wave) -> dict[str, int]:
    counts = Respondent.objects.filter(building=wave.building).aggregate(
        **{c: Count("pk", filter=Q(cohort=c)) for c in ("targeted", "regular", "incumbent")}
    )
    return counts
