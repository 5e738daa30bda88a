"""``/api/v1/evaluation-indicators``: the indicators of a theory of change with their figures
as of a date, as the indicators page shows them: aggregates only, and a value of fewer than
five records (``figures.SMALL``) suppressed exactly where the page and the report suppress it."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.response import Response

from voorrang.api.errors import bad_request
from voorrang.api.v1.resources import ResourceViewSet, query_date
from voorrang.evaluation import selectors
from voorrang.evaluation.figures import Figure, indicator_figure
from voorrang.evaluation.models import Indicator, SourceKind
from voorrang.evaluation.pages import source_text


class CellSerializer(serializers.Serializer):
    group = serializers.CharField()
    value = serializers.FloatField(allow_null=True)
    n = serializers.IntegerField(
        allow_null=True, help_text="The records behind the value, where the page shows it."
    )
    suppressed = serializers.BooleanField(help_text="Fewer than five records: not shown.")


class RowSerializer(serializers.Serializer):
    period = serializers.CharField()
    cells = CellSerializer(many=True)


class IndicatorSerializer(serializers.Serializer):
    key = serializers.CharField()
    theory = serializers.CharField()
    name = serializers.CharField()
    definition = serializers.CharField()
    element = serializers.CharField(help_text="The element of the theory it measures.")
    unit = serializers.CharField()
    sourceKind = serializers.ChoiceField(choices=SourceKind.choices)
    source = serializers.CharField()
    asOf = serializers.DateField()
    available = serializers.BooleanField(
        help_text="False when this installation has no source of numbers for it."
    )
    periodLabel = serializers.CharField(allow_null=True)
    rows = RowSerializer(many=True)
    note = serializers.CharField()


def indicator_body(indicator: Indicator, as_of) -> dict[str, Any]:
    figure: Figure | None = indicator_figure(indicator, as_of)
    rows = []
    if figure is not None:
        for period, cells in figure.rows():
            rows.append(
                {
                    "period": str(period),
                    "cells": [
                        {
                            "group": group,
                            "value": None if value is None else float(value),
                            "n": n if figure.suppress_small and not hidden else None,
                            "suppressed": hidden,
                        }
                        for group, (value, n, hidden) in zip(figure.groups, cells, strict=True)
                    ],
                }
            )
    return {
        "key": indicator.key,
        "theory": indicator.theory.key,
        "name": indicator.name,
        "definition": indicator.definition,
        "element": indicator.element.title,
        "unit": (figure.unit if figure is not None else indicator.unit) or "",
        "sourceKind": indicator.source_kind,
        "source": source_text(indicator),
        "asOf": as_of,
        "available": figure is not None,
        "periodLabel": figure.period_label if figure is not None else None,
        "rows": rows,
        "note": (figure.note if figure is not None else "") or "",
    }


PARAMETERS = [
    OpenApiParameter(
        "theory", OpenApiTypes.STR, description="The theory of change's key (else the first)."
    ),
    OpenApiParameter("asOf", OpenApiTypes.DATE, description="The figures as of (else today)."),
]


@extend_schema_view(
    list=extend_schema(summary="The indicators with their figures", parameters=PARAMETERS),
    retrieve=extend_schema(summary="One indicator with its figures", parameters=PARAMETERS),
)
class IndicatorViewSet(ResourceViewSet):
    scope_resource = "Evaluation"
    page = "evaluation:indicators"
    serializer_class = IndicatorSerializer
    lookup_field = "key"
    cursor_ordering = ("position", "id")

    def _theory(self):
        key = self.request.query_params.get("theory")
        toc = selectors.chosen_theory(key)
        if toc is None and key:
            raise bad_request("theory", _("There is no theory of change with this key."))
        return toc

    def _as_of(self):
        return query_date(self.request, "asOf") or timezone.localdate()

    def get_queryset(self):
        toc = self._theory()
        return Indicator.objects.filter(theory=toc).select_related("element", "theory")

    def list(self, request):
        as_of = self._as_of()
        page = self.paginate_queryset(self.get_queryset())
        body = [indicator_body(indicator, as_of) for indicator in page]
        return self.get_paginated_response(IndicatorSerializer(body, many=True).data)

    def retrieve(self, request, key: str):
        as_of = self._as_of()
        indicator = self.get_queryset().filter(key=key).first()
        if indicator is None:
            raise Http404
        return Response(IndicatorSerializer(indicator_body(indicator, as_of)).data)
