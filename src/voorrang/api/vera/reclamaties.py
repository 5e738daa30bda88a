"""``/api/vera/reclamaties``: the objections against a ranking or an offer
(``voorrang.objections``) as VERA's Reclamatie of kind Bezwaar (BEZ), read only.

The seeker's own words (the objection's reasons) and the decision's reasons stay in
Voorrang: VERA's Reclamatie has no field for them, and the objector is given by registration
number only. The publicatie and the ground go as extra attributes. The targeted track's
objections (``voorrang.commitments``) are welfare records, and are not served here.

VERA's POST (a platform lodging an objection for a seeker) is not offered: lodging needs the
seeker's own reasons and, for a letter, a second staff member to decide it
(``objections.services``); a platform acting for a seeker is not a role the rules know."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import timezone
from rest_framework import mixins
from rest_framework.response import Response

from voorrang.api.permissions import HasScope
from voorrang.api.vera import codes
from voorrang.api.vera.access import LETTING, RoleServed
from voorrang.api.vera.base import VeraViewSet
from voorrang.objections.models import Objection
from voorrang.objections.selectors import objections_for_staff


def _day(moment) -> str:
    return timezone.localdate(moment).isoformat()


def reclamatie(objection: Objection) -> dict[str, Any]:
    seeker = objection.seeker
    relatie: dict[str, Any] = {
        "id": seeker.registration_number,
        "soort": codes.NATUURLIJK_PERSOON,
        "rollen": [{"soort": codes.WONINGZOEKENDE}],
    }
    if seeker.source_id:
        relatie["idExtern"] = seeker.source_id
    body: dict[str, Any] = {
        "id": str(objection.pk),
        "soort": codes.BEZWAAR,
        "begindatum": _day(objection.lodged_at),
        "relatie": relatie,
        "extra-attributen": [
            {"naam": "publicatie", "waarde": objection.vacancy.reference},
            {"naam": "grond", "waarde": objection.ground},
        ],
    }
    if status := codes.RECLAMATIE_STATUS.get(objection.state):
        body["status"] = status
    if objection.decided_at is not None:
        body["einddatum"] = _day(objection.decided_at)
    return body


class ReclamatieViewSet(VeraViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Filters (VERA's ``params``): ``status.code`` (ING, TOE, AFG) and ``relatie.id`` (a
    registration number)."""

    scope_family = "WRV"
    scope_resource = "Reclamaties"
    permission_classes = [HasScope, RoleServed]
    served_roles = LETTING

    def get_queryset(self):
        rows = objections_for_staff().order_by("-lodged_at", "-id")
        if status := self.request.query_params.get("status.code"):
            wanted = [s for s, ref in codes.RECLAMATIE_STATUS.items() if ref["code"] == status]
            rows = rows.filter(state__in=wanted)
        if seeker := self.request.query_params.get("relatie.id"):
            rows = rows.filter(seeker__registration_number=seeker)
        return rows

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([reclamatie(o) for o in page])

    def retrieve(self, request, *args, **kwargs):
        pk = self.kwargs["pk"]
        objection = objections_for_staff().filter(pk=pk).first() if pk.isdigit() else None
        if objection is None:
            raise Http404
        return Response(reclamatie(objection))
