"""VERA's writes: an ERP posting eenheden (``POST /eenheden``, ``PUT``/``PATCH
/eenheden/{id}``; scope ``WRV.Eenheden.ReadWrite``) and a regional platform posting reacties
(``POST /reacties``; scope ``Woonruimteverdeling.Reacties.ReadWrite``).

One body is an import of one row (voorrang.imports): the same checks, the same services, the
same audit trail, under the client's account. A body whose ``idExtern`` is known changes that
record (idempotent); a problem is a 400 Foutbericht naming VERA's field."""

from __future__ import annotations

import json
from typing import Any

from django.db.models import Q
from django.shortcuts import get_object_or_404
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from voorrang.allocation.models import Response as SeekerResponse
from voorrang.housing.models import Unit
from voorrang.imports import vera_rows
from voorrang.imports.services import NEW, ImportRefused, run_import, unit_row
from voorrang.seekers.models import Seeker


def _body(request) -> dict[str, Any]:
    if not isinstance(request.data, dict):
        raise ValidationError({"body": ["is not a JSON object"]})
    return request.data


def _refused(refused: ImportRefused, fields: dict[str, str]) -> ValidationError:
    """The import's problems as VERA's fields: ``adres.postcode: is not a Dutch postcode``."""
    detail: dict[str, list[str]] = {}
    for problem in refused.result.problems:
        name = fields.get(problem.column, problem.column)
        text = f"'{problem.value}' {problem.problem}" if problem.value else problem.problem
        detail.setdefault(name, []).append(text)
    return ValidationError(detail)


def _import_one(request, kind: str, row: dict[str, Any]):
    data = json.dumps(request.data, sort_keys=True, default=str).encode()
    try:
        return run_import(
            actor=request.user, kind=kind, name=f"VERA {kind}", data=data, rows=[(1, row)]
        )
    except ImportRefused as refused:
        raise _refused(refused, vera_rows.FIELDS[kind]) from None


class WritesAnswer:
    """A write answers with the record as the resource's read side serves it (the viewset it
    is mixed into: ``EenheidViewSet``, ``ReactieViewSet``), so a body posted and a body read
    are one and the same."""

    def answer(self, request, record) -> dict[str, Any]:
        return self.body(record, self.context(request, [record]))


class EenheidWrites(WritesAnswer):
    """``create``, ``update`` and ``partial_update`` of VERA's eenheden."""

    scope_family = "WRV"
    scope_resource = "Eenheden"

    def create(self, request, *args, **kwargs):
        body = _body(request)
        row = vera_rows.eenheid_row(body)
        if not row.get("source_id"):
            raise ValidationError({"idExtern": ["is needed: the unit's id in the ERP"]})
        existing = Unit.objects.filter(source_id=row["source_id"]).select_related("building")
        unit = existing.first()
        if unit is not None:
            # Idempotent on idExtern: a body posted again changes the unit it names.
            row = {**unit_row(unit), **row}
        result = _import_one(request, "units", row)
        unit = Unit.objects.select_related("building").get(source_id=row["source_id"])
        created = result.outcomes[0].action == NEW
        response = Response(
            self.answer(request, unit),
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )
        if created:
            response["Location"] = request.build_absolute_uri(f"/api/vera/eenheden/{unit.pk}")
        return response

    def _change(self, request, pk: str, *, partial: bool):
        unit = get_object_or_404(
            Unit.objects.select_related("building"), pk=pk if str(pk).isdigit() else 0
        )
        body = _body(request)
        row = vera_rows.eenheid_row(body)
        given = row.get("source_id")
        if given and unit.source_id and given != unit.source_id:
            raise ValidationError({"idExtern": ["differs from the unit's idExtern"]})
        if given and Unit.objects.filter(source_id=given).exclude(pk=unit.pk).exists():
            raise ValidationError({"idExtern": ["is the idExtern of another unit"]})
        if not (given or unit.source_id):
            raise ValidationError({"idExtern": ["is needed: the unit's id in the ERP"]})
        if partial:
            row = {**unit_row(unit), **row}
        row.setdefault("source_id", unit.source_id)
        _import_one(request, "units", row)
        unit.refresh_from_db()
        return Response(self.answer(request, unit))

    def update(self, request, pk: str | None = None, *args, **kwargs):
        return self._change(request, pk, partial=False)

    def partial_update(self, request, pk: str | None = None, *args, **kwargs):
        return self._change(request, pk, partial=True)


class ReactieWrites(WritesAnswer):
    """``create`` of VERA's reacties: a seeker's response, through the response rules."""

    scope_family = "Woonruimteverdeling"
    scope_resource = "Reacties"

    def create(self, request, *args, **kwargs):
        row = vera_rows.reactie_row(_body(request))
        for column in ("seeker", "vacancy"):
            if not row.get(column):
                field = vera_rows.RESPONSE_FIELDS[column]
                raise ValidationError({field: ["is needed"]})
        result = _import_one(request, "responses", row)
        seeker = Seeker.objects.get(
            Q(source_id=row["seeker"]) | Q(registration_number=row["seeker"])
        )
        response = SeekerResponse.objects.select_related("vacancy", "seeker").get(
            seeker=seeker, vacancy__reference=row["vacancy"], withdrawn_at__isnull=True
        )
        created = result.outcomes[0].action == NEW
        answer = Response(
            self.answer(request, response),
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )
        if created:
            answer["Location"] = request.build_absolute_uri(f"/api/vera/reacties/{response.pk}")
        return answer
