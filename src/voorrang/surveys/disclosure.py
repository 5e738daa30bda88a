"""Which survey cells one publication (a report, a page, an export) may show: suppression
planned over every table of the publication together, not table by table. Pure; no Django.

A publication's tables are cells with a number of respondents, tied by *relations*: a total
and the parts it is the sum of (the cohorts of a building and wave and their 'all cohorts';
every building-wave and the number of questionnaires). Counts and score sums follow the same
relations, so whatever can be worked out of the counts can be worked out of the means too.

The plan: hide every cell under ``MIN_CELL`` (primary suppression); then, as long as a reader
could work out a hidden cell under ``MIN_CELL``, or the hidden parts of one relation together
when they hold fewer than ``MIN_CELL``, hide one more cell near it: the smallest shown cell of
a relation that holds it, preferring one whose hiding protects it at once (complementary
suppression). "Work out" is exact linear algebra, not a search for differences: a
combination of hidden cells is known when its vector lies in the row space of the relations
restricted to the hidden cells, so chains through several tables (a part worked out in one
used as known in the next, or sums of margins) are caught too. Cells without respondents
are not cells."""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from voorrang.surveys.did import MIN_CELL


@dataclass(frozen=True)
class Relation:
    total: Hashable
    parts: tuple[Hashable, ...]


class _Reader:
    """What a reader can work out of the shown cells and the relations: every linear
    combination of the hidden cells that the relations fix. A combination (a hidden cell, or
    a group of them) is worked out exactly when its vector lies in the row space of the
    relations restricted to the hidden cells."""

    def __init__(
        self, counts: Mapping[Hashable, int], hidden: set[Hashable], relations: Sequence[Relation]
    ) -> None:
        self.unknown = sorted((k for k in hidden if counts.get(k, 0) > 0), key=str)
        self.position = {k: i for i, k in enumerate(self.unknown)}
        rows = []
        for relation in relations:
            row = np.zeros(len(self.unknown))
            for key, sign in [(relation.total, 1.0)] + [(p, -1.0) for p in relation.parts]:
                if key in self.position:
                    row[self.position[key]] += sign
            if row.any():
                rows.append(row)
        self.matrix = np.array(rows) if rows else np.zeros((0, len(self.unknown)))
        self.rank = np.linalg.matrix_rank(self.matrix) if rows else 0

    def works_out(self, keys: Iterable[Hashable]) -> bool:
        vector = np.zeros(len(self.unknown))
        for key in keys:
            vector[self.position[key]] = 1.0
        if not vector.any():
            return False
        return np.linalg.matrix_rank(np.vstack([self.matrix, vector])) == self.rank


def _leak(
    counts: Mapping[Hashable, int], hidden: set[Hashable], relations: Sequence[Relation]
) -> tuple[Hashable, ...] | None:
    """A group of hidden cells under MIN_CELL that a reader can work out (a single cell, or
    the hidden parts of one relation together), or None."""
    reader = _Reader(counts, hidden, relations)
    for key in reader.unknown:
        if counts[key] < MIN_CELL and reader.works_out([key]):
            return (key,)
    for relation in relations:
        group = tuple(p for p in relation.parts if p in reader.position)
        if 0 < sum(counts[p] for p in group) < MIN_CELL and reader.works_out(group):
            return group
    return None


def plan(
    counts: Mapping[Hashable, int],
    relations: Iterable[Relation],
    *,
    always_shown: Collection[Hashable] = (),
) -> set[Hashable]:
    """The cells to hide so that no group under MIN_CELL can be seen or worked out.
    ``always_shown`` are cells the publication prints regardless: never chosen to hide."""
    relations = list(relations)
    hidden = {key for key, n in counts.items() if 0 < n < MIN_CELL}
    while (group := _leak(counts, hidden, relations)) is not None:
        # Hide the smallest shown cell of a relation that holds the group; prefer one whose
        # hiding protects the group at once.
        near = sorted(
            {
                (counts[key], str(key), key)
                for relation in relations
                if any(g == relation.total or g in relation.parts for g in group)
                for key in (relation.total, *relation.parts)
                if counts.get(key, 0) > 0 and key not in hidden and key not in always_shown
            },
            key=lambda entry: entry[:2],
        )
        if not near:  # nothing near is left to hide: hide every cell that may be hidden
            return hidden | {k for k, n in counts.items() if n > 0 and k not in always_shown}
        protecting = [
            entry
            for entry in near
            if not _Reader(counts, hidden | {entry[2]}, relations).works_out(group)
        ]
        hidden.add((protecting or near)[0][2])
    return hidden
