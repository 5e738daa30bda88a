"""Links in emails lead to the address the demo or the server was started on, unless
VOORRANG_PUBLIC_URL says otherwise: `voorrang demo --port N` emails links on port N."""

from __future__ import annotations

import http.cookiejar
import re
import signal
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.config.test_serve import _ctrl_c_as_in_a_terminal, _free_port
from tests.demo.test_demo_command import second_factors
from tests.processes import VOORRANG, clean_environment, run_voorrang
from voorrang.config import runtime


@pytest.mark.parametrize(
    ("addrport", "url"),
    [
        ("127.0.0.1:8123", "http://127.0.0.1:8123"),
        ("8124", "http://127.0.0.1:8124"),
        ("0.0.0.0:8125", "http://127.0.0.1:8125"),
        ("[::]:8126", "http://[::1]:8126"),
        ("[::1]:8127", "http://[::1]:8127"),
        ("localhost:8128", "http://localhost:8128"),
    ],
)
def test_the_public_url_is_the_address_the_server_was_started_on(addrport, url) -> None:
    assert runtime.public_url(addrport) == url


@pytest.mark.parametrize("unset", [True, False], ids=["unset", "empty"])
def test_the_server_address_is_put_in_the_environment_when_none_is_set(
    monkeypatch, unset: bool
) -> None:
    # Set first in any case, so that the test's change to the environment is undone after it.
    monkeypatch.setenv("VOORRANG_PUBLIC_URL", "")  # empty counts as unset, as in settings
    if unset:
        monkeypatch.delenv("VOORRANG_PUBLIC_URL")
    runtime.links_lead_to("0.0.0.0:8123")
    assert runtime.os.environ["VOORRANG_PUBLIC_URL"] == "http://127.0.0.1:8123"


def test_an_explicit_public_url_always_wins(monkeypatch) -> None:
    monkeypatch.setenv("VOORRANG_PUBLIC_URL", "https://woningzoeken.example.nl")
    runtime.links_lead_to("127.0.0.1:8123")
    assert runtime.os.environ["VOORRANG_PUBLIC_URL"] == "https://woningzoeken.example.nl"


# --- As people run it ---------------------------------------------------------------------

PASSWORD = "lang-wachtwoord-2026"
STAFF = "staff-allocation"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class _Browser:
    """Pages through urllib, with cookies and Django's CSRF token, as a browser posts forms."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.read().decode()

    def post(self, path: str, data: dict[str, str]) -> str:
        """The address the answer ends on, after its redirects."""
        token = next(c.value for c in self.cookies if c.name == "csrftoken")
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(self.base + path, data=body)
        with self.opener.open(request, timeout=60) as response:
            response.read()
            return response.geturl()

    def log_in_as_staff(self, recovery_code: str) -> None:
        self.get("/accounts/login/")
        self.post("/accounts/login/", {"username": STAFF, "password": PASSWORD})
        landed = self.post("/accounts/second-factor/", {"recovery_code": recovery_code})
        assert "/accounts/" not in landed, landed


def _wait_for(url: str, server: subprocess.Popen, deadline: float) -> None:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except (urllib.error.URLError, ConnectionError):
            assert server.poll() is None, "the server stopped"
            assert time.monotonic() < deadline, f"{url} did not answer"
            time.sleep(0.5)


def _status_without_following(url: str) -> int:
    try:
        with urllib.request.build_opener(_NoRedirect).open(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as answer:
        return answer.code


def _emailed_links(output: Path, deadline: float) -> list[str]:
    """The links to the seekers' pages in the emails the server printed (console backend)."""
    pattern = re.compile(r"https?://[^\s/]+/my/\S*")
    while True:
        links = pattern.findall(output.read_text())
        if links or time.monotonic() > deadline:
            return links
        time.sleep(0.5)


def _start(arguments: list[str], cwd: Path, env: dict[str, str], output: Path):
    with output.open("w") as sink:
        return subprocess.Popen(
            [VOORRANG, *arguments],
            cwd=cwd,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            text=True,
            preexec_fn=_ctrl_c_as_in_a_terminal,
        )


def _stop(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def _find(cwd: Path, env: dict[str, str]) -> dict[str, str]:
    """A ranked vacancy waiting for its first offer, and an open offer (its vacancy, its id)."""
    program = (
        "from voorrang.allocation.models import Offer, Vacancy\n"
        "ranked = Vacancy.objects.filter(state='ranked', offers=None).order_by('pk').first()\n"
        "offer = Offer.objects.filter(state__in=['open', 'viewing']).order_by('pk').first()\n"
        "print('ranked', ranked.reference)\n"
        "print('open', offer.vacancy.reference, offer.pk)\n"
    )
    result = run_voorrang("manage", "shell", "-c", program, cwd=cwd, env=env)
    assert result.returncode == 0, result.stderr
    found = dict(line.split(" ", 1) for line in result.stdout.splitlines() if " " in line)
    return {"ranked": found["ranked"], "open": found["open"]}


def test_emailed_links_lead_to_the_port_of_the_demo_and_of_serve(tmp_path: Path) -> None:
    env = clean_environment(PYTHONUNBUFFERED="1", VOORRANG_DATA_DIR=str(tmp_path / "data"))
    port = _free_port()
    output = tmp_path / "demo.txt"
    demo = _start(
        ["demo", "--port", str(port), "--scale", "0.02", "--demo-password", PASSWORD],
        tmp_path,
        env,
        output,
    )
    try:
        _wait_for(f"http://127.0.0.1:{port}/", demo, time.monotonic() + 600)
        codes = second_factors(output.read_text())[STAFF]["codes"]
        found = _find(tmp_path, env)
        browser = _Browser(f"http://127.0.0.1:{port}")
        browser.log_in_as_staff(codes[0])
        browser.post(f"/staff/vacancies/{found['ranked']}/offer-next/", {})
        links = _emailed_links(output, time.monotonic() + 150)
        assert links, output.read_text()[-3000:]
        assert all(link.startswith(f"http://127.0.0.1:{port}/my/offers/") for link in links)
        # The link opens on the demo: a seeker's offer sends a visitor to log in first.
        assert {_status_without_following(link) for link in links} <= {200, 302}, links
    finally:
        _stop(demo)

    # `voorrang serve` on every interface: the links take the loopback address and its port.
    port = _free_port()
    output = tmp_path / "serve.txt"
    server = _start(["serve", f"0.0.0.0:{port}"], tmp_path, env, output)
    try:
        _wait_for(f"http://127.0.0.1:{port}/", server, time.monotonic() + 60)
        browser = _Browser(f"http://127.0.0.1:{port}")
        browser.log_in_as_staff(codes[1])
        vacancy, offer = found["open"].split()
        browser.post(
            f"/staff/vacancies/{vacancy}/offers/{offer}/refuse/", {"refuse-refusal_reason": "size"}
        )
        # `serve` starts no worker (production runs `voorrang worker` beside it): the refusal's
        # emails wait in the queue until they are sent, with the server's links.
        sent = tmp_path / "worker.txt"
        worker_env = {**env, "VOORRANG_PUBLIC_URL": f"http://127.0.0.1:{port}"}
        with sent.open("w") as sink:
            subprocess.run(
                [VOORRANG, "manage", "send_notifications"],
                cwd=tmp_path,
                env=worker_env,
                stdout=sink,
                stderr=subprocess.STDOUT,
                timeout=300,
                check=True,
            )
        links = _emailed_links(sent, time.monotonic() + 5)
        assert links, sent.read_text()[-3000:]
        assert all(link.startswith(f"http://127.0.0.1:{port}/my/") for link in links), links
        assert {_status_without_following(link) for link in links} <= {200, 302}, links
    finally:
        _stop(server)
