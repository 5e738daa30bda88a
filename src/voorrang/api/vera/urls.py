"""``/api/vera/``: the resources of VERA's Woonruimteverdeling, at VERA's paths (no trailing
slash: ``/api/vera/publicaties``, ``/api/vera/publicaties/{id}``)."""

from __future__ import annotations

from django.urls import path
from rest_framework.routers import SimpleRouter

from voorrang.api.vera.aanbiedingen import AanbiedingViewSet
from voorrang.api.vera.eenheden import EenheidViewSet
from voorrang.api.vera.kandidaten import KandidaatViewSet
from voorrang.api.vera.overeenkomsten import OvereenkomstViewSet
from voorrang.api.vera.ping import Ping
from voorrang.api.vera.publicaties import PublicatieViewSet
from voorrang.api.vera.reacties import ReactieViewSet
from voorrang.api.vera.reclamaties import ReclamatieViewSet
from voorrang.api.vera.relaties import RelatieViewSet
from voorrang.api.vera.toewijzingen import ToewijzingViewSet
from voorrang.api.vera.voorrangsregelingen import VoorrangsregelingViewSet
from voorrang.api.vera.writes import EenheidWrites, ReactieWrites

app_name = "vera"


# The ERP writes eenheden and the platform writes reacties (voorrang.api.vera.writes, each an
# import of one row); both read them as the other resources are read.
class EenheidResource(EenheidWrites, EenheidViewSet):
    pass


class ReactieResource(ReactieWrites, ReactieViewSet):
    pass


router = SimpleRouter(trailing_slash=False)
router.register("toewijzingen", ToewijzingViewSet, basename="toewijzingen")
router.register("relaties", RelatieViewSet, basename="relaties")
router.register("overeenkomsten", OvereenkomstViewSet, basename="overeenkomsten")
router.register("reclamaties", ReclamatieViewSet, basename="reclamaties")
router.register("aanbiedingen", AanbiedingViewSet, basename="aanbiedingen")
router.register("eenheden", EenheidResource, basename="eenheden")
router.register("kandidaten", KandidaatViewSet, basename="kandidaten")
router.register("publicaties", PublicatieViewSet, basename="publicaties")
router.register("reacties", ReactieResource, basename="reacties")
router.register("voorrangsregelingen", VoorrangsregelingViewSet, basename="voorrangsregelingen")

urlpatterns = [path("ping", Ping.as_view(), name="ping"), *router.urls]
