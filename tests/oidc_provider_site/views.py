"""A key set that is not the provider's: the provider's key id with another public key, as an
attacker who signs their own tokens would publish it."""

from __future__ import annotations

import functools
import json

from cryptography.hazmat.primitives.asymmetric import rsa
from django.http import HttpRequest, JsonResponse
from jwt.algorithms import RSAAlgorithm
from oidc_provider.models import RSAKey


@functools.cache
def _impostor_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def impostor_jwks(request: HttpRequest) -> JsonResponse:
    keys = []
    for real in RSAKey.objects.all():
        jwk = json.loads(RSAAlgorithm.to_jwk(_impostor_key().public_key()))
        jwk.update({"kid": real.kid, "alg": "RS256", "use": "sig"})
        keys.append(jwk)
    return JsonResponse({"keys": keys})
