"""Replaying a stored ranking, and checking it against its audit event."""

from __future__ import annotations

from dataclasses import dataclass

from voorrang.allocation.models import Ranking, Vacancy
from voorrang.audit.models import AuditEvent
from voorrang.rules import rank_document


@dataclass(frozen=True)
class ReplayResult:
    ranking: Ranking
    digest_matches: bool
    order_matches: bool
    # What differs between the stored ranking and its ``vacancy.ranked`` audit event, which
    # was written with it and cannot be changed: empty when they agree.
    trail_differences: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.digest_matches and self.order_matches and not self.trail_differences


def ranking_against_trail(ranking: Ranking) -> tuple[str, ...]:
    """How the stored ranking differs from what the audit trail recorded when it was made.

    A replay alone recomputes the ranking from its own stored input: someone who changes the
    input, the digest and the entries together passes it. The audit event is append-only and
    chained (docs/decisions/0001-audit-hash-chain.md), so the forgery shows against it."""
    events = [
        after
        for after in AuditEvent.objects.filter(
            action="vacancy.ranked",
            object_type=Vacancy._meta.label_lower,
            object_id=str(ranking.vacancy_id),
        )
        .order_by("pk")
        .values_list("after", flat=True)
        if isinstance(after, dict) and after.get("ranking") == ranking.sequence
    ]
    if not events:
        return ("no audit event records this ranking",)
    if len(events) > 1:
        return (f"{len(events)} audit events record this ranking",)
    recorded = events[0]
    differences = []
    stored = {
        "input_digest": ranking.input_digest,
        "seed": ranking.seed,
        "policy": ranking.policy_id,
        "ranked": ranking.entries.count(),
        "excluded": ranking.exclusions.count(),
    }
    names = {
        "input_digest": "digest",
        "seed": "seed",
        "policy": "policy version",
        "ranked": "number of entries",
        "excluded": "number of exclusions",
    }
    for key, value in stored.items():
        if key not in recorded:  # older events did not record the policy yet
            continue
        if recorded[key] != value:
            differences.append(f"{names[key]} {value} where the audit trail has {recorded[key]}")
    return tuple(differences)


def replay_ranking(ranking: Ranking) -> ReplayResult:
    """Recompute a stored ranking from its stored input and compare digest and order, and
    compare the ranking with its audit event."""
    result = rank_document(ranking.scenario)
    stored = [
        (
            e.seeker.registration_number,
            e.position,
            e.tier,
            None if e.lottery is None else int(e.lottery),
        )
        for e in ranking.entries.select_related("seeker").order_by("position")
    ]
    recomputed = [(r.candidate, r.position, r.tier, r.lottery) for r in result.ranking]
    stored_excluded = sorted(
        (x.seeker.registration_number, tuple(x.reasons))
        for x in ranking.exclusions.select_related("seeker")
    )
    recomputed_excluded = sorted((x.candidate, x.reasons) for x in result.excluded)
    return ReplayResult(
        ranking=ranking,
        digest_matches=result.input_digest == ranking.input_digest,
        order_matches=stored == recomputed and stored_excluded == recomputed_excluded,
        trail_differences=ranking_against_trail(ranking),
    )
