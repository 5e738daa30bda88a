"""The same seed gives the same demo; generating it sends nothing and leaves the clock alone."""

from __future__ import annotations

import hashlib

import pytest
from django.db import transaction
from django.utils import timezone

from tests.demo.conftest import small_demo
from voorrang.allocation.models import Allocation, Offer, Ranking, Response, Vacancy
from voorrang.audit.models import AuditEvent
from voorrang.seekers.models import Seeker

pytestmark = pytest.mark.django_db


def fingerprint() -> dict[str, object]:
    """What must come out the same for the same seed: counts, registration numbers, the
    rankings' digests and the lettings (never database ids, which differ between runs)."""

    def digest(rows) -> str:
        return hashlib.sha256(repr(list(rows)).encode()).hexdigest()

    return {
        "seekers": digest(Seeker.objects.order_by("registration_number").values_list(
            "registration_number", "registered_on", "income", "email"
        )),
        "vacancies": digest(Vacancy.objects.order_by("reference").values_list(
            "reference", "state", "targeted", "published_on", "seed"
        )),
        "rankings": digest(Ranking.objects.order_by("vacancy__reference").values_list(
            "vacancy__reference", "input_digest"
        )),
        "allocations": digest(Allocation.objects.order_by("vacancy__reference").values_list(
            "vacancy__reference", "seeker__registration_number", "tier", "let_on"
        )),
        "counts": [
            model.objects.count()
            for model in (Seeker, Vacancy, Response, Ranking, Offer, Allocation, AuditEvent)
        ],
    }  # fmt: skip


def test_the_same_seed_gives_the_same_demo_and_another_seed_another() -> None:
    prints = []
    for seed in (11, 11, 12):
        with transaction.atomic():
            small_demo(seed=seed, scale=0.02)
            prints.append(fingerprint())
            transaction.set_rollback(True)
    assert prints[0] == prints[1]
    assert prints[0]["vacancies"] != prints[2]["vacancies"]
    assert prints[0]["counts"][1] > 10  # vacancies


def test_generation_sends_no_email_and_gives_the_clock_back(
    mailoutbox, django_capture_on_commit_callbacks
) -> None:
    real_now = timezone.now
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        small_demo(seed=13, scale=0.02)
        transaction.set_rollback(True)
    assert mailoutbox == []
    assert timezone.now is real_now
