"""The claims of the test provider: the standard ones from the account, ``groups`` from its
Django groups, and one misbehaving account whose ID tokens name another audience."""

from __future__ import annotations

from typing import Any

from oidc_provider.lib.claims import ScopeClaims

from tests.oidc_provider_site.people import OTHER_CLIENT_ID

# The person whose ID tokens are made out to another client: a provider that mixes up its
# clients, or a token stolen from another application.
OTHER_AUDIENCE_USER = "mallory"
OTHER_AUDIENCE = OTHER_CLIENT_ID


def userinfo(claims: dict[str, Any], user: Any) -> dict[str, Any]:
    claims["email"] = user.email
    claims["email_verified"] = True
    claims["given_name"] = user.first_name
    claims["family_name"] = user.last_name
    claims["preferred_username"] = user.username
    return claims


class GroupClaims(ScopeClaims):
    info_groups = ("Groups", "The groups you belong to.")

    def scope_groups(self) -> dict[str, Any]:
        return {"groups": sorted(self.user.groups.values_list("name", flat=True))}


def id_token_hook(id_token: dict[str, Any], user: Any, **kwargs: Any) -> dict[str, Any]:
    if user.username == OTHER_AUDIENCE_USER:
        id_token["aud"] = OTHER_AUDIENCE
    return id_token
