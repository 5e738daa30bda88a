"""The words the charts of a run draw, and how they write numbers: English by default (the
command line), or given in the reader's language by whoever draws for a page.

The engine stays free of any translation machinery: a caller that has it (the web pages)
builds a ``ChartWords`` in its language and passes it in. A missing word falls back to the
English one, so an older caller still draws every chart."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

TITLES = {
    "registration-time": "Registration time at allocation, %(scope)s",
    "allocations-per-tier": "Allocations per tier, %(scope)s",
    "homes-let-per-year": "Homes let per year",
    "register": "Seekers on the register",
    "make-up": "Make-up of %(building)s",
    "volunteers": "Active volunteers in %(building)s",
    "differences": "Registration time: differences from %(baseline)s",
}
SCOPES = {"region": "region", "designated buildings": "designated buildings"}
GROUPS = {"regular": "regular", "urgent": "urgent", "committed": "committed (targeted)"}
TIERS = {"commitment": "commitment", "urgency": "urgency", "local": "local", "regular": "regular"}
# Axis labels and legend entries, by what they label.
LABELS = {
    "registration-time.x": "registration time at allocation (years; last bin: 29 and more)",
    "registration-time.y": "share of the group's lettings",
    "allocations-per-tier.y": "homes let a year (mean, 95% interval)",
    "homes-let-per-year.x": "calendar year (first and last may be partial)",
    "homes-let-per-year.y": "homes let (mean, 95% interval)",
    "register.on-the-register": "on the register",
    "register.searching": "searching",
    "register.y": "seekers (mean, 95% band)",
    "make-up.urgent": "units let to urgent seekers",
    "make-up.targeted": "units let through the targeted track",
    "make-up.y": "share of the building's units (mean, 95% band)",
    "volunteers.active": "active volunteers",
    "volunteers.y": "volunteers (mean, 95% band)",
    "differences.x": "difference in mean registration years at allocation (paired, 95% interval)",
    "differences.row": "%(group)s, %(scope)s - %(scenario)s",
    "legend.of-scenario": "%(label)s - %(scenario)s",
}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class ChartWords:
    """Every word a run's charts draw, by key, with the language's number separators.

    ``titles`` and some ``labels`` are ``%``-templates: a title's ``scope`` is written with
    ``scopes``, its ``baseline`` (a scenario) with ``scenarios``, its ``building`` as named.
    ``scenarios`` gives a scenario's title by its name; a scenario not in it is shown by its
    name."""

    titles: Mapping[str, str] = field(default_factory=lambda: dict(TITLES))
    scopes: Mapping[str, str] = field(default_factory=lambda: dict(SCOPES))
    groups: Mapping[str, str] = field(default_factory=lambda: dict(GROUPS))
    tiers: Mapping[str, str] = field(default_factory=lambda: dict(TIERS))
    labels: Mapping[str, str] = field(default_factory=lambda: dict(LABELS))
    months: Sequence[str] = MONTHS
    scenarios: Mapping[str, str] = field(default_factory=dict)
    decimal: str = "."
    thousands: str = ","

    def title(self, key: str, **params: str) -> str:
        values = dict(params)
        if "scope" in values:
            values["scope"] = self.scope(values["scope"])
        if "baseline" in values:
            values["baseline"] = self.scenario(values["baseline"])
        return self.titles.get(key, TITLES[key]) % values

    def label(self, key: str, **params: str) -> str:
        template = self.labels.get(key, LABELS[key])
        return template % params if params else template

    def scope(self, name: str) -> str:
        return self.scopes.get(name, name)

    def group(self, name: str) -> str:
        return self.groups.get(name, GROUPS.get(name, name))

    def tier(self, name: str) -> str:
        return self.tiers.get(name, name)

    def scenario(self, name: str) -> str:
        return self.scenarios.get(name, name)

    def of_scenario(self, label: str, scenario: str) -> str:
        """A legend entry of one of several scenarios."""
        return self.label("legend.of-scenario", label=label, scenario=self.scenario(scenario))


ENGLISH = ChartWords()
