"""``/api/v1/``: Voorrang's own resources (kebab-case paths, camelCase query keys), and the
OpenAPI document at ``/api/v1/openapi.json`` for anyone."""

from __future__ import annotations

from django.urls import path, re_path
from rest_framework.routers import SimpleRouter

from voorrang.api.v1.evaluation import IndicatorViewSet
from voorrang.api.v1.not_found import NotFoundView
from voorrang.api.v1.quota import QuotaViewSet
from voorrang.api.v1.rankings import RankingViewSet
from voorrang.api.v1.results import PublishedResultViewSet
from voorrang.api.v1.schema import OpenApiDocument
from voorrang.api.v1.simulations import SimulationRunViewSet
from voorrang.api.v1.track import CommitmentViewSet

app_name = "v1"

router = SimpleRouter(trailing_slash=False)
router.register("commitments", CommitmentViewSet, basename="commitments")
router.register("rankings", RankingViewSet, basename="rankings")
router.register("quota-statuses", QuotaViewSet, basename="quota-statuses")
router.register("simulation-runs", SimulationRunViewSet, basename="simulation-runs")
router.register("published-results", PublishedResultViewSet, basename="published-results")
router.register("evaluation-indicators", IndicatorViewSet, basename="evaluation-indicators")

urlpatterns = [
    path("openapi.json", OpenApiDocument.as_view(), name="openapi"),
    *router.urls,
    re_path(r"^.*$", NotFoundView.as_view(), name="not-found"),
]
