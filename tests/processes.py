"""Run Voorrang in a child process with an environment the test controls.

Settings are read once per process, so tests of the environment handling must start a process
of their own rather than reload modules in the test process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from voorrang.config.env import SETTINGS_BY_NAME

# The console script that `uv sync` installs beside the interpreter running the tests.
VOORRANG = str(Path(sys.executable).with_name("voorrang"))


def clean_environment(**variables: str) -> dict[str, str]:
    """This process's environment without any of Voorrang's settings, plus ``variables``.
    Also without what the test process sets for itself: DJANGO_ALLOW_ASYNC_UNSAFE (set for the
    browser tests, tests/conftest.py) would fail a child's `check --deploy`."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in SETTINGS_BY_NAME
        and name not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(variables)
    return environment


def run_voorrang(
    *arguments: str, cwd: Path, env: dict[str, str], timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [VOORRANG, *arguments],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def read_settings(*names: str, cwd: Path, env: dict[str, str]) -> dict[str, Any]:
    """The values of Django settings ``names`` as a fresh process with ``env`` reads them."""
    program = (
        "import json, sys\n"
        "import django\n"
        "from django.conf import settings\n"
        "django.setup()\n"
        "names = json.loads(sys.argv[1])\n"
        "print(json.dumps({name: getattr(settings, name) for name in names}, default=str))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program, json.dumps(names)],
        cwd=cwd,
        env={**env, "DJANGO_SETTINGS_MODULE": "voorrang.config.settings"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def settings_refusal(*, cwd: Path, **variables: str) -> str:
    """The error with which a fresh process refuses to load the settings with ``variables``."""
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=cwd,
        env={
            **clean_environment(**variables),
            "DJANGO_SETTINGS_MODULE": "voorrang.config.settings",
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0, "the settings were accepted"
    return result.stderr
