"""``/api/v1/commitments``: the targeted track as the corporation sees it. Per seeker and
building only the commitment's status and end date (``CommitmentStatusView`` of the seeker
page); nothing the welfare organisation keeps (``Protected.WELFARE_RECORDS``) is read."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers

from voorrang.api.errors import bad_request
from voorrang.api.v1.resources import ResourceViewSet
from voorrang.commitments.models import Commitment, CommitmentStatus

# Only these columns are read: the rest of the track cannot leak through this door.
COLUMNS = (
    "id",
    "status",
    "valid_until",
    "updated_at",
    "seeker__registration_number",
    "seeker__source_id",
    "building__name",
)


class CommitmentSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Voorrang's number of the commitment.")
    seeker = serializers.CharField(
        source="seeker.registration_number", help_text="The seeker's registration number."
    )
    seekerSourceId = serializers.CharField(
        source="seeker.source_id", help_text="The seeker's id in the source system, or empty."
    )
    building = serializers.CharField(source="building.name")
    status = serializers.ChoiceField(choices=CommitmentStatus.choices)
    statusLabel = serializers.SerializerMethodField()
    validUntil = serializers.DateField(source="valid_until", allow_null=True)
    updatedAt = serializers.DateTimeField(source="updated_at")

    @extend_schema_field(serializers.CharField())
    def get_statusLabel(self, commitment: Commitment) -> str:
        return str(CommitmentStatus(commitment.status).label)


FILTERS = [
    OpenApiParameter("status", OpenApiTypes.STR, enum=CommitmentStatus.values),
    OpenApiParameter("building", OpenApiTypes.STR, description="The building's name."),
    OpenApiParameter("seeker", OpenApiTypes.STR, description="A registration number."),
]


@extend_schema_view(
    list=extend_schema(summary="The commitments of the targeted track", parameters=FILTERS),
    retrieve=extend_schema(summary="One commitment"),
)
class CommitmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ResourceViewSet):
    scope_resource = "Track"
    page = "staff:seeker"
    serializer_class = CommitmentSerializer
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        rows = Commitment.objects.select_related("seeker", "building").only(*COLUMNS)
        if self.action == "list":
            params = self.request.query_params
            if status := params.get("status"):
                if status not in CommitmentStatus.values:
                    raise bad_request(
                        "status",
                        _("Choose one of: %(choices)s.")
                        % {"choices": ", ".join(CommitmentStatus.values)},
                    )
                rows = rows.filter(status=status)
            if building := params.get("building"):
                rows = rows.filter(building__name=building)
            if seeker := params.get("seeker"):
                rows = rows.filter(seeker__registration_number=seeker)
        return rows
