"""The settings of staff single sign-on, as a fresh process reads them: off by default, all
of the provider's details required when on, and a role map that cannot give the seeker role."""

from __future__ import annotations

from pathlib import Path

from tests.processes import clean_environment, read_settings, settings_refusal

PROVIDER = {
    "VOORRANG_OIDC_ENABLED": "true",
    "VOORRANG_OIDC_CLIENT_ID": "voorrang",
    "VOORRANG_OIDC_CLIENT_SECRET": "s3cret",
    "VOORRANG_OIDC_ISSUER": "https://login.corporatie.example",
    "VOORRANG_OIDC_AUTHORIZATION_ENDPOINT": "https://login.corporatie.example/authorize",
    "VOORRANG_OIDC_TOKEN_ENDPOINT": "https://login.corporatie.example/token",
    "VOORRANG_OIDC_USERINFO_ENDPOINT": "https://login.corporatie.example/userinfo",
    "VOORRANG_OIDC_JWKS_ENDPOINT": "https://login.corporatie.example/jwks",
    "VOORRANG_OIDC_ROLE_MAP": "letting-staff:staff-allocation, urn:beleid:policy",
}


def test_single_sign_on_is_off_by_default(tmp_path: Path) -> None:
    values = read_settings(
        "VOORRANG_OIDC_ENABLED", "VOORRANG_OIDC_ROLE_MAP", cwd=tmp_path, env=clean_environment()
    )

    assert values == {"VOORRANG_OIDC_ENABLED": False, "VOORRANG_OIDC_ROLE_MAP": {}}


def test_the_provider_settings_reach_mozilla_django_oidc(tmp_path: Path) -> None:
    values = read_settings(
        "OIDC_RP_CLIENT_ID",
        "OIDC_OP_TOKEN_ENDPOINT",
        "OIDC_RP_SIGN_ALGO",
        "OIDC_USE_PKCE",
        "VOORRANG_OIDC_ROLE_MAP",
        cwd=tmp_path,
        env=clean_environment(**PROVIDER),
    )

    assert values["OIDC_RP_CLIENT_ID"] == "voorrang"
    assert values["OIDC_OP_TOKEN_ENDPOINT"] == "https://login.corporatie.example/token"
    assert values["OIDC_RP_SIGN_ALGO"] == "RS256"
    assert values["OIDC_USE_PKCE"] is True
    # (read_settings prints values as text: a frozenset of roles, here)
    assert set(values["VOORRANG_OIDC_ROLE_MAP"]) == {"letting-staff", "urn:beleid"}
    assert "STAFF_ALLOCATION" in values["VOORRANG_OIDC_ROLE_MAP"]["letting-staff"]
    assert "POLICY" in values["VOORRANG_OIDC_ROLE_MAP"]["urn:beleid"]


def test_single_sign_on_without_the_providers_details_is_refused(tmp_path: Path) -> None:
    variables = {**PROVIDER, "VOORRANG_OIDC_CLIENT_SECRET": "", "VOORRANG_OIDC_JWKS_ENDPOINT": ""}

    error = settings_refusal(cwd=tmp_path, **variables)

    assert "VOORRANG_OIDC_CLIENT_SECRET" in error
    assert "VOORRANG_OIDC_JWKS_ENDPOINT" in error


def test_a_role_map_that_gives_the_seeker_role_is_refused(tmp_path: Path) -> None:
    error = settings_refusal(
        cwd=tmp_path, **{**PROVIDER, "VOORRANG_OIDC_ROLE_MAP": "everyone:seeker"}
    )

    assert "VOORRANG_OIDC_ROLE_MAP" in error
    assert "seeker" in error


def test_a_role_map_with_an_unknown_role_is_refused(tmp_path: Path) -> None:
    error = settings_refusal(cwd=tmp_path, **{**PROVIDER, "VOORRANG_OIDC_ROLE_MAP": "it:superuser"})

    assert "'superuser' is not a role" in error
