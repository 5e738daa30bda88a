"""The scopes an API client may hold: VERA's own (read from its specifications, so that a name
VERA does not know is refused) and Voorrang's for ``/api/v1/``.

A ``ReadWrite`` scope includes its ``Read``; ``<family>.All.Read`` and ``<family>.All.ReadWrite``
cover every resource of that family (VERA: "alleen lezen van alle resources")."""

from __future__ import annotations

from collections.abc import Iterable

# The resources of VERA's ketenproces Woonruimteverdeling (WRV.yaml) and of the
# Woonruimteverdeling specification that Voorrang serves (reacties, voorrangsregelingen).
WRV_RESOURCES = (
    "Aanbiedingen",
    "Eenheden",
    "Gebeurtenissen",
    "Kandidaten",
    "Overeenkomsten",
    "Overeenkomstkoppelingen",
    "Publicaties",
    "Puntenberekeningen",
    "Puntengebeurtenissen",
    "Reclamaties",
    "Relaties",
    "Sancties",
    "Toewijzingen",
)
WOONRUIMTEVERDELING_RESOURCES = (
    "Aanbiedingen",
    "Gebeurtenissen",
    "HuidigeGebruikers",
    "Kandidaten",
    "Publicaties",
    "Puntenberekeningen",
    "Puntengebeurtenissen",
    "Puntenmutaties",
    "Reacties",
    "Reclamaties",
    "Regelingen",
    "Sancties",
    "Toewijzingen",
    "Voorrangsregelingen",
    "VoorrangsregelingProfielen",
    "Zoekprofielen",
)
# Voorrang's own API (/api/v1/): what VERA lacks or what the parties need whole.
VOORRANG_RESOURCES = (
    "Track",
    "Rankings",
    "Quota",
    "Simulations",
    "Results",
    "Evaluation",
)
FAMILIES: dict[str, tuple[str, ...]] = {
    "WRV": WRV_RESOURCES,
    "Woonruimteverdeling": WOONRUIMTEVERDELING_RESOURCES,
    "Voorrang": VOORRANG_RESOURCES,
}


def all_scopes() -> list[str]:
    names = []
    for family, resources in FAMILIES.items():
        for resource in ("All", *resources):
            names += [f"{family}.{resource}.Read", f"{family}.{resource}.ReadWrite"]
    return names


KNOWN = frozenset(all_scopes())


def unknown(scopes: Iterable[str]) -> list[str]:
    return [scope for scope in scopes if scope not in KNOWN]


def grants(held: Iterable[str], family: str, resource: str, *, write: bool) -> bool:
    """Whether scopes ``held`` allow reading (or, with ``write``, writing) ``resource`` of
    ``family``."""
    held = set(held)
    wanted = ["ReadWrite"] if write else ["Read", "ReadWrite"]
    return any(f"{family}.{name}.{level}" in held for name in (resource, "All") for level in wanted)
