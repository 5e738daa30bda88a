"""``/api/v1/quota-statuses``: the quota of targeted vacancies per year, as the work queue and
the publish step compute it (``quota_status``, ``decide_quota``: the rule book's
``quota_says_targeted``), with the year's count per designated building."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.response import Response

from voorrang.allocation.models import Vacancy
from voorrang.allocation.policies import policy_name_for
from voorrang.allocation.selectors import quota_status
from voorrang.allocation.selectors.quota import QuotaDecision, decide_quota
from voorrang.allocation.states import VacancyState
from voorrang.api.v1.resources import ResourceViewSet, whole_number
from voorrang.rules import load_policy

FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True)
class BuildingCount:
    name: str
    vacancies: int
    targeted: int


@dataclass(frozen=True)
class YearQuota:
    decision: QuotaDecision
    policy: str
    buildings: list[BuildingCount]


def year_quota(year: int) -> YearQuota | None:
    """The year's quota, or None when that year's policy targets nothing."""
    status = quota_status(year)
    if status is None:
        return None
    policy = policy_name_for(date(year, 12, 31))
    targeting = load_policy(policy).targeting
    counts = (
        Vacancy.objects.filter(unit__building__designated=True, published_on__year=year)
        .exclude(state=VacancyState.DRAFT)
        .values("unit__building__name")
        .annotate(counted=Count("pk"), counted_targeted=Count("pk", filter=Q(targeted=True)))
        .order_by("unit__building__name")
    )
    return YearQuota(
        decision=decide_quota(status, targeting),
        policy=policy,
        buildings=[
            BuildingCount(row["unit__building__name"], row["counted"], row["counted_targeted"])
            for row in counts
        ],
    )


class BuildingCountSerializer(serializers.Serializer):
    name = serializers.CharField()
    vacancies = serializers.IntegerField()
    targeted = serializers.IntegerField()


class NextVacancySerializer(serializers.Serializer):
    n = serializers.IntegerField(help_text="The next vacancy's number in the year's count.")
    targeted = serializers.BooleanField(help_text="Whether the quota would target it.")
    capReached = serializers.BooleanField(source="cap_reached")
    shareOfN = serializers.IntegerField(source="share_of_n", help_text="ceil(n × share)")


class QuotaSerializer(serializers.Serializer):
    year = serializers.IntegerField(source="decision.year")
    policyVersion = serializers.CharField(source="policy")
    share = serializers.SerializerMethodField(help_text='The targeted share, e.g. "1/4".')
    cap = serializers.IntegerField(source="decision.cap", allow_null=True)
    vacancies = serializers.IntegerField(
        source="decision.status.vacancies",
        help_text="Vacancies of the designated buildings published this year.",
    )
    targeted = serializers.IntegerField(source="decision.status.targeted")
    withdrawn = serializers.IntegerField(source="decision.status.withdrawn")
    withdrawnTargeted = serializers.IntegerField(source="decision.status.withdrawn_targeted")
    next = NextVacancySerializer(source="decision")
    buildings = BuildingCountSerializer(many=True)

    def get_share(self, quota: YearQuota) -> str:
        share = quota.decision.share
        return f"{share.numerator}/{share.denominator}"


YEAR = OpenApiParameter(
    "year", OpenApiTypes.INT, OpenApiParameter.PATH, description="A calendar year."
)


@extend_schema_view(
    list=extend_schema(summary="The quota of each year with publications, and this year"),
    retrieve=extend_schema(summary="The quota of one year", parameters=[YEAR]),
)
class QuotaViewSet(ResourceViewSet):
    scope_resource = "Quota"
    page = "staff:queue"
    serializer_class = QuotaSerializer
    pagination_class = None
    lookup_field = "year"
    lookup_value_regex = "[0-9]+"

    def list(self, request):
        years = set(
            Vacancy.objects.filter(unit__building__designated=True, published_on__isnull=False)
            .annotate(year=ExtractYear("published_on"))
            .values_list("year", flat=True)
            .distinct()
        )
        years.add(timezone.localdate().year)
        found = [q for q in (year_quota(y) for y in sorted(years, reverse=True)) if q]
        return Response(QuotaSerializer(found, many=True).data)

    def retrieve(self, request, year: str):
        number = whole_number(year, "year", FIRST_YEAR, LAST_YEAR)
        quota = year_quota(number)
        if quota is None:
            raise Http404(_("The policy of this year targets no vacancies."))
        return Response(QuotaSerializer(quota).data)
