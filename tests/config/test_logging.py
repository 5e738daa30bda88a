"""Log records, ours and Django's, are written by structlog in the configured format."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.processes import clean_environment

PROGRAM = (
    "import django, logging, structlog\n"
    "django.setup()\n"
    "structlog.get_logger('voorrang.example').warning('offer_expired', vacancy='V-1')\n"
    "logging.getLogger('django.request').error('from django')\n"
    "logging.getLogger('voorrang.example').debug('not shown at INFO')\n"
)


def _log_lines(tmp_path: Path, **variables: str) -> list[str]:
    env = clean_environment(DJANGO_SETTINGS_MODULE="voorrang.config.settings", **variables)
    result = subprocess.run(
        [sys.executable, "-c", PROGRAM],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stderr.splitlines()


def test_json_logs_are_one_object_per_line(tmp_path: Path) -> None:
    records = [json.loads(line) for line in _log_lines(tmp_path, LOG_FORMAT="json")]

    assert [(r["event"], r["level"], r["logger"]) for r in records] == [
        ("offer_expired", "warning", "voorrang.example"),
        ("from django", "error", "django.request"),
    ]
    assert records[0]["vacancy"] == "V-1"
    assert "timestamp" in records[0]


def test_console_logs_are_readable_lines_and_follow_LOG_LEVEL(tmp_path: Path) -> None:
    lines = _log_lines(tmp_path, LOG_LEVEL="DEBUG")

    assert len(lines) == 3
    assert "offer_expired" in lines[0]
    assert "vacancy=V-1" in lines[0]
    assert "not shown at INFO" in lines[2]
