"""Which survey cells one publication (a report, a page, an export) may show: suppression
planned over every table of the publication together, not table by table. Pure; no Django.

A publication's tables are cells with a number of respondents, tied by *relations*: a total
and the parts it is the sum of (the cohorts of a building and wave and their 'all cohorts';
every building-wave and the number of questionnaires). Counts and score sums follow the same
relations, so whatever can be worked out of the counts can be worked out of the means too.

The plan: hide every cell under ``MIN_CELL`` (primary suppression); then, as long as a reader
could work out a group of fewer than ``MIN_CELL`` respondents, by differencing a shown total
against its shown parts, also through a chain of relations (a part worked out in one table
used as a known number in the next), hide one more cell, the smallest shown part of that
relation (complementary suppression). Cells without respondents are not cells."""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from voorrang.surveys.did import MIN_CELL


@dataclass(frozen=True)
class Relation:
    total: Hashable
    parts: tuple[Hashable, ...]


def _known(
    counts: Mapping[Hashable, int], hidden: set[Hashable], relations: Sequence[Relation]
) -> tuple[set[Hashable], dict[Hashable, Relation]]:
    """The cells a reader knows: those shown, and those worked out through the relations
    (with the relation that gave each away)."""
    known = {key for key, n in counts.items() if n > 0 and key not in hidden}
    given_away: dict[Hashable, Relation] = {}
    changed = True
    while changed:
        changed = False
        for relation in relations:
            parts = [p for p in relation.parts if counts.get(p, 0) > 0]
            unknown = [p for p in parts if p not in known]
            if relation.total in known and len(unknown) == 1:
                known.add(unknown[0])
                given_away[unknown[0]] = relation
                changed = True
            elif relation.total not in known and not unknown and parts:
                known.add(relation.total)
                given_away[relation.total] = relation
                changed = True
    return known, given_away


def plan(
    counts: Mapping[Hashable, int],
    relations: Iterable[Relation],
    *,
    always_shown: Collection[Hashable] = (),
) -> set[Hashable]:
    """The cells to hide so that no group under MIN_CELL can be seen or worked out, and no
    hidden cell can be worked out at all. ``always_shown`` are cells the publication prints
    regardless (such as its number of questionnaires): never chosen to hide."""
    relations = list(relations)
    hidden = {key for key, n in counts.items() if 0 < n < MIN_CELL}

    def members(relation: Relation) -> list[Hashable]:
        return [k for k in (relation.total, *relation.parts) if counts.get(k, 0) > 0]

    def hide_smallest(candidates: Iterable[Hashable]) -> bool:
        shown = sorted(
            (counts[k], str(k), k)
            for k in candidates
            if counts.get(k, 0) > 0 and k not in hidden and k not in always_shown
        )
        if shown:
            hidden.add(shown[0][2])
        return bool(shown)

    while True:
        known, given_away = _known(counts, hidden, relations)
        # A hidden cell worked out anyway: hide more of the relation that gave it away,
        # complementary cells first (fixing them often protects the small ones too).
        exposed = sorted(
            (counts[k] < MIN_CELL, str(k), k) for k in hidden if k in known and k in given_away
        )
        if exposed:
            key = exposed[0][2]
            if not hide_smallest(k for k in members(given_away[key]) if k != key):
                return hidden | (set(counts) - set(always_shown))
            continue
        # A group of hidden parts whose sum a shown total gives away, under the minimum.
        leaking = next(
            (
                r
                for r in relations
                if r.total in known
                and 0 < sum(counts.get(p, 0) for p in r.parts if p not in known) < MIN_CELL
            ),
            None,
        )
        if leaking is None:
            return hidden
        if not hide_smallest(p for p in leaking.parts if p in known):
            return hidden | (set(counts) - set(always_shown))
