"""``/api/vera/relaties``: the home seekers as VERA's Relatie: the main applicant as a natural
person (``id`` the registration number, ``idExtern`` the source system's id) in the role
Woningzoekende, the household as a group (Relatiegroep, detail Huishouden) and its other
members as Medebewoner.

A client of the evaluation institute (role researcher) gets pseudonyms only: the same keyed
pseudonym as the research export (``voorrang.evaluation.research``), and nothing else about
the person: no name, address, birth date, contact or registration number."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from rest_framework import exceptions, mixins
from rest_framework.response import Response

from voorrang.api.permissions import HasScope
from voorrang.api.vera import codes
from voorrang.api.vera.access import LETTING, RoleServed, is_researcher
from voorrang.api.vera.base import VeraViewSet
from voorrang.evaluation.research import ResearchKeyMissing, pseudonym, research_key
from voorrang.roles import Role
from voorrang.seekers.models import Seeker


class KeyMissing(exceptions.APIException):
    status_code = 503
    default_code = "research_key_missing"


def key_for_pseudonyms() -> bytes:
    try:
        return research_key()
    except ResearchKeyMissing as exc:
        raise KeyMissing(str(exc)) from None


def seekers_for_vera() -> QuerySet[Seeker]:
    return Seeker.objects.prefetch_related("members").order_by("registration_number")


def relatie(seeker: Seeker) -> dict[str, Any]:
    members = list(seeker.members.all())
    main = next((m for m in members if m.is_main_applicant), members[0] if members else None)
    body: dict[str, Any] = {
        "id": seeker.registration_number,
        "soort": codes.NATUURLIJK_PERSOON,
        "rollen": [{"soort": codes.WONINGZOEKENDE}],
        "groepen": [
            {
                "id": f"{seeker.registration_number}-H",
                "soort": codes.RELATIEGROEP,
                "detailSoort": codes.HUISHOUDEN,
            }
        ],
        "relaties": [
            {
                "id": f"{seeker.registration_number}-{index}",
                "soort": codes.NATUURLIJK_PERSOON,
                # A key (Relatie-sleutels) names its role by code only.
                "rollen": [{"code": codes.MEDEBEWONER["code"]}],
            }
            for index, member in enumerate(members, start=1)
            if member is not main
        ],
    }
    if seeker.source_id:
        body["idExtern"] = seeker.source_id
    if main is not None:
        body |= {
            "voornaam": main.first_name,
            "roepnaam": main.first_name,
            "achternaam": main.last_name,
            "geboortedatum": main.birth_date.isoformat(),
        }
    contacts = [
        {"soort": soort, "waarde": value}
        for soort, value in (
            (codes.ref("EMA", "E-mail"), seeker.email),
            (codes.ref("TEL", "Telefoon"), seeker.phone),
        )
        if value
    ]
    if contacts:
        body["contactgegevens"] = contacts
    return body


def pseudonymous_relatie(seeker: Seeker, key: bytes) -> dict[str, Any]:
    return {
        "id": pseudonym(key, "seeker", seeker.registration_number),
        "soort": codes.NATUURLIJK_PERSOON,
        "rollen": [{"soort": codes.WONINGZOEKENDE}],
    }


class RelatieViewSet(VeraViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Filter (VERA's ``params``): ``idExtern`` (not for the researcher, who gets no source
    ids)."""

    scope_family = "WRV"
    scope_resource = "Relaties"
    permission_classes = [HasScope, RoleServed]
    served_roles = LETTING | {Role.RESEARCHER.value}

    def _body(self):
        if is_researcher(self.request.user):
            key = key_for_pseudonyms()
            return lambda seeker: pseudonymous_relatie(seeker, key)
        return relatie

    def get_queryset(self):
        rows = seekers_for_vera()
        if (source := self.request.query_params.get("idExtern")) and not is_researcher(
            self.request.user
        ):
            rows = rows.filter(source_id=source)
        return rows

    def list(self, request, *args, **kwargs):
        body = self._body()
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([body(s) for s in page])

    def retrieve(self, request, *args, **kwargs):
        wanted = self.kwargs["pk"]
        if is_researcher(request.user):
            key = key_for_pseudonyms()
            # A pseudonym cannot be turned back; find it among the registrations' pseudonyms.
            numbers = Seeker.objects.values_list("registration_number", flat=True).iterator()
            match = next((n for n in numbers if pseudonym(key, "seeker", n) == wanted), None)
            seeker = Seeker.objects.filter(registration_number=match).first() if match else None
            if seeker is None:
                raise Http404
            return Response(pseudonymous_relatie(seeker, key))
        seeker = seekers_for_vera().filter(registration_number=wanted).first()
        if seeker is None:
            raise Http404
        return Response(relatie(seeker))
