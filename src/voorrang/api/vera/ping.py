"""VERA's ``/ping``: the interface is up (no key needed)."""

from __future__ import annotations

from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from voorrang.api.errors import vera_handler


class Ping(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    schema = None

    def get_exception_handler(self):
        return vera_handler

    def get(self, request):
        return Response({"status": "ok"})
