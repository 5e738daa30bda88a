"""Suppression planned over every table of a publication: no group under the minimum can be
seen or worked out, also through a chain of tables."""

from __future__ import annotations

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from voorrang.surveys.analysis import MIN_CELL, complementary_suppression
from voorrang.surveys.disclosure import Relation, plan


def solvable(counts: dict, hidden: set, relations: list[Relation]) -> dict:
    """Every hidden cell whose count a reader can work out exactly from the shown cells and
    the relations, by linear algebra written out here on its own (the plan has its own code
    for the same criterion): a hidden cell is determined when its unit vector lies in the row
    space of the relations restricted to the hidden cells."""
    unknown = sorted((k for k in hidden if counts.get(k, 0) > 0), key=str)
    if not unknown:
        return {}
    position = {k: i for i, k in enumerate(unknown)}
    rows = []
    for r in relations:
        members = [(r.total, 1.0)] + [(p, -1.0) for p in r.parts]
        row = np.zeros(len(unknown))
        for key, sign in members:
            if key in position:
                row[position[key]] += sign
        if row.any():
            rows.append(row)
    if not rows:
        return {}
    matrix = np.array(rows)
    rank = np.linalg.matrix_rank(matrix)
    found = {}
    for key, i in position.items():
        unit = np.zeros(len(unknown))
        unit[i] = 1.0
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            found[key] = counts[key]
    return found


def two_way(table: dict[tuple[str, str], int]) -> tuple[dict, list[Relation]]:
    """A table of buildings by cohort with both margins and the grand total."""
    rows = sorted({b for b, _ in table})
    columns = sorted({c for _, c in table})
    counts = dict(table)
    relations = []
    for b in rows:
        counts[(b, "all")] = sum(table.get((b, c), 0) for c in columns)
        relations.append(Relation((b, "all"), tuple((b, c) for c in columns)))
    for c in columns:
        counts[("all", c)] = sum(table.get((b, c), 0) for b in rows)
        relations.append(Relation(("all", c), tuple((b, c) for b in rows)))
    counts[("all", "all")] = sum(table.values())
    relations.append(Relation(("all", "all"), tuple((b, "all") for b in rows)))
    relations.append(Relation(("all", "all"), tuple(("all", c) for c in columns)))
    return counts, relations


def test_a_cell_of_three_is_not_given_away_by_the_pooled_figure() -> None:
    # Eleven and three at baseline: the pooled fourteen beside the eleven gave the three.
    counts, relations = two_way({("A", "incumbent"): 11, ("B", "incumbent"): 3})
    hidden = plan(counts, relations)
    assert ("B", "incumbent") in hidden
    assert not solvable(counts, hidden, relations)


def test_a_chain_through_two_tables_is_broken() -> None:
    # B's incumbents (3) hidden; differencing B's row gives them unless B's other cell goes,
    # and then the column of that cell would give it back unless one more goes.
    counts, relations = two_way(
        {("A", "incumbent"): 9, ("A", "regular"): 8, ("B", "incumbent"): 3, ("B", "regular"): 7}
    )
    hidden = plan(counts, relations)
    assert not solvable(counts, hidden, relations)
    assert all(counts[k] >= MIN_CELL for k in counts if k not in hidden)


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(
        st.tuples(st.sampled_from("ABC"), st.sampled_from(["inc", "reg", "tgt"])),
        st.integers(0, 14),
        min_size=1,
    )
)
def test_no_hidden_cell_can_be_solved_in_a_two_way_table(table) -> None:
    counts, relations = two_way(table)
    hidden = plan(counts, relations)
    shown = {k: n for k, n in counts.items() if n > 0 and k not in hidden}
    assert all(n >= MIN_CELL for n in shown.values())
    assert all(n >= MIN_CELL for n in solvable(counts, hidden, relations).values())


@given(st.dictionaries(st.sampled_from("abcde"), st.integers(0, 30), min_size=1))
def test_one_table_alone_is_planned_as_the_single_table_rule_plans_it(parts) -> None:
    assume(sum(parts.values()) > 0)  # an empty table has no cells to plan
    counts = {**parts, "all": sum(parts.values())}
    relation = Relation("all", tuple(sorted(parts)))
    assert plan(counts, [relation]) == complementary_suppression(counts, "all")


def test_the_solver_of_these_tests_finds_what_the_old_report_gave_away() -> None:
    counts, relations = two_way({("A", "incumbent"): 11, ("B", "incumbent"): 3})
    per_table = {("B", "incumbent"), ("B", "all")}  # the old, one table at a time
    assert solvable(counts, per_table, relations) == {("B", "incumbent"): 3, ("B", "all"): 3}
