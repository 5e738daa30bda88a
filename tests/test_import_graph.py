"""The apps (the packages directly under ``voorrang``, and its top-level modules) depend on each
other without cycles, and no app imports another app's ``views``: pages reach each other by URL.

Every import counts, at the top of a module or inside a function (a deferred import is still
a dependency, only a hidden one). The few cycles that are known and waiting for their fix are
listed in ``KNOWN``, one edge each, with the reason; the test also fails when a listed edge is
gone, so that the list only shrinks."""

from __future__ import annotations

import ast
from collections import defaultdict
from itertools import pairwise
from pathlib import Path

import voorrang

SOURCE = Path(voorrang.__file__).resolve().parent
ROOT = SOURCE.parent

# (importing app, imported app): why the edge stays for now. Each closes a cycle.
KNOWN: dict[tuple[str, str], str] = {}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imported_modules(path: Path) -> list[tuple[str, int]]:
    """Each ``voorrang`` module that ``path`` imports, anywhere in it, with the line."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            for alias in node.names:
                # ``from voorrang.x import y``: y is a module, or a name defined in x.
                full = f"{module}.{alias.name}"
                found.append((full if is_module(full) else module, node.lineno))
    return [(target, line) for target, line in found if target.startswith("voorrang.")]


def app_of(module: str) -> str:
    return module.split(".")[1]


def dependencies() -> dict[tuple[str, str], list[str]]:
    """(app, app it imports) -> where: "module:line imports module"."""
    edges: dict[tuple[str, str], list[str]] = defaultdict(list)
    for path in sorted(SOURCE.rglob("*.py")):
        source = module_name(path)
        if source == "voorrang":
            continue
        for target, line in imported_modules(path):
            if app_of(target) != app_of(source):
                edges[app_of(source), app_of(target)].append(f"{source}:{line} imports {target}")
    return edges


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A path a -> ... -> a through the graph, if it has one (depth-first, in name order)."""
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> list[str] | None:
        if node in path:
            return [*path[path.index(node) :], node]
        if node in done:
            return None
        for following in sorted(graph.get(node, ())):
            cycle = visit(following, [*path, node])
            if cycle:
                return cycle
        done.add(node)
        return None

    for start in sorted(graph):
        cycle = visit(start, [])
        if cycle:
            return cycle
    return None


def test_no_app_imports_another_apps_views() -> None:
    found = [
        where
        for (_, imported), places in dependencies().items()
        for where in places
        if where.split(" imports ")[1].split(".")[2:3] == ["views"]
    ]
    assert not found, "another app's views imported:\n" + "\n".join(found)


def test_the_apps_import_each_other_without_cycles() -> None:
    edges = dependencies()
    graph: dict[str, set[str]] = defaultdict(set)
    for app, imported in edges:
        if (app, imported) not in KNOWN:
            graph[app].add(imported)
    cycle = find_cycle(graph)
    if cycle:
        steps = [f"  {a} -> {b}: " + "; ".join(edges[a, b][:3]) for a, b in pairwise(cycle)]
        message = "a cycle between apps: " + " -> ".join(cycle)
        raise AssertionError(message + "\n" + "\n".join(steps))


def test_each_known_exception_is_still_needed() -> None:
    edges = dependencies()
    gone = [f"{a} -> {b}" for a, b in KNOWN if (a, b) not in edges]
    assert not gone, "no longer imported, remove from KNOWN: " + ", ".join(gone)


def test_a_cycle_is_found_with_its_path() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "d": {"a"}}) is None
