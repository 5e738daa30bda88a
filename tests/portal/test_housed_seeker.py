"""A household that is let a home: its registration ends as the letting's policy says, it is
told, and every page of the portal says the same thing: no 'you meet the conditions' and no
respond button that then fails."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from django.core import mail
from django.test import Client

from tests.allocation.flow import let, published, ranked
from tests.factories import StaffFactory, UnitFactory
from tests.portal.helpers import seeker_with_account
from voorrang.allocation import services
from voorrang.allocation.models import Response
from voorrang.audit.models import AuditEvent
from voorrang.errors import NotAllowed
from voorrang.portal.views import OUTCOME_HEADER, Outcome
from voorrang.rules import load_policy
from voorrang.seekers.models import SEEKER_MACHINE, SeekerStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def staff():
    return StaffFactory()


def _let_to(staff, seeker, django_capture_on_commit_callbacks):
    vacancy = published(staff, unit=UnitFactory(rooms=3))
    ranked(staff, vacancy, [seeker])
    offer = services.offer_next(actor=staff, vacancy=vacancy)
    with django_capture_on_commit_callbacks(execute=True):
        allocation = let(staff, offer)
    return allocation


def test_a_let_household_s_registration_ends_and_they_are_told(
    staff, django_capture_on_commit_callbacks
) -> None:
    _user, seeker = seeker_with_account(registered_on=dt.date(2012, 3, 1))
    allocation = _let_to(staff, seeker, django_capture_on_commit_callbacks)

    seeker.refresh_from_db()
    assert seeker.status == SeekerStatus.HOUSED
    assert seeker.ended_on == allocation.let_on
    assert seeker.registration_time_kept is False  # the shipped policies: not kept
    event = AuditEvent.objects.get(action="seeker.registration_ended_after_letting")
    assert event.after["registration_time_kept"] is False
    assert event.after["home"] == str(allocation.unit)
    email = next(m for m in mail.outbox if "registration" in m.subject)
    assert email.subject == "Your registration as a home seeker has ended"
    assert str(allocation.unit) in email.body
    assert "Your registration time does not count any more." in email.body


def test_a_policy_that_keeps_the_registration_time_keeps_it(
    staff, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    keeping = replace(load_policy("zeist-2026"), keep_registration_time_after_letting=True)
    monkeypatch.setattr("voorrang.allocation.services.housed.load_policy", lambda name: keeping)
    _user, seeker = seeker_with_account()
    _let_to(staff, seeker, django_capture_on_commit_callbacks)
    seeker.refresh_from_db()
    assert seeker.registration_time_kept is True
    email = next(m for m in mail.outbox if "registration" in m.subject)
    assert "Your registration time is kept." in email.body


def test_the_policy_files_say_what_happens_after_a_letting() -> None:
    assert load_policy("zeist-2026").keep_registration_time_after_letting is False
    assert "after_letting" not in load_policy("zeist-2026").unconfirmed


def test_a_housed_seeker_s_pages_agree_with_each_other(
    client: Client, staff, django_capture_on_commit_callbacks
) -> None:
    user, seeker = seeker_with_account()
    allocation = _let_to(staff, seeker, django_capture_on_commit_callbacks)
    other = published(staff)  # a home they would meet the conditions of
    client.force_login(user)

    page = client.get(f"/homes/{other.reference}/").content.decode()
    assert "Yes, you meet the conditions" not in page
    assert "Respond to this home" not in page
    assert "because you rented a home through us. You can no longer respond to homes." in page

    answer = client.post(f"/homes/{other.reference}/respond/", follow=True)
    assert answer.redirect_chain[0][1] == 302
    text = answer.content.decode()
    assert "You can no longer respond to homes." in text
    assert "Only an active registration can respond" not in text
    assert not Response.objects.filter(vacancy=other, seeker=seeker).exists()

    mine = client.get("/my/").content.decode()
    assert "Your registration has ended" in mine
    assert f"You rented the home at {allocation.unit}" in mine
    assert "Your registration time does not count any more." in mine
    assert "Open responses" not in mine


def test_a_housed_seeker_s_respond_request_is_answered_not_eligible(
    client: Client, staff, django_capture_on_commit_callbacks
) -> None:
    user, seeker = seeker_with_account()
    _let_to(staff, seeker, django_capture_on_commit_callbacks)
    other = published(staff)
    client.force_login(user)
    answer = client.post(f"/homes/{other.reference}/respond/")
    assert answer[OUTCOME_HEADER] == Outcome.NOT_ELIGIBLE


def test_the_service_refuses_a_housed_seeker_in_dutch_with_its_code(staff) -> None:
    _user, seeker = seeker_with_account(language="nl")
    seeker.status = SeekerStatus.HOUSED
    seeker.save()
    from django.utils import translation

    with translation.override("nl"), pytest.raises(NotAllowed) as refused:
        services.respond(actor=None, vacancy=published(staff), seeker=seeker)
    assert refused.value.code == "registration_not_active"
    assert refused.value.message == "Reageren kan alleen met een actieve inschrijving."


def test_a_housed_registration_cannot_become_active_again() -> None:
    assert not SEEKER_MACHINE.allows(SeekerStatus.HOUSED, SeekerStatus.ACTIVE)
    assert not SEEKER_MACHINE.allows(SeekerStatus.ENDED, SeekerStatus.HOUSED)
    assert SEEKER_MACHINE.allows(SeekerStatus.ACTIVE, SeekerStatus.HOUSED)
    assert SEEKER_MACHINE.allows(SeekerStatus.HOUSED, SeekerStatus.ENDED)
