"""Staff single sign-on with the organisation's OpenID Connect provider (docs/deployment.md)."""

from __future__ import annotations

from voorrang.config.env.declaration import Kind, Setting

SIGNING_ALGORITHMS = ("RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "HS256")
SETTINGS: tuple[Setting, ...] = (
    Setting(
        name="VOORRANG_OIDC_ENABLED",
        kind=Kind.BOOLEAN,
        default="false",
        description=(
            "Let staff log in through the organisation's OpenID Connect provider: the log-in "
            'page then shows "Log in through your organisation" beside the password form. '
            "When on, the other `VOORRANG_OIDC_` settings without a default must be set."
        ),
    ),
    Setting(
        name="VOORRANG_OIDC_CLIENT_ID",
        kind=Kind.STRING,
        default_text="unset",
        description="The client id that the provider gave Voorrang.",
    ),
    Setting(
        name="VOORRANG_OIDC_CLIENT_SECRET",
        kind=Kind.STRING,
        default_text="unset",
        description="The client secret that the provider gave Voorrang. Keep it secret.",
    ),
    Setting(
        name="VOORRANG_OIDC_ISSUER",
        kind=Kind.STRING,
        default_text="unset",
        description=(
            "The provider's issuer identifier, exactly as in its "
            "`/.well-known/openid-configuration` (`issuer`). An ID token from any other "
            "issuer is refused."
        ),
    ),
    Setting(
        name="VOORRANG_OIDC_AUTHORIZATION_ENDPOINT",
        kind=Kind.STRING,
        default_text="unset",
        description="The provider's `authorization_endpoint` (from its discovery document).",
    ),
    Setting(
        name="VOORRANG_OIDC_TOKEN_ENDPOINT",
        kind=Kind.STRING,
        default_text="unset",
        description="The provider's `token_endpoint`.",
    ),
    Setting(
        name="VOORRANG_OIDC_USERINFO_ENDPOINT",
        kind=Kind.STRING,
        default_text="unset",
        description="The provider's `userinfo_endpoint`.",
    ),
    Setting(
        name="VOORRANG_OIDC_JWKS_ENDPOINT",
        kind=Kind.STRING,
        default_text="unset",
        description=(
            "The provider's `jwks_uri`: the public keys that sign its ID tokens. Not needed "
            "with `HS256`, where the client secret signs them."
        ),
    ),
    Setting(
        name="VOORRANG_OIDC_SIGNING_ALGORITHM",
        kind=Kind.CHOICE,
        default="RS256",
        choices=SIGNING_ALGORITHMS,
        description=(
            "The algorithm the provider signs ID tokens with. A token signed with any other "
            "is refused."
        ),
    ),
    Setting(
        name="VOORRANG_OIDC_SCOPES",
        kind=Kind.STRING,
        default="openid email profile",
        description=(
            "The scopes Voorrang asks for, separated by spaces. Add the scope under which the "
            "provider releases the role claim, if it has one (often `groups` or `roles`)."
        ),
    ),
    Setting(
        name="VOORRANG_OIDC_ROLE_CLAIM",
        kind=Kind.STRING,
        default="groups",
        description=(
            "The claim (in the ID token or the userinfo answer) that lists the person's groups "
            "or roles at the provider: a list of text values, or one text value."
        ),
    ),
    Setting(
        name="VOORRANG_OIDC_ROLE_MAP",
        kind=Kind.LIST,
        default="",
        description=(
            "Which values of the role claim give which Voorrang role, as `VALUE:ROLE` pairs, "
            "for example `letting-staff:staff-allocation,welfare:staff-welfare`. A value is "
            "split from its role at the last colon. Roles: `staff-allocation`, "
            "`staff-welfare`, `policy`, `researcher`, `admin`; `seeker` is refused, and no "
            "value makes a superuser. Values not listed give nothing; a person whose values "
            "give no role is refused."
        ),
    ),
)
