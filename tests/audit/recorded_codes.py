"""Every audit event code the code base can record, read from its source.

A code is what a call to ``record`` (or ``AuditEvent(...)``, or a function that hands its own
``action`` parameter on to one of those) receives as its ``action``: a string, either string of
a conditional, a local name assigned strings in the same function, or an f-string. An f-string
has no fixed value: its codes are listed in ``DYNAMIC`` below, by its source text, so that a new
one fails until its codes are listed (and given a sentence). Anything else fails too."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import voorrang
from voorrang.commitments.states import ApplicationStatus, ObjectionStatus

SOURCE = Path(voorrang.__file__).resolve().parent

# The codes an f-string can produce, by its source text.
DYNAMIC: dict[str, set[str]] = {
    # commitments.services.application: a decision approves or declines; an objection is
    # upheld or rejected.
    "f'track.{new}'": {
        f"track.{ApplicationStatus.APPROVED}",
        f"track.{ApplicationStatus.DECLINED}",
    },
    "f'track.objection_{new}'": {
        f"track.objection_{ObjectionStatus.UPHELD}",
        f"track.objection_{ObjectionStatus.REJECTED}",
    },
    # seekers.services: income or household checked, rejected, or unchecked by a change.
    "f'seeker.{part.prefix}_{new}'": {
        f"seeker.{part}_{state}"
        for part in ("income", "household")
        for state in ("checked", "rejected")
    },
    "f'seeker.{part.prefix}_unchecked'": {"seeker.income_unchecked", "seeker.household_unchecked"},
    # objections.services: an objection decided, upheld or rejected.
    "f'seeker.objection_{outcome}'": {"seeker.objection_upheld", "seeker.objection_rejected"},
    # demo.letting: a commitment approved or declined.
    "f'commitment.{commitment.status}'": {"commitment.approved", "commitment.declined"},
}

WRITERS = {"record", "AuditEvent"}


def _name(call: ast.Call) -> str | None:
    return getattr(call.func, "id", None) or getattr(call.func, "attr", None)


def _functions(trees: dict[Path, ast.Module]):
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                yield path, node


def _action_argument(call: ast.Call, positions: dict[str, int]) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == "action":
            return keyword.value
    index = positions.get(_name(call) or "")
    if index is not None and len(call.args) > index:
        return call.args[index]
    return None


def _parameters(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    arguments = function.args
    return [a.arg for a in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]]


def recorded_codes() -> tuple[dict[str, set[str]], list[str]]:
    """code -> where it is recorded ("module.py:line"), and what could not be read."""
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in SOURCE.rglob("*.py")}
    writers = set(WRITERS)
    # Position of ``action`` among the positional arguments of each passing-on function.
    positions: dict[str, int] = {}
    # Functions that hand their own ``action`` parameter on to a writer are writers too.
    changed = True
    while changed:
        changed = False
        for _path, function in _functions(trees):
            if function.name in writers or "action" not in _parameters(function):
                continue
            for call in ast.walk(function):
                if isinstance(call, ast.Call) and _name(call) in writers:
                    argument = _action_argument(call, positions)
                    if isinstance(argument, ast.Name) and argument.id == "action":
                        writers.add(function.name)
                        positions[function.name] = _parameters(function).index("action")
                        changed = True
                        break
    codes: dict[str, set[str]] = defaultdict(set)
    unread: list[str] = []
    for path, function in _functions(trees):
        calls = [
            node
            for node in ast.walk(function)
            if isinstance(node, ast.Call) and _name(node) in writers
        ]
        for call in calls:
            where = f"{path.relative_to(SOURCE)}:{call.lineno}"
            argument = _action_argument(call, positions)
            if argument is None:
                unread.append(f"{where}: no action")
                continue
            if (
                isinstance(argument, ast.Name)
                and argument.id == "action"
                and function.name in writers
                and "action" in _parameters(function)
            ):
                continue  # handed on: its callers are read instead
            for code in _values(argument, function, where, unread):
                codes[code].add(where)
    return codes, unread


def _values(
    node: ast.expr, function: ast.FunctionDef | ast.AsyncFunctionDef, where: str, unread: list
) -> set[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _values(node.body, function, where, unread) | _values(
            node.orelse, function, where, unread
        )
    if isinstance(node, ast.JoinedStr):
        source = ast.unparse(node)
        if source in DYNAMIC:
            return DYNAMIC[source]
        unread.append(f"{where}: list the codes of {source} in DYNAMIC")
        return set()
    if isinstance(node, ast.Name):
        assigned = [
            assignment.value
            for assignment in ast.walk(function)
            if isinstance(assignment, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == node.id for t in assignment.targets)
        ]
        if assigned:
            found: set[str] = set()
            for value in assigned:
                found |= _values(value, function, where, unread)
            return found
    unread.append(f"{where}: cannot read the action {ast.unparse(node)}")
    return set()
