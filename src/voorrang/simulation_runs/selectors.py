"""Reads of the simulation pages: the runs, and what a finished run left in its results (in
the file storage, voorrang.files: the data folder or the database)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import get_language

from voorrang.files import file_storage
from voorrang.jobs.models import Job
from voorrang.jobs.services import result_files, results_of
from voorrang.simulation_runs.jobs import ARCHIVE, KIND
from voorrang.simulation_runs.labels import (
    cell_label,
    chart_title,
    column_label,
    scenario_titles,
)

MANIFEST = "manifest.json"
# A table longer than this is shown in part on the page; the whole is in its CSV file.
TABLE_ROWS_SHOWN = 400


def runs() -> QuerySet[Job]:
    """Every simulation run, newest first."""
    return Job.objects.filter(kind=KIND).select_related("created_by").order_by("-created_at", "-id")


@dataclass(frozen=True)
class Table:
    columns: list[str]  # the names in the CSV file
    header: list[str]  # the same in the page's language
    rows: list[list[str]]
    total_rows: int
    file: str


@dataclass(frozen=True)
class Chart:
    key: str
    title: str  # in the page's language, as are its images when the run drew them in it
    svg: str | None
    png: str | None
    table: Table | None


@dataclass(frozen=True)
class DataFile:
    name: str
    size: int


@dataclass(frozen=True)
class RunResults:
    charts: list[Chart]
    files: list[DataFile]
    archive: DataFile | None
    manifest: dict[str, Any]
    scenarios: dict[str, str]  # the run's scenarios by name: their titles


class _Stored:
    """The files of one run, listed once: a name is served only when it is one of them, so
    nothing outside the run's results can be asked for."""

    def __init__(self, job: Job) -> None:
        self.root = results_of(job)
        self.sizes = result_files(job)

    def has(self, name: Any) -> bool:
        return isinstance(name, str) and name in self.sizes

    def name_of(self, name: str) -> str:
        return f"{self.root}/{name}"

    def text(self, name: str) -> str:
        with file_storage().open(self.name_of(name), "rb") as handle:
            return handle.read().decode("utf-8")


def read_table(stored: _Stored, name: str, scenarios: dict[str, str] | None = None) -> Table | None:
    """The first rows of a CSV file of the run, its headers and the engine's words in it
    (scopes, groups, tiers, series, months) in the page's language, its scenarios by their
    titles in ``scenarios``."""
    if not stored.has(name):
        return None
    reader = csv.reader(io.StringIO(stored.text(name), newline=""))
    columns = next(reader, [])
    rows, total = [], 0
    for row in reader:
        total += 1
        if total <= TABLE_ROWS_SHOWN:
            rows.append(
                [
                    cell_label(columns[i] if i < len(columns) else "", value, scenarios)
                    for i, value in enumerate(row)
                ]
            )
    return Table(
        columns=columns,
        header=[column_label(c) for c in columns],
        rows=rows,
        total_rows=total,
        file=name,
    )


def results(job: Job) -> RunResults | None:
    """The charts, tables and files of a finished run, as its manifest lists them; None when
    the run has no (readable) results."""
    stored = _Stored(job)
    if not stored.has(MANIFEST):
        return None
    try:
        manifest = json.loads(stored.text(MANIFEST))
    except (OSError, ValueError):
        return None
    names = [str(name) for name in manifest.get("scenarios", []) if isinstance(name, str)]
    parameters = job.parameters if isinstance(job.parameters, dict) else {}
    compared = bool(parameters.get("compare", False))
    scenarios = scenario_titles(names, compared=compared)
    charts = []
    for entry in manifest.get("charts", []):
        if not isinstance(entry, dict):
            continue
        table = entry.get("table")
        drawn = _drawn_in(entry, get_language())
        charts.append(
            Chart(
                key=str(entry.get("key", "")),
                title=chart_title(entry, scenarios),
                svg=_file(stored, drawn, entry, "svg"),
                png=_file(stored, drawn, entry, "png"),
                table=read_table(stored, table, scenarios) if isinstance(table, str) else None,
            )
        )
    files = [
        DataFile(name=name, size=stored.sizes[name])
        for name in manifest.get("files", [])
        if stored.has(name)
    ]
    archive = DataFile(ARCHIVE, stored.sizes[ARCHIVE]) if stored.has(ARCHIVE) else None
    return RunResults(
        charts=charts, files=files, archive=archive, manifest=manifest, scenarios=scenarios
    )


def _drawn_in(entry: dict[str, Any], language: str | None) -> dict[str, Any]:
    """A chart's images drawn in ``language``, when the run drew them (runs since charts
    are drawn per language); else nothing."""
    languages = entry.get("languages")
    if not isinstance(languages, dict) or not language:
        return {}
    drawn = languages.get(language) or languages.get(language.split("-")[0])
    return drawn if isinstance(drawn, dict) else {}


def _file(stored: _Stored, drawn: dict[str, Any], entry: dict[str, Any], kind: str) -> str | None:
    """The chart's ``kind`` (svg or png) image in the page's language, else the one drawn
    in English; only a file of the run's results."""
    for name in (drawn.get(kind), entry.get(kind)):
        if stored.has(name):
            return name
    return None


def downloadable(job: Job, name: str) -> str | None:
    """The storage name of the run's file ``name``, when the run lists it (its manifest, a
    chart, the archive); None for anything else, so nothing outside the run's results is
    ever served."""
    found = results(job)
    if found is None:
        return None
    names = {f.name for f in found.files} | {MANIFEST}
    if found.archive:
        names.add(found.archive.name)
    for chart in found.charts:
        names.update(n for n in (chart.svg, chart.png) if n)
        if chart.table:
            names.add(chart.table.file)
    if name not in names:
        return None
    return f"{results_of(job)}/{name}"
