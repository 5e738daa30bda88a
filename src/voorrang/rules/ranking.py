"""The order of eligible candidates (ALLOCATION_RULES.md, sections 4 to 6)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from voorrang.rules.canonical import input_digest
from voorrang.rules.eligibility import Eligibility, Tiers
from voorrang.rules.errors import InvalidInput
from voorrang.rules.lottery import lottery_number
from voorrang.rules.scenario import Candidate, Scenario, parse_scenario


class RankedCandidate(NamedTuple):
    """A position in a ranking (a named tuple for the same reason as ``Candidate``)."""

    position: int
    candidate: str
    tier: str
    registered_on: date
    lottery: int | None


class Exclusion(NamedTuple):
    candidate: str
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Ranking:
    vacancy: str
    policy: str
    ordering: str
    seed: str | None
    ranking: tuple[RankedCandidate, ...]
    excluded: tuple[Exclusion, ...]
    input_digest: str | None = None

    def to_document(self) -> dict[str, Any]:
        """The output document of ``voorrang rank``, ready for canonical JSON."""
        positions = []
        for entry in self.ranking:
            row: dict[str, Any] = {
                "position": entry.position,
                "candidate": entry.candidate,
                "tier": entry.tier,
                "registered_on": entry.registered_on.isoformat(),
            }
            if entry.lottery is not None:
                row["lottery"] = entry.lottery
            positions.append(row)
        return {
            "vacancy": self.vacancy,
            "policy": self.policy,
            "input_digest": self.input_digest,
            "ranking": positions,
            "excluded": [
                {"candidate": e.candidate, "reasons": list(e.reasons)} for e in self.excluded
            ],
        }


def rank(scenario: Scenario, digest: str | None = None) -> Ranking:
    """Exclude, place in tiers and order. Pure: the same scenario gives the same ranking."""
    vacancy = scenario.vacancy
    policy = scenario.policy
    seed = vacancy.seed
    tier_index = {tier: i for i, tier in enumerate(policy.tier_order)}
    eligibility = Eligibility(vacancy, policy)
    tiers = Tiers(vacancy, policy)
    excluded: list[Exclusion] = []
    eligible: list[tuple[Candidate, str]] = []
    for candidate in scenario.candidates:
        reasons = eligibility.reasons(candidate)
        if reasons:
            excluded.append(Exclusion(candidate.id, tuple(reasons)))
        else:
            eligible.append((candidate, tiers.of(candidate)))

    if seed is None:
        _require_no_ties(eligible)
        lotteries: list[int | None] = [None] * len(eligible)
    else:
        lotteries = [lottery_number(seed, vacancy.id, c.id) for c, _ in eligible]

    if vacancy.ordering == "lottery":
        keys = [
            (tier_index[tier], lottery, c.id)
            for (c, tier), lottery in zip(eligible, lotteries, strict=True)
        ]
    else:
        # Lottery breaks ties of registration date; without a seed there are none (checked).
        keys = [
            (tier_index[tier], c.registered_on, lottery or 0, c.id)
            for (c, tier), lottery in zip(eligible, lotteries, strict=True)
        ]
    order = sorted(range(len(eligible)), key=keys.__getitem__)
    ranking = tuple(
        RankedCandidate(
            position,
            eligible[i][0].id,
            eligible[i][1],
            eligible[i][0].registered_on,
            lotteries[i],
        )
        for position, i in enumerate(order, start=1)
    )
    excluded.sort(key=lambda e: e.candidate)
    return Ranking(
        vacancy=vacancy.id,
        policy=policy.id,
        ordering=vacancy.ordering,
        seed=seed,
        ranking=ranking,
        excluded=tuple(excluded),
        input_digest=digest,
    )


def _require_no_ties(eligible: list[tuple[Candidate, str]]) -> None:
    seen: dict[tuple[str, date], str] = {}
    for candidate, tier in eligible:
        key = (tier, candidate.registered_on)
        other = seen.get(key)
        if other is not None:
            raise InvalidInput(
                "vacancy.seed",
                f"is required: candidates {other} and {candidate.id} in tier {tier!r} "
                f"share the registration date {candidate.registered_on.isoformat()}",
            )
        seen[key] = candidate.id


def rank_document(document: Any) -> Ranking:
    """Parse a scenario document (as ``json.loads`` gave it) and rank it, with its digest."""
    scenario = parse_scenario(document)
    return rank(scenario, digest=input_digest(document))
