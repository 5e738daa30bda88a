"""The organisation's OpenID Connect provider for the single sign-on tests: the small
django-oidc-provider site in tests/oidc_provider_site, run with ``runserver`` in a process of
its own, on a free port of 127.0.0.1, with its sqlite file in a temporary folder.

``sign_in`` walks the authorization code flow as a browser would: Voorrang's start page, the
provider's log-in form, the provider's redirect back to Voorrang's callback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests

from tests.oidc_provider_site.people import (
    CLIENT_ID,
    CLIENT_SECRET,
    PASSWORD,
)
from tests.processes import clean_environment

REPOSITORY = Path(__file__).resolve().parents[2]
TEST_CLIENT_CALLBACK = "http://testserver/accounts/login/organisation/callback/"
ROLE_MAP = [
    "letting-staff:staff-allocation",
    "welfare:staff-welfare",
    "managers:admin",
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Provider:
    url: str
    directory: Path
    environment: dict[str, str]

    @property
    def issuer(self) -> str:
        return self.url + "/openid"

    def manage(self, *arguments: str) -> None:
        result = subprocess.run(
            [sys.executable, "-m", "django", *arguments],
            cwd=REPOSITORY,
            env=self.environment,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, result.stderr

    def set_groups(self, username: str, *groups: str) -> None:
        """Change the person's groups at the provider, as the organisation's directory does."""
        self.manage("provider_groups", username, *groups)

    def register_redirect_uri(self, uri: str) -> None:
        self.manage("provider_setup", "--redirect-uri", uri)

    def configure(self, settings) -> None:
        """Voorrang's settings for this provider, as settings.py makes them from the
        VOORRANG_OIDC_ variables."""
        from voorrang.accounts.roles import role_map

        settings.VOORRANG_OIDC_ENABLED = True
        settings.VOORRANG_PUBLIC_URL = "http://testserver"
        settings.VOORRANG_OIDC_ISSUER = self.issuer
        settings.VOORRANG_OIDC_ROLE_CLAIM = "groups"
        settings.VOORRANG_OIDC_ROLE_MAP = role_map(ROLE_MAP)
        settings.OIDC_RP_CLIENT_ID = CLIENT_ID
        settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
        settings.OIDC_OP_AUTHORIZATION_ENDPOINT = self.issuer + "/authorize"
        settings.OIDC_OP_TOKEN_ENDPOINT = self.issuer + "/token"
        settings.OIDC_OP_USER_ENDPOINT = self.issuer + "/userinfo"
        settings.OIDC_OP_JWKS_ENDPOINT = self.issuer + "/jwks"
        settings.OIDC_RP_SIGN_ALGO = "RS256"
        settings.OIDC_RP_SCOPES = "openid email profile groups"


@pytest.fixture(scope="session")
def organisation_provider(tmp_path_factory) -> Iterator[Provider]:
    directory = tmp_path_factory.mktemp("provider")
    url = f"http://127.0.0.1:{_free_port()}"
    environment = clean_environment(
        PROVIDER_DIR=str(directory),
        PROVIDER_URL=url,
        DJANGO_SETTINGS_MODULE="tests.oidc_provider_site.settings",
        PYTHONPATH=os.pathsep.join([str(REPOSITORY), os.environ.get("PYTHONPATH", "")]),
    )
    provider = Provider(url=url, directory=directory, environment=environment)
    provider.manage("migrate", "-v0")
    provider.register_redirect_uri(TEST_CLIENT_CALLBACK)
    log = (directory / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "django", "runserver", url.removeprefix("http://"), "--noreload"],
        cwd=REPOSITORY,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(provider.issuer + "/.well-known/openid-configuration", timeout=2)
                break
            except requests.ConnectionError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(
                        "the test provider did not start: " + (directory / "server.log").read_text()
                    ) from None
                time.sleep(0.2)
        yield provider
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def log_in_at_provider(
    browser: requests.Session, provider: Provider, login_page: str, username: str
) -> requests.Response:
    """Fill in the provider's log-in form; returns its answer (a redirect on to the
    authorization)."""
    page = browser.get(login_page)
    assert page.status_code == 200, page.text
    next_page = parse_qs(urlsplit(login_page).query)["next"][0]
    return browser.post(
        login_page,
        data={
            "username": username,
            "password": PASSWORD,
            "next": next_page,
            "csrfmiddlewaretoken": browser.cookies["provider_csrftoken"],
        },
        allow_redirects=False,
    )


def sign_in(
    client,
    provider: Provider,
    username: str,
    *,
    change_request: Callable[[str], str] = lambda url: url,
    change_callback: Callable[[str], str] = lambda url: url,
    start: str = "/accounts/login/organisation/",
):
    """Log in to Voorrang through the provider as ``username``; returns Voorrang's answer to
    the callback. ``change_request`` and ``change_callback`` let a test tamper with the
    authorization request and with the redirect back, as an attacker in between could."""
    answer = client.get(start)
    assert answer.status_code == 302, answer
    authorization = change_request(answer["Location"])
    assert authorization.startswith(provider.issuer + "/authorize")
    browser = requests.Session()
    answer = browser.get(authorization, allow_redirects=False)
    assert answer.status_code == 302, answer.text
    answer = log_in_at_provider(
        browser, provider, urljoin(provider.url, answer.headers["Location"]), username
    )
    assert answer.status_code == 302, answer.text
    answer = browser.get(urljoin(provider.url, answer.headers["Location"]), allow_redirects=False)
    assert answer.status_code == 302, answer.text
    callback = change_callback(answer.headers["Location"])
    assert callback.startswith(TEST_CLIENT_CALLBACK), callback
    return client.get(callback.removeprefix("http://testserver"))
