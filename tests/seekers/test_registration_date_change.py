"""A registration date changes only with a second staff member, and never out of sight."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from tests.factories import SeekerFactory, StaffFactory
from voorrang.audit.models import AppendOnlyError, AuditEvent
from voorrang.audit.selectors import trail
from voorrang.errors import InvalidChange, NotAllowed
from voorrang.seekers import services
from voorrang.seekers.models import RegistrationDateChange

pytestmark = pytest.mark.django_db


def test_one_person_cannot_change_a_registration_date_alone() -> None:
    clerk, colleague = StaffFactory(), StaffFactory()
    seeker = SeekerFactory(registered_on=dt.date(2018, 5, 1))
    change = services.request_registration_date_change(
        actor=clerk, seeker=seeker, new_date=dt.date(2012, 5, 1), reason="lost paper registration"
    )
    seeker.refresh_from_db()
    assert seeker.registered_on == dt.date(2018, 5, 1)  # nothing changes yet
    with pytest.raises(NotAllowed):
        services.decide_registration_date_change(actor=clerk, change=change, approve=True)
    services.decide_registration_date_change(actor=colleague, change=change, approve=True)
    seeker.refresh_from_db()
    assert seeker.registered_on == dt.date(2012, 5, 1)
    actions = [(e.action, e.actor) for e in trail(seeker)]
    assert ("seeker.registration_date_change_requested", clerk) in actions
    assert ("seeker.registration_date_changed", colleague) in actions


def test_the_database_refuses_a_self_approved_change() -> None:
    clerk = StaffFactory()
    change = services.request_registration_date_change(
        actor=clerk, seeker=SeekerFactory(), new_date=dt.date(2001, 1, 1), reason="x"
    )
    RegistrationDateChange.objects.filter(pk=change.pk).update(status="approved")
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationDateChange.objects.filter(pk=change.pk).update(decided_by=clerk)


def test_requests_need_a_reason_and_one_at_a_time() -> None:
    clerk = StaffFactory()
    seeker = SeekerFactory()
    with pytest.raises(InvalidChange) as caught:
        services.request_registration_date_change(
            actor=clerk, seeker=seeker, new_date=dt.date(2001, 1, 1), reason=""
        )
    assert caught.value.field == "reason"
    services.request_registration_date_change(
        actor=clerk, seeker=seeker, new_date=dt.date(2001, 1, 1), reason="a"
    )
    with pytest.raises(NotAllowed):
        services.request_registration_date_change(
            actor=clerk, seeker=seeker, new_date=dt.date(2002, 1, 1), reason="b"
        )


def test_audit_events_cannot_be_changed_or_deleted() -> None:
    clerk = StaffFactory()
    services.request_registration_date_change(
        actor=clerk, seeker=SeekerFactory(), new_date=dt.date(2001, 1, 1), reason="a"
    )
    event = AuditEvent.objects.get()
    event.reason = "nothing happened"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()


def test_possible_duplicates_are_flagged_not_merged() -> None:
    clerk = StaffFactory()
    common = {"registered_on": dt.date(2015, 1, 1), "income": 30000}
    first = services.register_seeker(
        actor=clerk,
        registration_number="W1",
        members=[
            {"first_name": "Fatima", "last_name": "El Amrani", "birth_date": dt.date(1990, 2, 3)}
        ],
        email="fatima@example.org",
        **common,
    )
    second = services.register_seeker(
        actor=clerk,
        registration_number="W2",
        members=[
            {"first_name": "fatima", "last_name": "el amrani", "birth_date": dt.date(1990, 2, 3)}
        ],
        email="FATIMA@example.org",
        **common,
    )
    grounds = sorted(second.duplicate_flags.values_list("ground", flat=True))
    assert grounds == ["email", "name_birth_date"]
    assert {f.other for f in second.duplicate_flags.all()} == {first}
    flag = second.duplicate_flags.first()
    with pytest.raises(InvalidChange):
        services.resolve_duplicate(actor=clerk, flag=flag, resolution="")
    services.resolve_duplicate(
        actor=clerk, flag=flag, resolution="entered twice by mistake; W2 will be ended"
    )
    flag.refresh_from_db()
    assert flag.resolved and flag.resolved_by == clerk
