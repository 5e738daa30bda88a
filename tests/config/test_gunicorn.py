"""The production server: gunicorn with ``voorrang.config.gunicorn`` serves the application
(preloaded and warmed in the master process, then forked), and the warm-up opens no database
connection before the fork."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.config.test_serve import _free_port, _get
from tests.processes import clean_environment, run_voorrang


def test_the_warm_up_loads_urls_and_catalogues_and_opens_no_connection(tmp_path: Path) -> None:
    program = (
        "from django.db import connections\n"
        "from django.urls import get_resolver\n"
        "from django.utils.translation import trans_real\n"
        "import voorrang.config.wsgi\n"
        "print(sorted(trans_real._translations))\n"
        "print(get_resolver()._populated)\n"
        "print(any(c.connection is not None for c in connections.all()))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program],
        cwd=tmp_path,
        env=clean_environment(VOORRANG_DATA_DIR=str(tmp_path / "data")),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    languages, populated, connected = result.stdout.splitlines()[-3:]
    assert "'en'" in languages and "'nl'" in languages
    assert populated == "True"
    assert connected == "False"


def test_gunicorn_with_the_production_settings_serves_pages_and_a_response_form(
    tmp_path: Path,
) -> None:
    env = clean_environment(VOORRANG_DATA_DIR=str(tmp_path / "data"), PYTHONUNBUFFERED="1")
    migrated = run_voorrang("manage", "migrate", "--verbosity", "0", cwd=tmp_path, env=env)
    assert migrated.returncode == 0, migrated.stderr
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            "python:voorrang.config.gunicorn",
            "voorrang.config.wsgi",
            "--workers",
            "2",
        ],
        cwd=tmp_path,
        env={**env, "VOORRANG_BIND": f"127.0.0.1:{port}"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        status, _, body = _get(f"http://127.0.0.1:{port}/", deadline=deadline)
        assert status == 200 and 'lang="nl"' in body
        status, content_type, _ = _get(
            f"http://127.0.0.1:{port}/static/voorrang/css/voorrang.css", deadline=deadline
        )
        assert status == 200 and content_type.startswith("text/css")
        status, _, body = _get(f"http://127.0.0.1:{port}/homes/", deadline=deadline)
        assert status == 200
    finally:
        server.send_signal(signal.SIGTERM)
        output, _ = server.communicate(timeout=60)
    assert "Booting worker" in output
    assert server.returncode == 0, output
