"""Every answer carries the Content-Security-Policy: scripts and styles only from Voorrang's
own static files, no plugins, no framing, forms posted only to Voorrang itself."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

SOURCE = Path(__file__).resolve().parents[2] / "src" / "voorrang"


def directives(header: str) -> dict[str, list[str]]:
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/admin/login/", "/no/such/page/"])
def test_every_answer_carries_the_policy(client: Client, path: str) -> None:
    response = client.get(path)

    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


INLINE_CODE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE), "an inline <script>"),
    (re.compile(r"""\son[a-z]+\s*=\s*["']""", re.IGNORECASE), "an on...= handler"),
    (re.compile(r"""\sstyle\s*=\s*["']""", re.IGNORECASE), "a style attribute"),
    (re.compile(r"<style\b", re.IGNORECASE), "a <style> element"),
]
# Documents of their own, never served as a page under the policy: the evaluation report is
# written to a file (and downloaded as one), the agreement is turned into a PDF.
STANDALONE_DOCUMENTS = {
    "evaluation/templates/evaluation/report.html",
    "commitments/templates/commitments/agreement_pdf.html",
}


def test_no_template_holds_inline_script_or_style() -> None:
    found = []
    for template in sorted(SOURCE.rglob("templates/**/*.html")):
        name = template.relative_to(SOURCE).as_posix()
        if name in STANDALONE_DOCUMENTS:
            continue
        text = template.read_text(encoding="utf-8")
        for pattern, what in INLINE_CODE:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{name}:{line}: {what}")
    assert found == []


def test_every_answer_says_how_it_may_be_used(client: Client) -> None:
    response = client.get("/")

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
