"""`voorrang serve` with DEBUG off: pages and static files, and no migrations of its own."""

from __future__ import annotations

import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.processes import VOORRANG, clean_environment


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str, *, deadline: float) -> tuple[int, str, str]:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                body = response.read().decode("utf-8")
                return response.status, response.headers["Content-Type"], body
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _ctrl_c_as_in_a_terminal() -> None:
    # A command started with & from a script (as CI runs the test suite) ignores SIGINT, and
    # a child inherits that: the server started here must stop on Ctrl+C as in a terminal.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_serve_renders_pages_and_static_files_with_debug_off(tmp_path: Path) -> None:
    port = _free_port()
    server = subprocess.Popen(
        [VOORRANG, "serve", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        env=clean_environment(PYTHONUNBUFFERED="1"),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=_ctrl_c_as_in_a_terminal,
    )
    try:
        deadline = time.monotonic() + 30
        status, content_type, body = _get(f"http://127.0.0.1:{port}/", deadline=deadline)
        assert status == 200
        assert 'lang="nl"' in body

        status, content_type, css = _get(
            f"http://127.0.0.1:{port}/static/voorrang/css/voorrang.css", deadline=deadline
        )
        assert status == 200
        assert content_type.startswith("text/css")
        assert "--voorrang-color-primary" in css
    finally:
        server.send_signal(signal.SIGINT)
        output, _ = server.communicate(timeout=30)

    # serve leaves migrating to `voorrang manage migrate` or `voorrang demo`.
    assert "unapplied migration" in output
    assert "Applying" not in output
