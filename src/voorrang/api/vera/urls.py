"""``/api/vera/``: the resources of VERA's Woonruimteverdeling, at VERA's paths (no trailing
slash: ``/api/vera/publicaties``, ``/api/vera/publicaties/{id}``)."""

from __future__ import annotations

from django.urls import path
from rest_framework.routers import SimpleRouter

from voorrang.api.vera.ping import Ping

app_name = "vera"

router = SimpleRouter(trailing_slash=False)
# router.register("publicaties", PublicatieViewSet, basename="publicaties") for each resource.

urlpatterns = [path("ping", Ping.as_view(), name="ping"), *router.urls]
