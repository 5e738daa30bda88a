from __future__ import annotations

import pytest

from tests import needs


def pytest_runtest_setup(item: pytest.Item) -> None:
    for marker in needs.MISSING:
        if item.get_closest_marker(marker) is not None:
            needs.enforce(marker)
