"""The same seed gives the same targeted-track records in the demo (a module of its own: the
other demo tests share one generated demo, and this one generates its own twice)."""

from __future__ import annotations

import pytest

from voorrang.commitments.models import ActivityLog, Application, CheckIn, CommitmentAgreement

pytestmark = pytest.mark.django_db


def _track_fingerprint() -> list:
    return [
        list(
            Application.objects.order_by("seeker__registration_number", "submitted_at").values_list(
                "seeker__registration_number", "status", "hours_per_month", "motivation"
            )
        ),
        list(
            CommitmentAgreement.objects.order_by("application__seeker__registration_number")
            .values_list("application__seeker__registration_number", "status", "end_reason",
                         "hours_per_month", "ended_on")
        ),
        list(
            ActivityLog.objects.order_by(
                "agreement__application__seeker__registration_number", "done_on", "hours"
            ).values_list("done_on", "hours")
        ),
        list(
            CheckIn.objects.order_by("agreement__application__seeker__registration_number", "month")
            .values_list("due_on", "settled", "going")
        ),
    ]  # fmt: skip


def test_the_same_seed_gives_the_same_track() -> None:
    from django.db import transaction

    from tests.demo.conftest import small_demo

    prints = []
    for _ in range(2):
        with transaction.atomic():
            small_demo(seed=11, scale=0.02)
            prints.append(_track_fingerprint())
            transaction.set_rollback(True)
    assert prints[0] == prints[1]
    assert prints[0][0]
