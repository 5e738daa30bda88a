"""The results page shows the audit trail's latest published daily root, and the whole list of
roots is public as JSON, so that anyone can keep a copy and see a rewritten history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import SeekerFactory, StaffFactory
from voorrang.audit.models import AuditEvent
from voorrang.audit.services import publish_daily_roots, record

pytestmark = pytest.mark.django_db

DUTCH_MONTHS = [
    *("januari", "februari", "maart", "april", "mei", "juni"),
    *("juli", "augustus", "september", "oktober", "november", "december"),
]


def test_the_results_page_shows_the_latest_daily_root_with_its_date(settings) -> None:
    settings.LANGUAGE_CODE = "nl"
    record(actor=StaffFactory(), action="seeker.viewed", obj=SeekerFactory())
    page = Client().get("/results/").content.decode()
    assert "Er is nog geen vingerafdruk van de vastleggingen gepubliceerd." in page

    today = timezone.localdate()
    (root,) = publish_daily_roots(today=today + dt.timedelta(days=1))
    last = AuditEvent.objects.order_by("sequence").last()
    assert root.hash == last.hash
    page = Client(headers={"accept-language": "nl"}).get("/results/").content.decode()
    assert root.hash in page
    day = f"{today.day} {DUTCH_MONTHS[today.month - 1]} {today.year}"
    assert f"Vingerafdruk van alles wat is vastgelegd tot en met {day}:" in page
    assert "/results/audit-roots.json" in page


def test_every_published_root_is_in_the_public_json_list() -> None:
    record(actor=StaffFactory(), action="seeker.viewed", obj=SeekerFactory())
    (root,) = publish_daily_roots(today=timezone.localdate() + dt.timedelta(days=1))
    answer = Client().get("/results/audit-roots.json")
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/json")
    assert answer.json() == {
        "algorithm": "sha256",
        "roots": [
            {
                "day": root.day.isoformat(),
                "hash": root.hash,
                "sequence": root.sequence,
                "published_at": root.published_at.isoformat(),
            }
        ],
    }
