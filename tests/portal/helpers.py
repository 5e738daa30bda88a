"""Shared steps of the portal tests."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import SeekerFactory, UserFactory

PASSWORD = "correct horse battery staple"
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf(name: str = "ib60.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def seeker_with_account(
    username: str = "jan@example.org",
    income: Decimal = Decimal("30000"),
    household=None,
    language: str = "en",
    **kw,
):
    """An active account with a registration. Its emails are in English (the source
    language, which the tests read) unless ``language`` says otherwise."""
    user = UserFactory(username=username, email=username)
    user.save()  # the factory sets the password after saving
    user.groups.add(Group.objects.get_or_create(name="seeker")[0])
    seeker = SeekerFactory(
        user=user,
        email=username,
        income=income,
        household=household or [dt.date(1985, 5, 5)],
        language=language,
        **kw,
    )
    return user, seeker


def link_in_last_email(pattern: str = r"https?://\S+") -> str:
    return re.search(pattern, mail.outbox[-1].body).group(0)
