"""A visitor of the portal over HTTP, as a browser is: one cookie jar, forms posted with the
CSRF token of the page that holds them."""

from __future__ import annotations

import html
import re
import time
from dataclasses import dataclass

import requests

from tests.deployment.installation import PIN_HEADER, SERVED_BY
from voorrang.portal.views import OUTCOME_HEADER

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ACKNOWLEDGED = {"received", "already"}


def csrf_token(page: str) -> str:
    found = TOKEN.search(page)
    if found is None:
        raise AssertionError("the page holds no form with a CSRF token")
    return html.unescape(found.group(1))


@dataclass
class Attempt:
    """One response submission as the client saw it: acknowledged ("received", "already"),
    refused by a rule (another outcome) or lost on the way (``error``: a status of the proxy,
    or the connection's error)."""

    seeker: str
    vacancy: str
    outcome: str = ""
    status: int = 0
    error: str = ""
    served_by: str = ""
    sent: float = 0.0  # time.monotonic() when the page was asked for
    at: float = 0.0  # time.monotonic() when the answer (or the error) came

    @property
    def acknowledged(self) -> bool:
        return self.outcome in ACKNOWLEDGED


class Visitor:
    def __init__(self, base_url: str, username: str) -> None:
        self.base_url = base_url
        self.username = username
        self.session = requests.Session()

    def get(self, path: str, *, server: str = "") -> requests.Response:
        return self.session.get(
            self.base_url + path, headers=self._pin(server), allow_redirects=False, timeout=30
        )

    def post_form(
        self, page: str, action: str, data: dict, *, files: dict | None = None, server: str = ""
    ) -> requests.Response:
        """Open ``page``, then post ``data`` to ``action`` with the page's CSRF token."""
        shown = self.get(page, server=server)
        shown.raise_for_status()
        return self.session.post(
            self.base_url + action,
            data={**data, "csrfmiddlewaretoken": csrf_token(shown.text)},
            files=files,
            headers=self._pin(server),
            allow_redirects=False,
            timeout=30,
        )

    def log_in(self, password: str) -> requests.Response:
        answer = self.post_form(
            "/accounts/login/",
            "/accounts/login/",
            {"username": self.username, "password": password},
        )
        assert answer.status_code == 302, (answer.status_code, answer.text[-2000:])
        return answer

    def respond(self, reference: str) -> Attempt:
        """Open the home's page and send its response form; whatever happens on the way is
        recorded, never raised."""
        attempt = Attempt(seeker=self.username, vacancy=reference, sent=time.monotonic())
        try:
            answer = self.post_form(f"/homes/{reference}/", f"/homes/{reference}/respond/", {})
        except requests.HTTPError as error:
            attempt.status = error.response.status_code
            attempt.error = f"page {error.response.status_code}"
            return attempt
        except requests.RequestException as error:
            attempt.error = type(error).__name__
            return attempt
        finally:
            attempt.at = time.monotonic()
        attempt.status = answer.status_code
        attempt.outcome = answer.headers.get(OUTCOME_HEADER, "")
        attempt.served_by = answer.headers.get(SERVED_BY, "")
        if not attempt.outcome:
            attempt.error = f"status {answer.status_code}"
        return attempt

    @staticmethod
    def _pin(server: str) -> dict[str, str]:
        return {PIN_HEADER: server} if server else {}
