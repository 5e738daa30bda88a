"""The words of a run's results in the page's language.

The simulation engine imports no Django and writes its charts and tables in English. Its
manifest names each chart by a stable ``key`` (with ``params``: the parts of the title that
are data, such as a scope, a building or a scenario) and each table column by a stable name
(the CSV header). This module maps those keys and names to translatable text; anything it
does not know (a newer engine, an older run) is shown as the engine wrote it.

The charts' images are drawn by the engine with the words it is given: ``chart_words`` gives
them in the active language (the job draws a run's charts in every language of the site).
Scenarios are named by identifiers (``zeist-lflat-changed``); ``scenario_title`` is what a
reader calls them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format, get_format
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from voorrang.simulation.chart_words import ChartWords
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

# The monthly series of a run (the ``series`` column); those of a building end in its name.
SERIES_LABELS = {
    "seekers on the register": _("seekers on the register"),
    "seekers searching": _("seekers searching"),
    "registrations": _("registrations"),
    "homes let": _("homes let"),
}
BUILDING_SERIES_LABELS = {
    "active volunteers": _("active volunteers, %(building)s"),
    "share of units with an urgent tenant": _("share of units with an urgent tenant, %(building)s"),
    "share of units let through the targeted track": _(
        "share of units let through the targeted track, %(building)s"
    ),
}
# The figures of the differences' table.
REGISTRATION_FIGURE = "mean registration years at allocation"
REGISTRATION_FIGURE_LABEL = _("mean registration years at allocation, %(group)s, %(scope)s")

# The shipped scenarios by what a reader calls them; any other scenario by its name.
SCENARIO_TITLES = {
    "zeist-lflat": _("Zeist: the L-flat"),
    "utrecht-2020": _("Utrecht region, 2020"),
}
CHANGED_SUFFIX = "-changed"

ENGINE_LABELS = {
    "fast": _("fast (all of a month's responses at once)"),
    "reference": _("reference (the allocation rules for every vacancy)"),
}

# The words drawn in the charts' images (see ``voorrang.simulation.chart_words``).
CHART_LABELS = {
    "registration-time.x": _("registration time at allocation (years; last bin: 29 and more)"),
    "registration-time.y": _("share of the group's lettings"),
    "allocations-per-tier.y": _("homes let a year (mean, 95% interval)"),
    "homes-let-per-year.x": _("calendar year (first and last may be partial)"),
    "homes-let-per-year.y": _("homes let (mean, 95% interval)"),
    "register.on-the-register": _("on the register"),
    "register.searching": _("searching"),
    "register.y": _("seekers (mean, 95% band)"),
    "make-up.urgent": _("units let to urgent seekers"),
    "make-up.targeted": _("units let through the targeted track"),
    "make-up.y": _("share of the building's units (mean, 95% band)"),
    "volunteers.active": _("active volunteers"),
    "volunteers.y": _("volunteers (mean, 95% band)"),
    "differences.x": _(
        "difference in mean registration years at allocation (paired, 95% interval)"
    ),
    "differences.row": _("%(group)s, %(scope)s – %(scenario)s"),
    "legend.of-scenario": _("%(label)s – %(scenario)s"),
}
# Short enough to stand under a bar.
CHART_TIER_LABELS = {
    "commitment": pgettext_lazy("priority tier", "commitment"),
    "urgency": pgettext_lazy("priority tier", "urgency"),
    "local": pgettext_lazy("priority tier", "local tie"),
    "regular": pgettext_lazy("priority tier", "regular"),
}
MONTH_ABBREVIATIONS = (
    pgettext_lazy("month, abbreviated", "Jan"),
    pgettext_lazy("month, abbreviated", "Feb"),
    pgettext_lazy("month, abbreviated", "Mar"),
    pgettext_lazy("month, abbreviated", "Apr"),
    pgettext_lazy("month, abbreviated", "May"),
    pgettext_lazy("month, abbreviated", "Jun"),
    pgettext_lazy("month, abbreviated", "Jul"),
    pgettext_lazy("month, abbreviated", "Aug"),
    pgettext_lazy("month, abbreviated", "Sep"),
    pgettext_lazy("month, abbreviated", "Oct"),
    pgettext_lazy("month, abbreviated", "Nov"),
    pgettext_lazy("month, abbreviated", "Dec"),
)


def scenario_title(name: str, *, compared: bool = False) -> str:
    """What a reader calls the scenario ``name`` of a run, in the active language. With
    ``compared`` (the run also ran the policy in force) a shipped scenario's own name is
    that policy; ``<name>-changed`` is always the changed one. An unknown scenario keeps its
    name."""
    if name in SCENARIO_TITLES:
        title = str(SCENARIO_TITLES[name])
        if compared:
            return gettext("%(scenario)s, policy in force") % {"scenario": title}
        return title
    base = name.removesuffix(CHANGED_SUFFIX)
    if name.endswith(CHANGED_SUFFIX) and base in SCENARIO_TITLES:
        return gettext("%(scenario)s, changed policy") % {"scenario": SCENARIO_TITLES[base]}
    return name


def scenario_titles(names: list[str], *, compared: bool = False) -> dict[str, str]:
    return {name: scenario_title(name, compared=compared) for name in names}


def engine_label(engine: str) -> str:
    """The name of a simulation engine in the active language; an unknown one as it is."""
    return str(ENGINE_LABELS.get(engine, engine))


def chart_words(scenarios: Mapping[str, str] | None = None) -> ChartWords:
    """The words of the charts' images in the active language, with the run's ``scenarios``
    by their titles."""
    return ChartWords(
        titles={key: str(title) for key, title in CHART_TITLES.items()},
        scopes={key: str(label) for key, label in SCOPE_LABELS.items()},
        groups={key: str(label) for key, label in GROUP_LABELS.items()},
        tiers={key: str(label) for key, label in CHART_TIER_LABELS.items()},
        labels={key: str(label) for key, label in CHART_LABELS.items()},
        months=tuple(str(month) for month in MONTH_ABBREVIATIONS),
        scenarios=dict(scenarios or {}),
        decimal=str(get_format("DECIMAL_SEPARATOR")),
        thousands=str(get_format("THOUSAND_SEPARATOR")),
    )


def chart_words_by_language(names: list[str], *, compared: bool) -> dict[str, ChartWords]:
    """The charts' words in every language of the site, for a run of the scenarios
    ``names``."""
    words = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            words[code] = chart_words(scenario_titles(names, compared=compared))
    return words


def chart_title(entry: Mapping[str, Any], scenarios: Mapping[str, str] | None = None) -> str:
    """The title of a manifest's chart in the active language: by its key, with its scope
    translated, its baseline by its title in ``scenarios`` and its other parameters (names)
    as they are; else the engine's title."""
    fallback = str(entry.get("title", ""))
    template = CHART_TITLES.get(entry.get("key"))  # type: ignore[arg-type]
    params = entry.get("params") or {}
    if template is None or not isinstance(params, Mapping):
        return fallback
    values = {str(name): str(value) for name, value in params.items()}
    if "scope" in values:
        values["scope"] = str(SCOPE_LABELS.get(values["scope"], values["scope"]))
    if "baseline" in values and scenarios:
        values["baseline"] = scenarios.get(values["baseline"], values["baseline"])
    try:
        return str(template) % values
    except (KeyError, TypeError, ValueError):
        return fallback


def column_label(name: str) -> str:
    """A table column's header in the active language; an unknown column by its name."""
    return str(COLUMN_LABELS.get(name, name))


def _series_label(value: str) -> str | None:
    if value in SERIES_LABELS:
        return str(SERIES_LABELS[value])
    for prefix, template in BUILDING_SERIES_LABELS.items():
        if value.startswith(f"{prefix}, "):
            return str(template) % {"building": value[len(prefix) + 2 :]}
    return None


def _figure_label(value: str) -> str | None:
    parts = value.split(", ")
    if len(parts) == 3 and parts[0] == REGISTRATION_FIGURE:
        group, scope = parts[1], parts[2]
        return str(REGISTRATION_FIGURE_LABEL) % {
            "group": GROUP_LABELS.get(group, group),
            "scope": SCOPE_LABELS.get(scope, scope),
        }
    return None


def _month_label(value: str) -> str | None:
    try:
        month = date.fromisoformat(value)
    except ValueError:
        return None
    return date_format(month, "F Y")


def cell_label(column: str, value: str, scenarios: Mapping[str, str] | None = None) -> str:
    """A table cell in the active language when it is one of the engine's words (a scope,
    a group, a tier, a series, a figure of the differences), a month (by its name) or a
    scenario (by its title in ``scenarios``); any other value as it is."""
    if column in ("scenario", "minus"):
        return (scenarios or {}).get(value, value)
    if column == "month":
        return _month_label(value) or value
    if column == "series":
        return _series_label(value) or value
    if column == "figure":
        return _figure_label(value) or value
    labels = VALUE_LABELS.get(column)
    if labels is None or value not in labels:
        return value
    return str(labels[value])
