from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _portal_isolation(settings, tmp_path):
    """Each test gets its own evidence folder and an empty rate-limit cache."""
    settings.DATA_DIR = tmp_path
    cache.clear()
    yield
    cache.clear()


# The browser itself is the session's one chromium fixture, in tests/conftest.py.


@pytest.fixture
def page(chromium) -> Iterator[object]:
    context = chromium.new_context(locale="en-GB", timezone_id="Europe/Amsterdam")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def english(settings):
    """Pages and emails in English, the source language, whatever the catalogue says."""
    settings.LANGUAGE_CODE = "en"
