"""``/api/vera/overeenkomsten``: each registration as VERA's Overeenkomst of kind Inschrijving
(INS): ``id`` the registration number, ``idExtern`` the source system's id, ``begindatum``
the registration date (the date that counts), ``einddatum`` when it ended, the status
(Lopend, Beeindigd) and the seeker as its relatie."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from rest_framework import mixins
from rest_framework.response import Response

from voorrang.api.permissions import HasScope
from voorrang.api.vera import codes
from voorrang.api.vera.access import LETTING, RoleServed
from voorrang.api.vera.base import VeraViewSet
from voorrang.seekers.models import Seeker


def inschrijving(seeker: Seeker) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": seeker.registration_number,
        "code": seeker.registration_number,
        "soort": codes.INSCHRIJVING,
        "status": codes.OVEREENKOMST_STATUS[seeker.status],
        "begindatum": seeker.registered_on.isoformat(),
        "relaties": [
            {
                "id": seeker.registration_number,
                "soort": codes.NATUURLIJK_PERSOON,
                "rollen": [{"code": codes.WONINGZOEKENDE["code"]}],
            }
        ],
    }
    if seeker.source_id:
        body["idExtern"] = seeker.source_id
        body["herkomst"] = codes.HERKOMST_MIGRATION
    if seeker.ended_on:
        body["einddatum"] = seeker.ended_on.isoformat()
    return body


class OvereenkomstViewSet(VeraViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Registrations, for the corporation's letting staff. Filters (VERA's ``params``):
    ``idExtern``, ``status.code`` (LOP, BEE)."""

    scope_family = "WRV"
    scope_resource = "Overeenkomsten"
    permission_classes = [HasScope, RoleServed]
    served_roles = LETTING

    def get_queryset(self):
        rows = Seeker.objects.order_by("registration_number")
        if source := self.request.query_params.get("idExtern"):
            rows = rows.filter(source_id=source)
        if status := self.request.query_params.get("status.code"):
            wanted = [s for s, ref in codes.OVEREENKOMST_STATUS.items() if ref["code"] == status]
            rows = rows.filter(status__in=wanted)
        return rows

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([inschrijving(s) for s in page])

    def retrieve(self, request, *args, **kwargs):
        seeker = Seeker.objects.filter(registration_number=self.kwargs["pk"]).first()
        if seeker is None:
            raise Http404
        return Response(inschrijving(seeker))
