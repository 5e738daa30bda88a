"""``/api/v1/rankings``: each stored ranking with what anyone needs to check it independently
(``voorrang rank`` on the same input gives the same order): the policy version, the lottery's
seed (once revealed, as the vacancy page shows it) and the SHA-256 published before, the input
digest, every position with its tier and lottery number, every exclusion with its reasons."""

from __future__ import annotations

from django.db.models import Func, OuterRef, Subquery
from django.db.models.functions import Coalesce
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers

from voorrang.allocation.models import Ordering, Ranking, RankingEntry, RankingExclusion
from voorrang.allocation.selectors.wording import EXCLUSION_SENTENCES, tier_label
from voorrang.api.v1.resources import ResourceViewSet, query_bool

TIERS = ("commitment", "urgency", "local", "regular")
TIER_CHOICES = [(tier, tier) for tier in TIERS]


def _count_of(model) -> Coalesce:
    rows = (
        model.objects.filter(ranking=OuterRef("pk"))
        .order_by()
        .annotate(n=Func("pk", function="COUNT"))
        .values("n")
    )
    return Coalesce(Subquery(rows), 0)


class RankingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    vacancy = serializers.CharField(source="vacancy.reference", help_text="The reference.")
    sequence = serializers.IntegerField(help_text="1 for the first ranking, 2 for a new one…")
    current = serializers.BooleanField(source="is_current")
    policyVersion = serializers.CharField(source="policy_id")
    ordering = serializers.ChoiceField(source="vacancy.ordering", choices=Ordering.choices)
    labels = serializers.ListField(child=serializers.CharField(), source="vacancy.rule_labels")
    seed = serializers.SerializerMethodField()
    seedHash = serializers.CharField(source="vacancy.seed_hash")
    inputDigest = serializers.CharField(source="input_digest")
    reason = serializers.CharField(help_text="Why the vacancy was ranked again, if it was.")
    createdAt = serializers.DateTimeField(source="created_at")
    ranked = serializers.IntegerField(help_text="The number of positions.")
    excluded = serializers.IntegerField(help_text="The number of candidates excluded.")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_seed(self, ranking: Ranking) -> str | None:
        """The seed, once revealed with the ranking (as the vacancy page shows it)."""
        return ranking.seed if ranking.vacancy.seed_revealed and ranking.seed else None


class PositionSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    seeker = serializers.CharField(source="seeker.registration_number")
    tier = serializers.ChoiceField(choices=TIER_CHOICES)
    tierLabel = serializers.SerializerMethodField()
    registeredOn = serializers.DateField(source="registered_on")
    lottery = serializers.SerializerMethodField(
        help_text="The lottery number (up to 2^64 - 1, as digits), in a lottery."
    )

    @extend_schema_field(serializers.CharField())
    def get_tierLabel(self, entry: RankingEntry) -> str:
        return str(tier_label(entry.tier))

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_lottery(self, entry: RankingEntry) -> str | None:
        return entry.lottery or None


class ReasonSerializer(serializers.Serializer):
    code = serializers.CharField()
    description = serializers.CharField()


class ExclusionSerializer(serializers.Serializer):
    seeker = serializers.CharField(source="seeker.registration_number")
    reasons = serializers.SerializerMethodField()

    @extend_schema_field(ReasonSerializer(many=True))
    def get_reasons(self, exclusion: RankingExclusion) -> list[dict[str, str]]:
        return [
            {"code": code, "description": str(EXCLUSION_SENTENCES.get(code, code))}
            for code in exclusion.reasons
        ]


class RankingDetailSerializer(RankingSerializer):
    positions = serializers.SerializerMethodField()
    exclusions = serializers.SerializerMethodField()

    @extend_schema_field(PositionSerializer(many=True))
    def get_positions(self, ranking: Ranking) -> list[dict]:
        entries = (
            RankingEntry.objects.filter(ranking=ranking)
            .select_related("seeker")
            .only("position", "tier", "registered_on", "lottery", "seeker__registration_number")
            .order_by("position")
        )
        return PositionSerializer(entries, many=True).data

    @extend_schema_field(ExclusionSerializer(many=True))
    def get_exclusions(self, ranking: Ranking) -> list[dict]:
        rows = (
            RankingExclusion.objects.filter(ranking=ranking)
            .select_related("seeker")
            .only("reasons", "seeker__registration_number")
            .order_by("seeker__registration_number")
        )
        return ExclusionSerializer(rows, many=True).data


FILTERS = [
    OpenApiParameter("vacancy", OpenApiTypes.STR, description="A vacancy's reference."),
    OpenApiParameter("current", OpenApiTypes.BOOL, description="Only the current rankings."),
]


@extend_schema_view(
    list=extend_schema(summary="The rankings, newest first", parameters=FILTERS),
    retrieve=extend_schema(
        summary="One ranking with its positions and exclusions",
        responses=RankingDetailSerializer,
    ),
)
class RankingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ResourceViewSet):
    scope_resource = "Rankings"
    page = "staff:vacancy"
    serializer_class = RankingSerializer
    lookup_value_regex = "[0-9]+"

    def get_serializer_class(self):
        return RankingDetailSerializer if self.action == "retrieve" else RankingSerializer

    def get_queryset(self):
        rows = (
            Ranking.objects.select_related("vacancy")
            .defer("scenario")
            .annotate(ranked=_count_of(RankingEntry), excluded=_count_of(RankingExclusion))
        )
        if self.action == "list":
            if vacancy := self.request.query_params.get("vacancy"):
                rows = rows.filter(vacancy__reference=vacancy)
            current = query_bool(self.request, "current")
            if current is not None:
                rows = rows.filter(is_current=current)
        return rows
