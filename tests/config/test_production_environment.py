"""The production environment documented in docs/deployment.md passes Django's deploy check,
and HTTPS behind the reverse proxy is recognised from the proxy's header."""

from __future__ import annotations

import re
import secrets
from pathlib import Path

import pytest

from tests.processes import clean_environment, read_settings, run_voorrang

DEPLOYMENT = Path(__file__).resolve().parents[2] / "docs" / "deployment.md"


def documented_environment() -> dict[str, str]:
    """The variables of the first ``sh`` block under "The production environment"."""
    text = DEPLOYMENT.read_text(encoding="utf-8")
    section = text.split("## The production environment", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block is not None, "docs/deployment.md lost its production environment"
    variables = dict(
        line.split("=", 1) for line in block.group(1).splitlines() if line and "=" in line
    )
    # The documentation cannot hold a real key; the check wants a long random one.
    assert "SECRET_KEY" in variables
    variables["SECRET_KEY"] = secrets.token_urlsafe(50)
    return variables


def deploy_check(tmp_path: Path, variables: dict[str, str]):
    return run_voorrang(
        "manage",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        cwd=tmp_path,
        env=clean_environment(**variables),
    )


def test_the_documented_production_environment_passes_the_deploy_check(tmp_path: Path) -> None:
    result = deploy_check(tmp_path, documented_environment())

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("dropped", "warning"),
    [
        ("SECURE_SSL_REDIRECT", "security.W008"),
        ("SECURE_HSTS_SECONDS", "security.W004"),
        ("SECURE_COOKIES", "security.W012"),
        ("VOORRANG_PUBLIC_URL", "voorrang.W001"),
    ],
)
def test_without_one_of_the_documented_settings_the_deploy_check_warns(
    tmp_path: Path, dropped: str, warning: str
) -> None:
    variables = documented_environment()
    del variables[dropped]

    result = deploy_check(tmp_path, variables)

    assert result.returncode != 0
    assert warning in result.stdout + result.stderr


def test_VOORRANG_PROXY_SSL_HEADER_names_the_header_that_marks_a_request_as_https(
    tmp_path: Path,
) -> None:
    values = read_settings(
        "SECURE_PROXY_SSL_HEADER",
        cwd=tmp_path,
        env=clean_environment(VOORRANG_PROXY_SSL_HEADER="X-Forwarded-Proto"),
    )

    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_without_VOORRANG_PROXY_SSL_HEADER_no_header_marks_a_request_as_https(
    tmp_path: Path,
) -> None:
    values = read_settings("SECURE_PROXY_SSL_HEADER", cwd=tmp_path, env=clean_environment())

    assert values["SECURE_PROXY_SSL_HEADER"] is None


def test_a_proxy_header_that_is_not_a_header_name_is_refused(tmp_path: Path) -> None:
    result = run_voorrang(
        "manage",
        "check",
        cwd=tmp_path,
        env=clean_environment(VOORRANG_PROXY_SSL_HEADER="X-Forwarded-Proto: https"),
    )

    assert result.returncode != 0
    assert "VOORRANG_PROXY_SSL_HEADER" in result.stderr


@pytest.mark.django_db
def test_an_https_answer_carries_the_documented_strict_transport_security(
    tmp_path: Path, client, settings
) -> None:
    names = ("SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD")
    configured = read_settings(
        *names, cwd=tmp_path, env=clean_environment(**documented_environment())
    )
    for name in names:
        setattr(settings, name, configured[name])

    secure = client.get("/accounts/login/", secure=True)
    plain = client.get("/accounts/login/")

    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "Strict-Transport-Security" not in plain
