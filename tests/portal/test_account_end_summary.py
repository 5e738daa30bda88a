"""What ending an account does to each kind of data: the summary staff and the seeker read
before the end is confirmed, and the confirmation doing exactly that (the follow-up of the
targeted track ends, its planned check-ins are cancelled, stories stay only de-identified)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from tests.allocation.flow import published, ranked
from tests.factories import StaffFactory
from tests.portal.helpers import seeker_with_account
from tests.portal.tenant_in_follow_up import PHONE, tenant_let_today_through_the_track
from tests.staff.accounts import account, log_in
from tests.stories.stories import story, welfare
from voorrang.allocation.models import Allocation
from voorrang.audit.models import AuditEvent
from voorrang.commitments.models import CheckIn, CommitmentAgreement
from voorrang.commitments.selectors import due_check_ins
from voorrang.commitments.services import send_reminders
from voorrang.commitments.states import EndReason, FollowUpStatus
from voorrang.portal import services
from voorrang.portal.account_end import Fate, account_end_summary, fates
from voorrang.stories import services as story_services
from voorrang.stories.consent import ConsentTier
from voorrang.stories.deidentification import REMOVED, KnownTerms, scrub
from voorrang.stories.models import ConsentRecord, Story

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_a_tenant_let_today_is_not_told_everything_can_be_erased() -> None:
    _staff, _user, seeker, vacancy, agreement, told = tenant_let_today_through_the_track()
    summary = {entry.key: entry for entry in account_end_summary(seeker=seeker)}
    assert summary["account"].fate == Fate.ERASED
    assert summary["registration"].fate == Fate.ERASED  # no letting still running
    lettings = summary["lettings"]
    assert lettings.fate == Fate.KEPT
    assert vacancy.reference in lettings.details[0] and "let on" in lettings.details[0]
    assert "does not end the tenancy" in lettings.why
    track = summary["track"]
    assert track.fate == Fate.ENDED
    assert "account ended" in track.details[0] and "4 planned check-ins" in track.details[0]
    assert summary["stories"].fate == Fate.DEIDENTIFIED
    assert told.code in summary["stories"].details[0]
    assert summary["surveys"].fate == Fate.NOT_LINKED
    assert summary["audit"].fate == Fate.KEPT
    assert agreement.status == FollowUpStatus.ACTIVE


def test_a_running_letting_keeps_the_registration_and_names_it() -> None:
    staff = StaffFactory()
    _user, seeker = seeker_with_account("running@example.org")
    running = ranked(staff, published(staff), [seeker])
    summary = {entry.key: entry for entry in account_end_summary(seeker=seeker)}
    assert summary["registration"].fate == Fate.KEPT
    assert any(running.reference in detail for detail in summary["registration"].details)
    assert summary["lettings"].fate == Fate.NONE
    assert summary["track"].fate == Fate.NONE
    assert summary["stories"].fate == Fate.NONE


def test_the_confirmation_does_what_the_summary_said(
    django_capture_on_commit_callbacks,
) -> None:
    staff, user, seeker, vacancy, agreement, told = tenant_let_today_through_the_track()
    registration_number = seeker.registration_number
    said = fates(account_end_summary(seeker=seeker))
    end_request = services.request_account_end(user=user)
    with django_capture_on_commit_callbacks(execute=True):
        erasure = services.confirm_account_end(actor=staff, end_request=end_request)
    event = AuditEvent.objects.get(action="account.end_confirmed")
    assert event.after["summary"] == said
    assert erasure.stories == [told.code] and erasure.registration_erased

    # Lettings: kept.
    assert Allocation.objects.get(vacancy=vacancy).let_on == timezone.localdate()
    # Track: the follow-up ended because the account ended; no check-in planned any more.
    agreement = CommitmentAgreement.objects.get(pk=agreement.pk)
    assert agreement.status == FollowUpStatus.ENDED
    assert agreement.end_reason == EndReason.ACCOUNT_ENDED
    assert not CheckIn.objects.filter(agreement=agreement).exists()
    assert not due_check_ins(agreement.coordinator, days=3650).exists()
    assert send_reminders(today=timezone.localdate() + dt.timedelta(days=800)) == 0
    assert AuditEvent.objects.filter(action="track.check_ins_cancelled").count() == 1
    assert AuditEvent.objects.filter(action="track.ended").exists()
    told_coordinator = [m for m in mail.outbox if agreement.coordinator.email in m.to]
    assert told_coordinator and "account" in told_coordinator[-1].subject
    assert "Noura" not in told_coordinator[-1].body
    # Stories: link cut, the teller's name, phone and registration number gone.
    told = Story.objects.get(pk=told.pk)
    assert told.seeker is None and told.teller_name == "" and told.teller_contact == ""
    assert told.consent == ConsentTier.PUBLICATION
    for text in (told.text, told.redacted_text, told.quotation, told.significance):
        for term in ("Noura", "Haddad", PHONE, "12345678", registration_number):
            assert term not in text, (term, text)
    assert REMOVED in told.text and "koffieochtend" in told.text
    assert AuditEvent.objects.filter(
        action="stories.deidentified_at_account_end", object_id=str(told.pk)
    ).exists()


@pytest.mark.parametrize(
    "tier", [ConsentTier.ANALYSIS, ConsentTier.QUOTATION, ConsentTier.PANEL, "withdrawn"]
)
def test_stories_by_consent_tier(tier: str) -> None:
    staff = StaffFactory()
    user, seeker = seeker_with_account("teller@example.org", phone="0687654321")
    collector = welfare("verhalen")
    told = story(
        collector,
        text="Noura Haddad hier, 06 8765 4321, noura@example.org.",
        consent=tier if tier != "withdrawn" else ConsentTier.ANALYSIS,
        teller_contact="noura@example.org",
    )
    Story.objects.filter(pk=told.pk).update(seeker=seeker)
    if tier == "withdrawn":
        story_services.withdraw_consent(
            actor=collector,
            story=told,
            withdrawn_on=timezone.localdate(),
            how=ConsentRecord.How.WRITTEN,
        )
    summary = {entry.key: entry for entry in account_end_summary(seeker=seeker)}
    expected = Fate.NONE if tier == "withdrawn" else Fate.DEIDENTIFIED
    assert summary["stories"].fate == expected
    end_request = services.request_account_end(user=user)
    services.confirm_account_end(actor=staff, end_request=end_request)
    told = Story.objects.get(pk=told.pk)
    assert told.seeker is None
    assert "Noura" not in told.text and "8765" not in told.text and "@" not in told.text
    if tier == "withdrawn":
        assert told.text == ""
    else:
        assert told.consent == tier and told.text.count(REMOVED) >= 3


def test_scrub_removes_numbers_addresses_and_known_names() -> None:
    known = KnownTerms()
    known.add_person("Fatima", "El Amrani", "seeker")
    text = (
        "Fatima El Amrani (W123456, +31 6 1234 5678, f@x.nl) woont op 3707 AB; "
        "ze belde 010-1234567. De roos bloeit."
    )
    clean = scrub(text, known)
    for term in ("Fatima", "Amrani", "W123456", "5678", "f@x.nl", "3707", "1234567"):
        assert term not in clean
    assert "roos bloeit" in clean


def test_the_seeker_sees_the_same_summary_before_asking(client: Client) -> None:
    _staff, user, _seeker, vacancy, _agreement, told = tenant_let_today_through_the_track()
    log_in(client, user)
    page = client.get("/my/end/").content.decode()
    assert 'data-category="lettings" data-fate="kept"' in page
    assert 'data-category="track" data-fate="ended"' in page
    assert 'data-category="stories" data-fate="deidentified"' in page
    assert vacancy.reference in page and told.code in page
    staff_client = Client()
    log_in(staff_client, account("letting@example.org", "staff-allocation"))
    services.request_account_end(user=user)
    staff_page = staff_client.get("/staff/account-ends/").content.decode()
    assert "nothing: everything can be erased" not in staff_page
    assert 'data-category="lettings" data-fate="kept"' in staff_page


def test_an_open_request_for_support_is_closed_when_the_account_ends(
    django_capture_on_commit_callbacks,
) -> None:
    from tests.commitments import factories as track
    from voorrang.commitments import services as track_services
    from voorrang.commitments.models import SupportTask

    user, seeker = seeker_with_account("steun@example.org")
    org = track.organisation()
    agreement = track.moved_in(
        track.applied(org, seeker=seeker), track.coordinator(org), days_ago=85
    )
    track_services.answer_check_in(
        actor=user,
        check_in=agreement.check_ins.get(month=3),
        answered_by="seeker",
        settled=2,
        contact=2,
        going="no",
        hours_last_month=0,
        wants_support=True,
    )
    task = SupportTask.objects.get(agreement=agreement)
    assert task.status == "open"
    end_request = services.request_account_end(user=user)
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_account_end(actor=StaffFactory(), end_request=end_request)
    task.refresh_from_db()
    assert task.status == "closed" and task.closed_at is not None
    # The closing note is track free text: erased with the rest at the account's end.
    assert task.closing_note == ""
    assert AuditEvent.objects.filter(action="track.support_closed").count() == 1
