"""Survey records for the tests, made through the services."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from tests.factories import BuildingFactory, StaffFactory
from voorrang.surveys import services
from voorrang.surveys.wave_months import add_months


def researcher():
    return StaffFactory(groups=["researcher"])


def open_wave(*, building=None, offset: int = 0, actor=None, days: int = 30):
    """An open wave ``offset`` months after a baseline that opened 36 months and a day ago,
    so that every wave of a building is open today."""
    actor = actor or researcher()
    building = building or BuildingFactory()
    today = timezone.localdate()
    opens_on = add_months(today - timedelta(days=1), offset - 36)
    wave = services.create_wave(
        actor=actor,
        building=building,
        opens_on=opens_on,
        closes_on=today + timedelta(days=days),
    )
    return services.open_wave(actor=actor, wave=wave)


LONELY = {
    "emptiness": "yes",
    "rely_on": "yes",
    "trust": "more_or_less",
    "miss_people": "no",
    "close": "no",
    "rejected": "more_or_less",
}  # total 4, emotional 2, social 2
COHESIVE = {
    "know_each_other": "agree",
    "pleasant": "strongly_agree",
    "togetherness": "neither",
    "at_home": "agree",
    "help_each_other": "agree",
}  # 6.5


def answers(**overrides) -> dict[str, dict[str, str | None]]:
    return {"social-cohesion": dict(COHESIVE), "loneliness": dict(LONELY), **overrides}


def day(offset: int = 0) -> date:
    return timezone.localdate() + timedelta(days=offset)
