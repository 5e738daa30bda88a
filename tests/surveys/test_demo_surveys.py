"""The demo's survey waves: the L-flat and the comparison buildings, answered online and on
paper, the same for the same seed, and a report section worth reading."""

from __future__ import annotations

import hashlib

import pytest
from django.db import transaction

from tests.demo.conftest import fast_hashing_settings, small_demo
from voorrang.surveys import report
from voorrang.surveys.models import Answer, Respondent, Submission, Wave

pytestmark = pytest.mark.django_db


def fingerprint() -> str:
    rows = list(
        Answer.objects.order_by(
            "submission__respondent__pseudonym",
            "submission__wave__offset_months",
            "instrument",
            "item",
        ).values_list(
            "submission__respondent__pseudonym",
            "submission__wave__offset_months",
            "submission__channel",
            "submission__completed_on",
            "item",
            "option",
        )
    )
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def test_the_demo_has_three_waves_per_building_with_answers_and_is_deterministic() -> None:
    prints = []
    with fast_hashing_settings():
        for _ in range(2):
            with transaction.atomic():
                small_demo(seed=5, scale=0.02)
                waves = Wave.objects.select_related("building")
                assert {w.offset_months for w in waves} == {0, 12, 24}
                assert {w.state for w in waves} == {"closed"}
                assert waves.filter(building__designated=True).count() == 3
                assert waves.filter(building__designated=False).count() >= 3
                assert set(Respondent.objects.values_list("cohort", flat=True)) == {
                    "targeted",
                    "regular",
                    "incumbent",
                }
                assert set(Submission.objects.values_list("channel", flat=True)) == {
                    "online",
                    "paper",
                }
                section = report.section(as_of=waves.last().closes_on)
                cohesion = next(p for p in section["scales"] if p["scale"] == "cohesion")
                assert cohesion["did"]["estimate"] is not None
                # Three buildings, one targeted: the randomisation interval cannot have bounds.
                assert cohesion["did"]["assignments"] == 3 and not cohesion["did"]["ri_bounded"]
                incumbents = cohesion["did_incumbents"]
                assert incumbents["estimable"] or incumbents["reason"]
                assert cohesion["alpha"]["alpha"] is not None
                prints.append(fingerprint())
                transaction.set_rollback(True)
    assert prints[0] == prints[1]
