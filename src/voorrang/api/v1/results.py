"""``/api/v1/published-results``: what the public results page shows of each letting, and
nothing more: never a name or a registration number."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers

from voorrang.allocation.models import Ordering, PublishedResult
from voorrang.api.v1.resources import ResourceViewSet
from voorrang.portal.selectors import results_page_rows


class PublishedResultSerializer(serializers.Serializer):
    vacancy = serializers.CharField(source="vacancy.reference")
    address = serializers.SerializerMethodField()
    building = serializers.CharField(source="vacancy.unit.building.name")
    rooms = serializers.IntegerField(source="vacancy.unit.rooms")
    surfaceM2 = serializers.IntegerField(source="vacancy.unit.surface_m2")
    labels = serializers.ListField(child=serializers.CharField(), source="vacancy.rule_labels")
    letOn = serializers.SerializerMethodField()
    ordering = serializers.ChoiceField(choices=Ordering.choices)
    tier = serializers.CharField(help_text="The new tenant's tier: commitment, urgency, …")
    registrationYears = serializers.IntegerField(source="registration_years")
    registrationMonths = serializers.IntegerField(source="registration_months")
    lottery = serializers.SerializerMethodField(
        help_text="The new tenant's lottery number, in a lottery."
    )
    responses = serializers.IntegerField()
    eligible = serializers.IntegerField()
    position = serializers.IntegerField(help_text="The new tenant's position in the order.")
    seed = serializers.CharField(help_text="The lottery code, revealed with the ranking.")
    seedHash = serializers.CharField(source="seed_hash")
    publishedAt = serializers.DateTimeField(source="published_at")

    @extend_schema_field(serializers.CharField())
    def get_address(self, result: PublishedResult) -> str:
        return str(result.vacancy.unit)

    @extend_schema_field(serializers.DateField())
    def get_letOn(self, result: PublishedResult):
        letting = result.vacancy.letting
        if letting is not None and letting.let_on is not None:
            return letting.let_on.isoformat()
        return result.published_at.date().isoformat()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_lottery(self, result: PublishedResult) -> str | None:
        letting = result.vacancy.letting
        if result.ordering == Ordering.LOTTERY and letting is not None:
            return letting.offer.entry.lottery or None
        return None


@extend_schema_view(
    list=extend_schema(summary="The published results, newest first"),
    retrieve=extend_schema(summary="The published result of one vacancy (its reference)"),
)
class PublishedResultViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ResourceViewSet):
    scope_resource = "Results"
    page = None  # the results page is public
    serializer_class = PublishedResultSerializer
    lookup_field = "vacancy__reference"
    lookup_url_kwarg = "reference"

    def get_queryset(self):
        return results_page_rows()
