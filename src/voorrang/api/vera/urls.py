"""``/api/vera/``: the resources of VERA's Woonruimteverdeling, at VERA's paths (no trailing
slash: ``/api/vera/publicaties``, ``/api/vera/publicaties/{id}``)."""

from __future__ import annotations

from django.urls import path
from rest_framework.routers import SimpleRouter

from voorrang.api.vera.base import VeraViewSet
from voorrang.api.vera.ping import Ping
from voorrang.api.vera.writes import EenheidWrites, ReactieWrites

app_name = "vera"

router = SimpleRouter(trailing_slash=False)
# router.register("publicaties", PublicatieViewSet, basename="publicaties") for each resource.


# VERA's own specification describes these paths, not the schema of /api/v1/.
class EenheidWriteViewSet(EenheidWrites, VeraViewSet):
    schema = None


class ReactieWriteViewSet(ReactieWrites, VeraViewSet):
    schema = None


router.register("eenheden", EenheidWriteViewSet, basename="eenheden")
router.register("reacties", ReactieWriteViewSet, basename="reacties")

urlpatterns = [path("ping", Ping.as_view(), name="ping"), *router.urls]
