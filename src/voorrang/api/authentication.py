"""``X-API-KEY``, as VERA's specifications name it: the request acts as the client's account."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from voorrang.api.services import client_for_key, note_use

HEADER = "X-API-KEY"


class ApiKeyAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        key = request.headers.get(HEADER)
        if not key:
            return None
        client = client_for_key(key.strip())
        if client is None or not client.user.is_active:
            raise exceptions.AuthenticationFailed(_("The API key is unknown or revoked."))
        note_use(client)
        client.user.api_client = client
        return client.user, client

    def authenticate_header(self, request) -> str:
        # A 401 (not a 403) for a request without a key: DRF needs a challenge to send one.
        return HEADER
