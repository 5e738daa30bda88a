"""The words of a run's results in the page's language.

The simulation engine imports no Django and writes its charts and tables in English. Its
manifest names each chart by a stable ``key`` (with ``params``: the parts of the title that
are data, such as a scope, a building or a scenario) and each table column by a stable name
(the CSV header). This module maps those keys and names to translatable text; anything it
does not know (a newer engine, an older run) is shown as the engine wrote it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from voorrang.simulation_runs.forms import TIER_LABELS

CHART_TITLES = {
    "registration-time": _("Registration time at allocation, %(scope)s"),
    "allocations-per-tier": _("Allocations per tier, %(scope)s"),
    "homes-let-per-year": _("Homes let per year"),
    "register": _("Seekers on the register"),
    "make-up": _("Make-up of %(building)s"),
    "volunteers": _("Active volunteers in %(building)s"),
    "differences": _("Registration time: differences from %(baseline)s"),
}

SCOPE_LABELS = {
    "region": _("region"),
    "designated buildings": _("designated buildings"),
}

GROUP_LABELS = {
    "regular": _("regular"),
    "urgent": _("urgent"),
    "committed": _("committed (targeted track)"),
}

COLUMN_LABELS = {
    "scenario": _("Scenario"),
    "minus": _("Compared with"),
    "scope": _("Scope"),
    "group": _("Group"),
    "tier": _("Tier"),
    "year": _("Year"),
    "month": _("Month"),
    "series": _("Series"),
    "figure": _("Figure"),
    "replication": _("Replication"),
    "replications": _("Replications"),
    "seed": _("Seed"),
    "value": _("Value"),
    "mean": _("Mean"),
    "low_2.5": _("Low (2.5th percentile)"),
    "high_97.5": _("High (97.5th percentile)"),
    "years_from": _("Registration years from"),
    "years_to": _("Registration years to"),
    "lettings_per_replication": _("Lettings per replication"),
    "share_mean": _("Share (mean)"),
    "share_low_2.5": _("Share, low (2.5th percentile)"),
    "share_high_97.5": _("Share, high (97.5th percentile)"),
}

# The columns whose values are words of the engine, with their labels.
VALUE_LABELS: dict[str, Mapping[str, Any]] = {
    "scope": SCOPE_LABELS,
    "group": GROUP_LABELS,
    "tier": TIER_LABELS,
}


def chart_title(entry: Mapping[str, Any]) -> str:
    """The title of a manifest's chart in the active language: by its key, with its scope
    translated and its other parameters (names) as they are; else the engine's title."""
    fallback = str(entry.get("title", ""))
    template = CHART_TITLES.get(entry.get("key"))  # type: ignore[arg-type]
    params = entry.get("params") or {}
    if template is None or not isinstance(params, Mapping):
        return fallback
    values = {str(name): str(value) for name, value in params.items()}
    if "scope" in values:
        values["scope"] = str(SCOPE_LABELS.get(values["scope"], values["scope"]))
    try:
        return str(template) % values
    except (KeyError, TypeError, ValueError):
        return fallback


def column_label(name: str) -> str:
    """A table column's header in the active language; an unknown column by its name."""
    return str(COLUMN_LABELS.get(name, name))


def cell_label(column: str, value: str) -> str:
    """A table cell in the active language when it is one of the engine's words (a scope,
    a group, a tier); any other value as it is."""
    labels = VALUE_LABELS.get(column)
    if labels is None or value not in labels:
        return value
    return str(labels[value])
