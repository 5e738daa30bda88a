"""Every table of every template sits in its own scroll region, so a page never scrolls
sideways at 320 px (WCAG 1.4.10): a ``voorrang-table-scroll`` container with role="region",
tabindex="0" (it scrolls with the keyboard) and a name (aria-label or aria-labelledby)."""

from __future__ import annotations

import re
from pathlib import Path

import voorrang

SOURCE = Path(voorrang.__file__).resolve().parent
OPENING = re.compile(r"<(div|table)\b[^>]*>", re.S)


def test_every_table_is_inside_a_named_focusable_scroll_region() -> None:
    problems = []
    tables = 0
    templates = [p for p in SOURCE.rglob("templates/**/*.html") if "/admin/" not in str(p)]
    assert templates
    for path in templates:
        text = path.read_text(encoding="utf-8")
        last_div = ""
        for match in OPENING.finditer(text):
            tag = match.group(0)
            if match.group(1) == "div":
                last_div = tag
                continue
            tables += 1
            line = text.count("\n", 0, match.start()) + 1
            where = f"{path.relative_to(SOURCE)}:{line}"
            if "voorrang-table-scroll" not in last_div:
                problems.append(f"{where}: not inside a voorrang-table-scroll container")
                continue
            for needed in ('role="region"', 'tabindex="0"'):
                if needed not in last_div:
                    problems.append(f"{where}: its scroll container has no {needed}")
            if "aria-label" not in last_div:
                problems.append(f"{where}: its scroll container has no name")
    assert tables > 40  # the walk found the tables
    assert problems == [], "\n".join(problems)
