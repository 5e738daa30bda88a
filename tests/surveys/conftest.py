from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture
def page(chromium) -> Iterator[object]:
    """A page in Dutch, the residents' language (the browser tests)."""
    context = chromium.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()
