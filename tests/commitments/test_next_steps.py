"""The steps the targeted track's pages offer follow the statuses: no page offers a form
that the state machines would refuse, and every step they allow has its form."""

from __future__ import annotations

import datetime as dt

import pytest

from voorrang.commitments.models import Application, CommitmentAgreement
from voorrang.commitments.selectors import next_steps
from voorrang.commitments.states import (
    APPLICATION_MACHINE,
    FOLLOW_UP_MACHINE,
    ApplicationStatus,
    FollowUpStatus,
)


@pytest.mark.parametrize("status", ApplicationStatus.values)
def test_an_application_is_offered_the_steps_its_state_machine_allows(status: str) -> None:
    steps = next_steps(Application(status=status))
    allows = APPLICATION_MACHINE.allows
    assert steps.schedule_intake == allows(status, ApplicationStatus.INTAKE_SCHEDULED)
    assert steps.decide == allows(status, ApplicationStatus.DECLINED)
    assert steps.withdraw == allows(status, ApplicationStatus.WITHDRAWN)
    assert steps.renew == (status == ApplicationStatus.APPROVED)
    assert steps.record_intake == steps.move_intake == (status == "intake_scheduled")
    assert steps.assess == (status == ApplicationStatus.INTAKE_HELD)
    assert steps.decline_only == (status in ("submitted", "intake_scheduled"))


def test_an_approved_application_with_an_agreement_is_neither_withdrawn_nor_agreed_again() -> None:
    application = Application(status=ApplicationStatus.APPROVED)
    assert next_steps(application).make_agreement
    assert next_steps(application).withdraw
    steps = next_steps(application, CommitmentAgreement(status=FollowUpStatus.ACTIVE))
    assert not steps.make_agreement
    assert not steps.withdraw
    assert steps.renew


def test_a_declined_seeker_may_object_while_no_objection_waits() -> None:
    application = Application(status=ApplicationStatus.DECLINED)
    assert next_steps(application).lodge_objection
    assert not next_steps(application, objection_open=True).lodge_objection
    assert not next_steps(Application(status=ApplicationStatus.APPROVED)).lodge_objection


@pytest.mark.parametrize("status", FollowUpStatus.values)
@pytest.mark.parametrize("moved_in_on", [None, dt.date(2026, 1, 5)])
def test_the_follow_up_offers_the_steps_its_state_machine_allows(status, moved_in_on) -> None:
    application = Application(status=ApplicationStatus.APPROVED)
    agreement = CommitmentAgreement(status=status, moved_in_on=moved_in_on)
    steps = next_steps(application, agreement)
    allows = FOLLOW_UP_MACHINE.allows
    assert steps.pause == allows(status, FollowUpStatus.PAUSED)
    # waiting -> active is the letting's (services.letting), never a step on the page.
    assert steps.resume == (allows(status, FollowUpStatus.ACTIVE) and status != "waiting")
    assert steps.end == allows(status, FollowUpStatus.ENDED)
    assert steps.log_activity == (steps.end and moved_in_on is not None)


def test_without_an_agreement_no_follow_up_step_is_offered() -> None:
    steps = next_steps(Application(status=ApplicationStatus.APPROVED))
    assert not (steps.log_activity or steps.pause)
    assert not (steps.resume or steps.end)
