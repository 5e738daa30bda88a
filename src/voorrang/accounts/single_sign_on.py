"""Staff single sign-on through the organisation's OpenID Connect provider: the checks of the
provider's answer, on top of mozilla-django-oidc, and the account it leads to.

mozilla-django-oidc exchanges the code (with the client secret and PKCE), checks the ID
token's signature against the configured algorithm, its expiry and its nonce. It does not
check the audience or the issuer, nor that the userinfo answer is about the person of the ID
token: :class:`OrganisationTokens` adds those. Roles come only from Voorrang's role map
(``VOORRANG_OIDC_ROLE_MAP``), never from the provider's values as such.

The backend is not in AUTHENTICATION_BACKENDS: only the callback view
(``accounts.views.organisation_callback``) calls it, so no password log-in can set off a code
exchange, and the session is an ordinary one of the account backend."""

from __future__ import annotations

from typing import Any

import jwt
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from voorrang.accounts import services
from voorrang.accounts.roles import roles_from_claim
from voorrang.errors import NotAllowed


class NoStaffRole(NotAllowed):
    """The provider knows the person, but the role map gives their claim no role here."""

    code = "no_staff_role"


def callback_url() -> str:
    """The redirect URI registered at the provider: on Voorrang's public address, not on the
    address a request arrived at (behind the reverse proxy that is plain HTTP on 127.0.0.1)."""
    return settings.VOORRANG_PUBLIC_URL + reverse("accounts:organisation_callback")


class OrganisationTokens(OIDCAuthenticationBackend):
    def get_token(self, payload: dict[str, Any]) -> dict[str, Any]:
        # The code is exchanged with the redirect URI it was asked for with.
        return super().get_token({**payload, "redirect_uri": callback_url()})

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        try:
            algorithm = jwt.get_unverified_header(token).get("alg")
        except jwt.PyJWTError:
            raise SuspiciousOperation("The ID token is not a JWT.") from None
        if algorithm != self.OIDC_RP_SIGN_ALGO:
            # Before any key is looked up: an unsigned token ("none"), or one signed with the
            # client secret where the provider's key is expected, is refused as it stands.
            raise SuspiciousOperation("The ID token is signed with another algorithm.")
        try:
            payload = super().verify_token(token, **kwargs)
        except (jwt.PyJWTError, KeyError, ValueError) as error:
            # Expired, not yet valid, without a key id, or no key of that id.
            raise SuspiciousOperation(f"The ID token does not verify: {error!r}") from None
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else audience
        if not isinstance(audiences, list) or self.OIDC_RP_CLIENT_ID not in audiences:
            # A token the provider made out to another application (stolen from it, or
            # replayed here) must not log anyone in.
            raise SuspiciousOperation("The ID token is not made out to this client.")
        if len(audiences) > 1 and payload.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation("The ID token was issued to another party.")
        if payload.get("iss") != settings.VOORRANG_OIDC_ISSUER:
            raise SuspiciousOperation("The ID token comes from another issuer.")
        if "exp" not in payload or not payload.get("sub"):
            # PyJWT checks an expiry only when there is one.
            raise SuspiciousOperation("The ID token has no expiry or no subject.")
        return payload

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        userinfo = self.get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload["sub"]:
            # OpenID Connect Core 5.3.4: an answer about someone else must not be used.
            raise SuspiciousOperation("The userinfo answer is about another subject.")
        # What the signed ID token says counts; the userinfo answer adds what it leaves out
        # (many providers put the groups only there).
        claims = {**userinfo, **payload}
        roles = roles_from_claim(
            claims.get(settings.VOORRANG_OIDC_ROLE_CLAIM), settings.VOORRANG_OIDC_ROLE_MAP
        )
        user = services.sign_in_through_organisation(
            issuer=payload["iss"],
            subject=payload["sub"],
            roles=roles,
            email=_text(claims.get("email")) if claims.get("email_verified") is not False else "",
            first_name=_text(claims.get("given_name")),
            last_name=_text(claims.get("family_name")),
        )
        if user is None or not roles:
            raise NoStaffRole("no role for the claim", code="no_staff_role")
        return user


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""
