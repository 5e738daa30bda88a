"""Checks of the installation's own settings, run by ``voorrang manage check --deploy``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def public_url_is_https(app_configs: Any, **kwargs: Any) -> list[Warning]:
    """The emails about responses and offers are not answers to a request: their links start
    with VOORRANG_PUBLIC_URL, which must then be the HTTPS address the seekers use."""
    if settings.VOORRANG_PUBLIC_URL.startswith("https://"):
        return []
    return [
        Warning(
            f"VOORRANG_PUBLIC_URL is {settings.VOORRANG_PUBLIC_URL!r}: the links in emails "
            "would not use HTTPS.",
            hint="Set VOORRANG_PUBLIC_URL to the https:// address of this installation.",
            id="voorrang.W001",
        )
    ]
