"""Staff check or reject the income and the household against the evidence: through the
declared state machines, a rejection only with a reason (named on its field), every decision
in the audit trail, and a change by the seeker makes it unchecked again."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail

from tests.factories import SeekerFactory, UserFactory
from tests.portal.helpers import pdf, seeker_with_account
from voorrang.audit.models import AuditEvent
from voorrang.errors import InvalidChange, NotAllowed
from voorrang.seekers import evidence as evidence_files
from voorrang.seekers import services
from voorrang.seekers.models import (
    ALLOWED_CHECK_CHANGES,
    HOUSEHOLD_CHECK_MACHINE,
    INCOME_CHECK_MACHINE,
    CheckStatus,
)


@pytest.mark.parametrize("machine", [INCOME_CHECK_MACHINE, HOUSEHOLD_CHECK_MACHINE])
@pytest.mark.parametrize("old", CheckStatus.values)
@pytest.mark.parametrize("new", CheckStatus.values)
def test_the_table_decides_every_pair(machine, old, new) -> None:
    # Every change but to the same state: a decision is never taken twice.
    assert machine.allows(old, new) == (old != new)
    assert set(ALLOWED_CHECK_CHANGES) == set(CheckStatus.values)


def unchecked(**kw):
    return SeekerFactory(income_check="unchecked", household_check="unchecked", **kw)


@pytest.mark.django_db
def test_staff_check_the_income_and_the_trail_says_who() -> None:
    staff = UserFactory()
    seeker = services.check_income(actor=staff, seeker=unchecked())
    seeker.refresh_from_db()
    assert seeker.income_check == CheckStatus.CHECKED
    assert seeker.income_checked_by == staff
    assert seeker.income_checked_at is not None
    assert seeker.household_check == CheckStatus.UNCHECKED
    event = AuditEvent.objects.get(action="seeker.income_checked")
    assert event.actor == staff
    assert event.before == {"income_check": "unchecked"}
    assert event.after["income_check"] == "checked"
    assert event.after["income"] == str(seeker.income)
    # Checked once: a second check is refused by the machine, and nothing more is recorded.
    with pytest.raises(NotAllowed) as refused:
        services.check_income(actor=staff, seeker=seeker)
    assert refused.value.code == "income_check_state"
    assert AuditEvent.objects.filter(action="seeker.income_checked").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("reason", ["", "   "])
@pytest.mark.parametrize("reject", [services.reject_income, services.reject_household])
def test_a_rejection_needs_a_reason(reject, reason) -> None:
    seeker = unchecked()
    with pytest.raises(InvalidChange) as refused:
        reject(actor=UserFactory(), seeker=seeker, reason=reason)
    assert refused.value.field == "reason"
    seeker.refresh_from_db()
    assert seeker.income_check == seeker.household_check == CheckStatus.UNCHECKED
    assert not AuditEvent.objects.filter(action__endswith="_rejected").exists()


@pytest.mark.django_db
def test_a_rejection_is_kept_recorded_and_mailed_to_the_seeker(
    django_capture_on_commit_callbacks,
) -> None:
    _user, seeker = seeker_with_account(income_check="unchecked")
    staff = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_income(actor=staff, seeker=seeker, reason="The payslips are from 2019.")
    seeker.refresh_from_db()
    assert seeker.income_check == CheckStatus.REJECTED
    assert seeker.income_rejection_reason == "The payslips are from 2019."
    event = AuditEvent.objects.get(action="seeker.income_rejected")
    assert event.reason == "The payslips are from 2019."
    assert event.actor == staff
    (email,) = mail.outbox
    assert email.to == [seeker.email]
    assert "We could not approve your income" in email.subject
    assert "The payslips are from 2019." in email.body
    assert "/my/details/income/" in email.body


@pytest.mark.django_db
def test_household_checked_and_rejected() -> None:
    staff = UserFactory()
    seeker = services.check_household(actor=staff, seeker=unchecked())
    assert seeker.household_check == CheckStatus.CHECKED
    other = services.reject_household(
        actor=staff, seeker=unchecked(), reason="Two adults live there, one is registered."
    )
    assert other.household_check == CheckStatus.REJECTED
    assert AuditEvent.objects.filter(action="seeker.household_checked").count() == 1
    assert AuditEvent.objects.filter(action="seeker.household_rejected").count() == 1


@pytest.mark.django_db
def test_new_evidence_or_another_income_makes_the_income_unchecked_again(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    user, seeker = seeker_with_account()
    staff = UserFactory()
    seeker = services.reject_income(actor=staff, seeker=seeker, reason="Old payslips.")
    stored = evidence_files.store_upload(owner=user, upload=pdf())
    seeker = services.change_details(actor=user, seeker=seeker, changes={}, evidence=stored)
    seeker.refresh_from_db()
    assert seeker.income_check == CheckStatus.UNCHECKED
    assert seeker.income_rejection_reason == ""
    assert seeker.income_checked_by is None
    event = AuditEvent.objects.get(action="seeker.income_unchecked")
    assert event.after == {"income_check": "unchecked", "cause": "evidence_added"}

    services.check_income(actor=staff, seeker=seeker)
    services.change_details(actor=user, seeker=seeker, changes={"income": Decimal("31000")})
    seeker.refresh_from_db()
    assert seeker.income_check == CheckStatus.UNCHECKED
    # A change of something else leaves the check alone.
    services.check_income(actor=staff, seeker=seeker)
    services.change_details(actor=user, seeker=seeker, changes={"phone": "0612345678"})
    seeker.refresh_from_db()
    assert seeker.income_check == CheckStatus.CHECKED


@pytest.mark.django_db
def test_a_member_added_or_removed_makes_the_household_unchecked_again() -> None:
    user, seeker = seeker_with_account()
    assert seeker.household_check == CheckStatus.CHECKED
    member = services.add_household_member(
        actor=user,
        seeker=seeker,
        first_name="Piet",
        last_name="Jansen",
        birth_date=dt.date(1990, 1, 1),
    )
    seeker.refresh_from_db()
    assert seeker.household_check == CheckStatus.UNCHECKED
    assert seeker.income_check == CheckStatus.CHECKED
    services.check_household(actor=UserFactory(), seeker=seeker)
    services.remove_household_member(actor=user, member=member)
    seeker.refresh_from_db()
    assert seeker.household_check == CheckStatus.UNCHECKED
    assert AuditEvent.objects.filter(action="seeker.household_unchecked").count() == 2
