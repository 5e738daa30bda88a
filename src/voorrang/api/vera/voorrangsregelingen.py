"""``/api/vera/voorrangsregelingen``: the priority rules of the policy in force, as VERA's
Voorrangsregeling (Woonruimteverdeling.yaml ``Voorrangsregelingbericht``): one for each tier
above the usual order, in the policy's order.

``id`` is the tier of the rules engine (``commitment``, ``urgency``, ``local``), ``code`` and
``soort`` VERA's VOORRANGSOORT: the commitment is a group priority (``GRO``) reached through
the welfare organisation's intake (intakevorm ``MOT``), urgency ``URG``, the local tie a
binding (``BIN``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone, translation

from voorrang.allocation.policies import policy_for, policy_name_for
from voorrang.allocation.selectors.wording import tier_label
from voorrang.api.vera import codes
from voorrang.api.vera.reading import VeraReadViewSet


def _year_of(policy_name: str) -> int | None:
    tail = policy_name.rsplit("-", 1)[-1]
    return int(tail) if tail.isdigit() else None


def regelingen(today: dt.date | None = None) -> list[dict[str, Any]]:
    today = today or timezone.localdate()
    name = policy_name_for(today)
    policy = policy_for(today)
    year = _year_of(name)
    found = []
    for rank, tier in enumerate(policy.tier_order, start=1):
        if tier not in codes.VOORRANGSOORT:
            continue
        extra = [
            {"naam": "beleid", "waarde": policy.id},
            {"naam": "rangorde", "waarde": str(rank)},
        ]
        if tier == "commitment":
            extra.append({"naam": "intakevorm", "waarde": codes.INTAKE_MOTIVATIE["code"]})
        with translation.override("nl"):
            naam = str(tier_label(tier))
        found.append(
            codes.without_empty(
                {
                    "id": tier,
                    "code": codes.VOORRANGSOORT[tier]["code"],
                    "soort": codes.VOORRANGSOORT[tier],
                    "naam": naam,
                    "begindatum": codes.moment(dt.date(year, 1, 1)) if year else None,
                    "einddatum": codes.moment(dt.date(year, 12, 31), end=True) if year else None,
                    "extra-attributen": extra,
                }
            )
        )
    return found


class VoorrangsregelingViewSet(VeraReadViewSet):
    scope_family = "Woonruimteverdeling"
    scope_resource = "Voorrangsregelingen"

    def records(self, request):
        return regelingen()

    def find(self, identifier: str):
        return next((r for r in regelingen() if r["id"] == identifier), None)

    def body(self, record: dict[str, Any], context: Any) -> dict[str, Any]:
        return record
