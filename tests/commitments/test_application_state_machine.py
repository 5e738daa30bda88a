"""Every transition of the application's state machine, allowed and refused, through the
services; and the corporation's view (Commitment) kept in step."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from tests.commitments import factories as f
from tests.factories import BuildingFactory, SeekerFactory
from voorrang.audit.models import AuditEvent
from voorrang.commitments import services
from voorrang.commitments.consent import CONSENT_STATEMENTS
from voorrang.commitments.dates import add_months
from voorrang.commitments.models import Commitment, Decision, Objection
from voorrang.commitments.states import (
    ALLOWED_APPLICATION_CHANGES,
    ALLOWED_FOLLOW_UP_CHANGES,
    ALLOWED_OBJECTION_CHANGES,
    ApplicationStatus,
)
from voorrang.errors import InvalidChange, NotAllowed

pytestmark = pytest.mark.django_db


def commitment_of(application):
    return Commitment.objects.get(seeker=application.seeker, building=application.building)


def test_every_status_has_its_allowed_changes_declared() -> None:
    assert set(ALLOWED_APPLICATION_CHANGES) == set(ApplicationStatus.values)
    for allowed in ALLOWED_APPLICATION_CHANGES.values():
        assert allowed <= set(ApplicationStatus.values)
    assert ALLOWED_APPLICATION_CHANGES[ApplicationStatus.WITHDRAWN] == frozenset()
    assert set(ALLOWED_FOLLOW_UP_CHANGES["ended"]) == set()
    assert set(ALLOWED_OBJECTION_CHANGES["upheld"]) == set()


def test_applying_makes_a_pending_commitment_and_records_consent(
    org, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        application = f.applied(org)
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.consents == sorted(CONSENT_STATEMENTS)
    assert application.consented_at is not None
    commitment = commitment_of(application)
    assert (commitment.status, commitment.valid_until) == ("pending", None)
    assert len(mail.outbox) == 1
    event = AuditEvent.objects.get(action="track.applied")
    # Audit events never carry the motivation or other free text.
    assert "Koffie" not in str(event.after)


@pytest.mark.parametrize(
    "field, overrides",
    [
        ("consents", {"consents": ["share_with_welfare"]}),
        ("motivation", {"motivation": "   "}),
        ("hours_per_month", {"hours_per_month": 0}),
        ("hours_per_month", {"hours_per_month": 81}),
    ],
)
def test_an_application_with_bad_input_is_refused_naming_the_field(org, field, overrides) -> None:
    with pytest.raises(InvalidChange) as error:
        f.applied(org, **overrides)
    assert error.value.field == field
    assert not Commitment.objects.exists()


def test_a_second_open_application_for_the_same_building_is_refused(org) -> None:
    application = f.applied(org)
    with pytest.raises(NotAllowed):
        f.applied(org, seeker=application.seeker)


def test_a_building_that_is_not_designated_or_has_no_organisation_takes_no_application(db) -> None:
    plain = BuildingFactory(name="Gewone flat", designated=False)
    with pytest.raises(NotAllowed):
        services.submit_application(
            actor=None,
            seeker=SeekerFactory(),
            building=plain,
            motivation="x",
            hours_per_month=4,
            available_from=timezone.localdate(),
            consents=list(CONSENT_STATEMENTS),
        )
    orphan = BuildingFactory(name="Andere flat", designated=True)
    with pytest.raises(NotAllowed):
        services.submit_application(
            actor=None,
            seeker=SeekerFactory(),
            building=orphan,
            motivation="x",
            hours_per_month=4,
            available_from=timezone.localdate(),
            consents=list(CONSENT_STATEMENTS),
        )


def test_submitted_to_intake_scheduled_sends_an_invitation(
    org, coordinator, django_capture_on_commit_callbacks
) -> None:
    application = f.applied(org)
    with django_capture_on_commit_callbacks(execute=True):
        f.scheduled(application, coordinator)
    assert application.status == ApplicationStatus.INTAKE_SCHEDULED
    assert application.coordinator == coordinator
    assert "Buurthuis De Clomp" in mail.outbox[-1].body
    assert application.intakes.get().invitation_sent_at is not None


def test_intake_scheduled_to_intake_scheduled_moves_the_intake(org, coordinator) -> None:
    application = f.scheduled(f.applied(org), coordinator)
    f.scheduled(application, coordinator)
    assert application.intakes.filter(cancelled=False).count() == 1
    assert application.intakes.count() == 2


def test_an_intake_cannot_be_scheduled_in_the_past(org, coordinator) -> None:
    application = f.applied(org)
    with pytest.raises(InvalidChange) as error:
        services.schedule_intake(
            actor=coordinator,
            application=application,
            starts_at=timezone.now() - dt.timedelta(hours=1),
            place="x",
        )
    assert error.value.field == "starts_at"


def test_intake_scheduled_to_intake_held_needs_notes(org, coordinator) -> None:
    application = f.scheduled(f.applied(org), coordinator)
    with pytest.raises(InvalidChange) as error:
        services.record_intake(
            actor=coordinator, application=application, held_on=timezone.localdate(), notes=" "
        )
    assert error.value.field == "notes"
    services.record_intake(
        actor=coordinator, application=application, held_on=timezone.localdate(), notes="ok"
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INTAKE_HELD
    assert commitment_of(application).status == "pending"


def test_recording_an_intake_before_it_is_scheduled_is_refused(org, coordinator) -> None:
    application = f.applied(org)
    with pytest.raises(NotAllowed):
        services.record_intake(
            actor=coordinator, application=application, held_on=timezone.localdate(), notes="x"
        )


def test_assessment_needs_every_criterion_with_a_score_from_1_to_5_and_a_reason(
    org, coordinator
) -> None:
    application = f.held(f.applied(org), coordinator)
    criteria = list(org.criteria.all())
    assert [c.key for c in criteria] == ["motivation", "realism", "fit", "continuity"]
    full = {c.pk: (4, "reden") for c in criteria}
    missing = dict(list(full.items())[1:])
    with pytest.raises(InvalidChange):
        services.assess(actor=coordinator, application=application, scores=missing)
    with pytest.raises(InvalidChange) as error:
        services.assess(
            actor=coordinator, application=application, scores={**full, criteria[0].pk: (6, "x")}
        )
    assert error.value.field == f"score_{criteria[0].pk}"
    with pytest.raises(InvalidChange) as error:
        services.assess(
            actor=coordinator, application=application, scores={**full, criteria[1].pk: (3, " ")}
        )
    assert error.value.field == f"reason_{criteria[1].pk}"
    assessment = services.assess(actor=coordinator, application=application, scores=full)
    assert assessment.total == 16


def test_assessing_before_the_intake_is_refused(org, coordinator) -> None:
    application = f.applied(org)
    with pytest.raises(NotAllowed):
        services.assess(actor=coordinator, application=application, scores={})


def test_approving_without_an_assessment_is_refused(org, coordinator) -> None:
    application = f.held(f.applied(org), coordinator)
    with pytest.raises(NotAllowed):
        services.decide(actor=coordinator, application=application, approve=True, reasons="ok")


def test_intake_held_to_approved_makes_the_commitment_approved_for_the_set_period(
    org, coordinator, settings
) -> None:
    settings.VOORRANG_APPROVAL_MONTHS = 12
    application = f.approved(f.applied(org), coordinator)
    until = add_months(timezone.localdate(), 12)
    assert (application.status, application.approved_until) == (ApplicationStatus.APPROVED, until)
    commitment = commitment_of(application)
    assert (commitment.status, commitment.valid_until, commitment.building) == (
        "approved",
        until,
        application.building,
    )


def test_approval_before_the_intake_is_refused(org, coordinator) -> None:
    application = f.applied(org)
    with pytest.raises(NotAllowed):
        services.decide(actor=coordinator, application=application, approve=True, reasons="ok")


@pytest.mark.parametrize("step", ["submitted", "intake_scheduled", "intake_held"])
def test_an_application_can_be_declined_with_reasons_at_every_step_before_a_decision(
    org, coordinator, step
) -> None:
    application = f.applied(org)
    if step == "intake_scheduled":
        f.scheduled(application, coordinator)
    elif step == "intake_held":
        f.held(application, coordinator)
    with pytest.raises(InvalidChange):
        services.decide(actor=coordinator, application=application, approve=False, reasons="")
    services.decide(
        actor=coordinator, application=application, approve=False, reasons="Niet op komen dagen."
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECLINED
    assert commitment_of(application).status == "declined"


def test_a_decided_application_cannot_be_decided_again(org, coordinator) -> None:
    application = f.declined(f.applied(org), coordinator)
    with pytest.raises(NotAllowed):
        services.decide(actor=coordinator, application=application, approve=True, reasons="x")


def test_approved_to_approved_renews_for_another_period(org, coordinator, settings) -> None:
    application = f.approved(f.applied(org), coordinator)
    first = application.approved_until
    services.renew(actor=coordinator, application=application, reasons="Nog steeds gemotiveerd.")
    application.refresh_from_db()
    assert application.approved_until == add_months(first, settings.VOORRANG_APPROVAL_MONTHS)
    assert commitment_of(application).valid_until == application.approved_until
    assert Decision.objects.filter(application=application, kind="renewal").count() == 1


def test_renewing_an_application_that_is_not_approved_is_refused(org, coordinator) -> None:
    application = f.declined(f.applied(org), coordinator)
    with pytest.raises(NotAllowed):
        services.renew(actor=coordinator, application=application, reasons="x")


@pytest.mark.parametrize("step", ["submitted", "intake_scheduled", "intake_held", "approved"])
def test_an_open_application_can_be_withdrawn(org, coordinator, step) -> None:
    application = f.applied(org)
    {
        "submitted": lambda a, c: a,
        "intake_scheduled": f.scheduled,
        "intake_held": f.held,
        "approved": f.approved,
    }[step](application, coordinator)
    services.withdraw(actor=None, application=application)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert commitment_of(application).status == "ended"
    with pytest.raises(NotAllowed):
        services.withdraw(actor=None, application=application)
    with pytest.raises(NotAllowed):
        f.scheduled(application, coordinator)


def test_a_declined_application_cannot_be_withdrawn_and_an_agreed_one_is_ended_instead(
    org, coordinator
) -> None:
    with pytest.raises(NotAllowed):
        services.withdraw(actor=None, application=f.declined(f.applied(org), coordinator))
    application = f.applied(org, seeker=SeekerFactory())
    f.agreed(application, coordinator)
    with pytest.raises(NotAllowed):
        services.withdraw(actor=None, application=application)


def test_after_a_withdrawal_the_seeker_can_apply_again(org, coordinator) -> None:
    application = f.applied(org)
    services.withdraw(actor=None, application=application)
    again = f.applied(org, seeker=application.seeker)
    assert again.commitment == application.commitment
    assert commitment_of(again).status == "pending"


def test_an_upheld_objection_reopens_the_application_for_a_new_assessment(
    org, coordinator, colleague
) -> None:
    application = f.declined(f.applied(org), coordinator)
    with pytest.raises(InvalidChange):
        services.lodge_objection(actor=None, application=application, grounds="")
    objection = services.lodge_objection(
        actor=None, application=application, grounds="Ik heb wel tijd."
    )
    with pytest.raises(NotAllowed):
        services.lodge_objection(actor=None, application=application, grounds="Nog een keer")
    services.decide_objection(actor=colleague, objection=objection, upheld=True, reasons="Terecht.")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INTAKE_HELD
    assert commitment_of(application).status == "pending"
    with pytest.raises(NotAllowed):
        services.decide_objection(actor=colleague, objection=objection, upheld=False, reasons="x")
    # A new assessment after the reopening, then approval.
    scores = {c.pk: (4, "ok") for c in org.criteria.all()}
    services.assess(actor=coordinator, application=application, scores=scores)
    services.decide(actor=coordinator, application=application, approve=True, reasons="Alsnog.")
    assert commitment_of(application).status == "approved"


def test_a_rejected_objection_leaves_the_decline_in_force(org, coordinator, colleague) -> None:
    application = f.declined(f.applied(org), coordinator)
    objection = services.lodge_objection(actor=None, application=application, grounds="Oneens.")
    services.decide_objection(actor=colleague, objection=objection, upheld=False, reasons="Blijft.")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECLINED
    assert Objection.objects.get().status == "rejected"


def test_an_objection_against_an_application_that_is_not_declined_is_refused(
    org, coordinator
) -> None:
    application = f.approved(f.applied(org), coordinator)
    with pytest.raises(NotAllowed):
        services.lodge_objection(actor=None, application=application, grounds="x")
