"""``/api/vera/toewijzingen``: the lettings (allocations) as VERA's Toewijzing.

The toewijzing's ``id`` is the vacancy's reference and the allocation's number
(``V-2026-001-17``): a vacancy whose first allocation failed its checks is let again. The
unit, the tenant (``kandidaat.relatie``, by registration number) and the route go with it:
a letting through a priority tier carries that tier as a ``voorrangsregeling`` (the
commitment of the targeted track as GRO), a letting in the usual order carries none. VERA's
Toewijzing has no field for the publicatie: it goes as the extra attribute ``publicatie``."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import mixins
from rest_framework.response import Response

from voorrang.allocation.models import Allocation
from voorrang.api.errors import bad_request
from voorrang.api.permissions import HasScope
from voorrang.api.vera import codes
from voorrang.api.vera.access import LETTING, RoleServed
from voorrang.api.vera.base import VeraViewSet
from voorrang.rules import age_on

ADULT = 18


def moment(day: date | None) -> str | None:
    if day is None:
        return None
    return datetime.combine(day, time(), tzinfo=timezone.get_current_timezone()).isoformat()


def toewijzing_id(allocation: Allocation) -> str:
    return f"{allocation.vacancy.reference}-{allocation.pk}"


def allocations_for_vera() -> QuerySet[Allocation]:
    """Every letting that stands (a failed check ended its allocation), newest first."""
    return (
        Allocation.objects.exclude(state="check_failed")
        .select_related("vacancy", "unit", "seeker")
        .prefetch_related("seeker__members")
        .order_by("-accepted_on", "-id")
    )


def _voorrangsregelingen(allocation: Allocation) -> list[dict[str, Any]]:
    if allocation.tier not in codes.TIER_PRIORITY:
        return []
    soort, naam = codes.TIER_PRIORITY[allocation.tier]
    return [{"id": allocation.tier, "code": allocation.tier, "soort": soort, "naam": naam}]


def toewijzing(allocation: Allocation) -> dict[str, Any]:
    seeker = allocation.seeker
    members = list(seeker.members.all())
    adults = sum(1 for m in members if age_on(m.birth_date, allocation.accepted_on) >= ADULT)
    relatie: dict[str, Any] = {
        "id": seeker.registration_number,
        "soort": codes.NATUURLIJK_PERSOON,
        "rollen": [{"soort": codes.WONINGZOEKENDE}],
    }
    if seeker.source_id:
        relatie["idExtern"] = seeker.source_id
    unit = allocation.unit
    eenheid: dict[str, Any] = {"id": str(unit.pk)}
    if unit.source_id:
        eenheid["idExtern"] = unit.source_id
    body: dict[str, Any] = {
        "id": toewijzing_id(allocation),
        "code": allocation.vacancy.reference,
        "datum": moment(allocation.let_on or allocation.accepted_on),
        "eenheid": eenheid,
        "huishoudgrootte": len(members) or 1,
        "kandidaat": {
            "id": seeker.registration_number,
            "status": codes.TOEGEWEZEN,
            "positie": allocation.position,
            "aantalVolwassenen": adults,
            "aantalKinderen": len(members) - adults,
            "relatie": relatie,
        },
        "voorrangsregelingen": _voorrangsregelingen(allocation),
        "extra-attributen": [{"naam": "publicatie", "waarde": allocation.vacancy.reference}],
    }
    if allocation.contract_rent is not None:
        body["rekenhuur"] = float(allocation.contract_rent)
    if allocation.contract_start is not None:
        body["overeenkomst"] = {
            "soort": codes.HUUROVEREENKOMST,
            "begindatum": allocation.contract_start.isoformat(),
        }
    return body


class ToewijzingViewSet(VeraViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Lettings, for the corporation's letting staff. Filters (VERA's ``params``): ``code``
    (the publicatie's reference) and ``eenheid.id``."""

    scope_family = "WRV"
    scope_resource = "Toewijzingen"
    permission_classes = [HasScope, RoleServed]
    served_roles = LETTING

    def get_queryset(self):
        rows = allocations_for_vera()
        if code := self.request.query_params.get("code"):
            rows = rows.filter(vacancy__reference=code)
        if unit := self.request.query_params.get("eenheid.id"):
            if not unit.isdigit():
                raise bad_request("eenheid.id", _("Give the id of an eenheid (a whole number)."))
            rows = rows.filter(unit_id=int(unit))
        return rows

    def get_object(self):
        reference, _sep, number = self.kwargs["pk"].rpartition("-")
        allocation = (
            allocations_for_vera().filter(pk=number, vacancy__reference=reference).first()
            if number.isdigit()
            else None
        )
        if allocation is None:
            raise Http404
        return allocation

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([toewijzing(a) for a in page])

    def retrieve(self, request, *args, **kwargs):
        return Response(toewijzing(self.get_object()))
