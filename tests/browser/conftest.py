"""The staff pages' browser tests use the session's one chromium (tests/conftest.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture
def screenshots() -> Path | None:
    """Set VOORRANG_SCREENSHOTS=DIR to keep a screenshot of every page the tests check."""
    folder = os.environ.get("VOORRANG_SCREENSHOTS")
    if not folder:
        return None
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    return path
