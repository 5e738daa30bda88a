"""The demo's targeted track: the welfare organisation's records for every commitment of the
history, consistent with it, with some commitments paused or stopped; the same seed gives
the same records."""

from __future__ import annotations

from collections import Counter

import pytest
from django.contrib.auth import get_user_model

from tests.demo.conftest import PRESENT
from voorrang.allocation.models import Allocation
from voorrang.commitments import selectors
from voorrang.commitments.models import (
    ActivityLog,
    Application,
    AssessmentScore,
    CheckIn,
    Commitment,
    CommitmentAgreement,
    Decision,
    Intake,
)
from voorrang.demo.stock import L_FLAT

pytestmark = pytest.mark.django_db


def test_every_commitment_has_its_application_with_intake_assessment_and_decision(demo) -> None:
    commitments = Commitment.objects.filter(building__name=L_FLAT)
    assert commitments.count() == Application.objects.count() > 5
    for application in Application.objects.select_related("commitment"):
        assert application.commitment.seeker_id == application.seeker_id
        if application.commitment.status in ("approved", "declined"):
            assert application.intakes.filter(held_on__isnull=False).exists()
            assert AssessmentScore.objects.filter(assessment__application=application).count() == 4
            assert Decision.objects.filter(application=application, kind="decision").count() == 1
    assert Intake.objects.exclude(notes="").exists()


def test_each_targeted_tenant_has_an_agreement_with_follow_up(demo) -> None:
    tenants = dict(
        Allocation.objects.filter(unit__building__name=L_FLAT, tier="commitment").values_list(
            "seeker_id", "contract_start"
        )
    )
    agreements = list(CommitmentAgreement.objects.select_related("application"))
    let = [a for a in agreements if a.application.seeker_id in tenants]
    assert {a.application.seeker_id for a in let} == set(tenants)
    today = PRESENT.date()
    for agreement in let:
        start = tenants[agreement.application.seeker_id]
        if start <= today:  # the follow-up runs from the tenancy's start
            assert agreement.moved_in_on == start and agreement.status != "waiting"
        else:  # the tenancy has not started: the agreement waits
            assert agreement.moved_in_on is None and agreement.status == "waiting"
    moved = [a for a in let if a.moved_in_on]
    assert CheckIn.objects.count() == 4 * len(moved)
    assert CheckIn.objects.filter(answered_at__isnull=False).exists()
    assert ActivityLog.objects.count() > len(moved)


def test_the_demo_shows_a_letting_starting_a_follow_up_one_housed_otherwise_and_one_waiting(
    demo,
) -> None:
    from voorrang.audit.models import AuditEvent

    started = AuditEvent.objects.filter(action="track.follow_up_started")
    assert started.exists()
    assert CommitmentAgreement.objects.filter(status="waiting", moved_in_on__isnull=True).exists()
    housed = Application.objects.exclude(housed_elsewhere="")
    assert housed.exists()
    assert all(a.housed_elsewhere == "end" and a.status == "ended" for a in housed)


def test_the_coordinator_account_works_for_the_organisation_and_sees_a_caseload(demo) -> None:
    user = get_user_model().objects.get(username="staff-welfare")
    load = selectors.caseload(user)
    assert load.rows
    assert selectors.application_queue(user).exists() or load.pipeline == []


def test_the_demo_has_statuses_of_every_kind_at_full_scale_shares(demo) -> None:
    statuses = Counter(CommitmentAgreement.objects.values_list("status", flat=True))
    assert statuses["active"] > 0
    # Paused and ended appear over the years; the small demo may not have both.
    assert sum(statuses.values()) == CommitmentAgreement.objects.count()


def test_the_coordinators_start_page_has_each_case_to_show(demo) -> None:
    from voorrang.commitments.models import SupportTask

    user = get_user_model().objects.get(username="staff-welfare")
    assert selectors.new_applications(user).exists()
    assert selectors.overdue_check_ins(user).exists()
    assert SupportTask.objects.filter(status="open").exists()
    handled = SupportTask.objects.filter(status="closed")
    assert handled.exists() and all(t.closing_note and t.closed_at for t in handled)
    assert all(t.check_in.wants_support for t in SupportTask.objects.all())
    for criterion in selectors.organisations_of(user).get().criteria.all():
        assert len(criterion.anchors) == 5


def test_the_demo_has_a_track_objection_waiting_for_the_second_coordinator_and_one_decided(
    demo,
) -> None:
    from voorrang.commitments.models import Objection
    from voorrang.commitments.services.objection import why_not_decider

    first = get_user_model().objects.get(username="staff-welfare")
    second = get_user_model().objects.get(username="staff-welfare-2")
    objections = list(Objection.objects.select_related("application"))
    assert sorted(o.status for o in objections) == ["lodged", "rejected"]
    for objection in objections:
        assert objection.declined_by == first
        assert objection.documents.count() == 1
        if objection.status == "rejected":
            assert objection.decided_by == second and objection.decision_reasons
        else:
            assert why_not_decider(objection, first) is not None
            assert why_not_decider(objection, second) is None


def test_a_check_in_due_yesterday_is_not_answered_after_the_present(demo) -> None:
    """The history's check-ins are answered up to twelve days after their date, but never
    after the demo's present moment (a request for support asked "tomorrow" on the start page
    is how this showed)."""
    import datetime as dt
    import random
    from collections import defaultdict

    from voorrang.commitments.dates import add_months
    from voorrang.demo.targeted_track import _Writer

    today = PRESENT.date()
    agreement = CommitmentAgreement.objects.exclude(status="ended").first()
    for seed in range(20):
        agreement.check_ins.all().delete()
        agreement.moved_in_on = add_months(today, -3) - dt.timedelta(days=1)
        writer = _Writer(random.Random(seed), today, None, None, [], [], defaultdict(int), [])
        writer.check_ins(agreement, [], reliability=0.9)
        assert agreement.check_ins.get(month=3).due_on < today
        assert not agreement.check_ins.filter(answered_at__gt=PRESENT).exists(), seed


def test_nothing_in_the_track_happened_after_the_present(demo) -> None:
    """A check-in is not answered tomorrow, nor a request for support asked then."""
    from voorrang.commitments.models import SupportTask

    now = PRESENT
    assert not CheckIn.objects.filter(answered_at__gt=now).exists()
    assert not SupportTask.objects.filter(created_at__gt=now).exists()
    assert not SupportTask.objects.filter(closed_at__gt=now).exists()
