"""A seeker asks for their account to be ended; staff confirm or decline on the staff page.
Confirmation erases the account, the contact details, the names and the documents at once; what
running allocations need is kept until they end, then erased by the daily command."""

from __future__ import annotations

import datetime as dt
import io
from itertools import product

import pytest
from django.contrib.auth import authenticate
from django.core import mail
from django.core.management import call_command
from django.test import Client

from tests.allocation.flow import let, published, ranked
from tests.factories import SeekerFactory, StaffFactory
from tests.portal.helpers import PASSWORD, PDF, pdf, seeker_with_account
from tests.staff.accounts import account, log_in
from voorrang.allocation import services as allocation
from voorrang.allocation.models import Response
from voorrang.allocation.selectors import replay_ranking
from voorrang.allocation.states import OfferState, VacancyState
from voorrang.audit.models import AuditEvent
from voorrang.errors import NotAllowed
from voorrang.files import file_storage
from voorrang.portal import services
from voorrang.portal.models import ALLOWED_END_REQUEST_CHANGES, AccountEndRequest, EndRequestStatus
from voorrang.seekers import evidence as evidence_files
from voorrang.seekers.models import Seeker, SeekerStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def staff_client() -> Client:
    client = Client()
    log_in(client, account("letting@example.org", "staff-allocation"))
    return client


def _with_evidence(user, seeker):
    stored = evidence_files.store_upload(owner=user, upload=pdf("ib60.pdf", PDF))
    stored.seeker = seeker
    stored.save()
    return stored


def test_nothing_running_everything_is_erased_through_the_staff_page(
    client: Client, staff_client: Client, django_capture_on_commit_callbacks
) -> None:
    user, seeker = seeker_with_account("leave@example.org", phone="0612345678", town="Zeist")
    stored = _with_evidence(user, seeker)
    name = evidence_files.name_of(stored)
    assert file_storage().exists(name)
    log_in(client, user)
    client.post("/my/end/", {"reason": "I found a home", "confirm": "on"})
    end_request = AccountEndRequest.objects.get()

    page = staff_client.get("/staff/account-ends/").content.decode()
    assert seeker.registration_number in page and "I found a home" in page
    assert 'data-category="registration" data-fate="erased"' in page
    assert "1 request is waiting" in staff_client.get("/staff/").content.decode()

    # The checkbox is required: nothing happens without it.
    missing = staff_client.post(f"/staff/account-ends/{end_request.pk}/confirm/", {})
    assert missing.status_code == 400
    assert AccountEndRequest.objects.get().status == EndRequestStatus.PENDING

    with django_capture_on_commit_callbacks(execute=True):
        done = staff_client.post(
            f"/staff/account-ends/{end_request.pk}/confirm/",
            {f"confirm-{end_request.pk}-checked": "on"},
            follow=True,
        )
    assert "The account was ended and the registration erased." in done.content.decode()

    end_request.refresh_from_db()
    assert end_request.status == EndRequestStatus.CONFIRMED
    assert end_request.reason == "" and end_request.registration_erased_at is not None
    user.refresh_from_db()
    assert (user.username, user.email, user.is_active) == (f"ended-{user.pk}", "", False)
    assert not user.has_usable_password() and not user.groups.exists()
    assert authenticate(username="leave@example.org", password=PASSWORD) is None
    # The old session is no longer valid.
    assert client.get("/my/").status_code == 302

    seeker = Seeker.objects.get(pk=seeker.pk)
    assert seeker.status == SeekerStatus.ENDED
    assert (seeker.email, seeker.phone, seeker.town) == ("", "", "")
    assert not seeker.members.exists() and seeker.income == 0
    assert not seeker.evidence_files.exists() and not file_storage().exists(name)

    assert mail.outbox[-1].to == ["leave@example.org"]
    assert "Your account has been ended" in mail.outbox[-1].subject
    event = AuditEvent.objects.get(action="account.end_confirmed")
    assert event.after["registration_erased"] is True
    assert "I found a home" not in str(event.after) and "I found a home" not in event.reason


def test_what_running_allocations_need_is_kept_until_they_end(
    staff_client: Client, django_capture_on_commit_callbacks
) -> None:
    staff = StaffFactory()
    running = published(staff)
    user, seeker = seeker_with_account("kept@example.org", registered_on=dt.date(2001, 1, 1))
    other = SeekerFactory(registered_on=dt.date(2012, 1, 1))
    ranked(staff, running, [seeker, other])
    still_open = published(staff)
    allocation.respond(actor=user, vacancy=still_open, seeker=seeker)
    end_request = services.request_account_end(user=user)

    page = staff_client.get("/staff/account-ends/").content.decode()
    assert running.reference in page and still_open.reference in page

    with django_capture_on_commit_callbacks(execute=True):
        erasure = services.confirm_account_end(actor=staff, end_request=end_request)
    assert erasure.withdrawn == [still_open.reference]
    assert erasure.kept_for == [running.reference]
    assert not Response.objects.get(vacancy=still_open, seeker=seeker).active
    assert running.reference in mail.outbox[-1].body  # told what is kept, and why

    seeker = Seeker.objects.get(pk=seeker.pk)
    assert seeker.status == SeekerStatus.ENDED and seeker.email == ""
    member = seeker.members.get()
    assert (member.first_name, member.last_name) == ("", "")  # the name goes now
    assert member.birth_date == dt.date(1985, 5, 5)  # what the rules read stays
    assert seeker.income > 0
    end_request.refresh_from_db()
    assert end_request.registration_erased_at is None

    # The ended seeker is first in the order, but gets no offer.
    offer = allocation.offer_next(actor=staff, vacancy=running)
    assert offer.seeker == other
    out = io.StringIO()
    call_command("erase_ended_registrations", stdout=out)
    assert "registrations erased: 0" in out.getvalue()  # the letting is still running

    let(staff, offer)
    running.refresh_from_db()
    assert running.state == VacancyState.LET
    call_command("erase_ended_registrations", stdout=out)
    assert "registrations erased: 1" in out.getvalue()
    seeker.refresh_from_db()
    assert not seeker.members.exists() and seeker.income == 0
    # The stored ranking still holds its input: the letting can be replayed.
    ranking = running.rankings.get()
    assert replay_ranking(ranking).ok
    call_command("erase_ended_registrations", stdout=out)
    assert out.getvalue().endswith("registrations erased: 0\n")
    assert AuditEvent.objects.filter(action="seeker.registration_erased").count() == 1


def test_an_open_offer_must_be_answered_first(staff_client: Client) -> None:
    staff = StaffFactory()
    vacancy = published(staff)
    user, seeker = seeker_with_account("offered@example.org")
    ranked(staff, vacancy, [seeker])
    offer = allocation.offer_next(actor=staff, vacancy=vacancy)
    end_request = services.request_account_end(user=user)
    refused = staff_client.post(
        f"/staff/account-ends/{end_request.pk}/confirm/",
        {f"confirm-{end_request.pk}-checked": "on"},
    )
    assert refused.status_code == 409
    assert "has an open offer for" in refused.content.decode()
    end_request.refresh_from_db()
    assert end_request.status == EndRequestStatus.PENDING
    user.refresh_from_db()
    assert user.is_active and user.email == "offered@example.org"
    offer.refresh_from_db()
    assert offer.state == OfferState.OPEN


def test_declining_needs_a_reason_and_tells_the_seeker(
    client: Client, staff_client: Client, django_capture_on_commit_callbacks
) -> None:
    user, seeker = seeker_with_account("stay@example.org")
    end_request = services.request_account_end(user=user, reason="not me")
    url = f"/staff/account-ends/{end_request.pk}/decline/"
    missing = staff_client.post(url, {f"decline-{end_request.pk}-reason": " "})
    assert missing.status_code == 400
    assert f'href="#id_decline-{end_request.pk}-reason"' in missing.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url, {f"decline-{end_request.pk}-reason": "We could not check it."})
    end_request.refresh_from_db()
    assert end_request.status == EndRequestStatus.DECLINED
    assert "We could not check it." in mail.outbox[-1].body
    user.refresh_from_db()
    assert user.is_active and Seeker.objects.get(pk=seeker.pk).status == SeekerStatus.ACTIVE

    # A stale page: the request was decided meanwhile.
    again = staff_client.post(
        f"/staff/account-ends/{end_request.pk}/confirm/",
        {f"confirm-{end_request.pk}-checked": "on"},
    )
    assert again.status_code == 409
    # The seeker may ask again.
    log_in(client, user)
    asked = client.post("/my/end/", {"reason": "", "confirm": "on"}, follow=True)
    assert "We have received your request." in asked.content.decode()


def test_the_decision_email_is_in_the_seekers_language(
    django_capture_on_commit_callbacks,
) -> None:
    staff = StaffFactory()
    user, _ = seeker_with_account("nl@example.org", language="nl")
    end_request = services.request_account_end(user=user)
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_account_end(actor=staff, end_request=end_request)
    assert mail.outbox[-1].subject == "Uw account is beëindigd"


@pytest.mark.parametrize(
    ("old", "new"), list(product(EndRequestStatus.values, EndRequestStatus.values))
)
def test_end_request_transition(old: str, new: str) -> None:
    staff = StaffFactory()
    user, _ = seeker_with_account(f"{old}-{new}@example.org")
    end_request = AccountEndRequest.objects.create(user=user, seeker=user.seeker, status=old)
    allowed = new in ALLOWED_END_REQUEST_CHANGES[old]
    if new == EndRequestStatus.PENDING:
        assert not allowed  # nothing goes back to waiting, and there is no service for it
        return
    if new == EndRequestStatus.CONFIRMED:
        step = lambda: services.confirm_account_end(actor=staff, end_request=end_request)  # noqa: E731
    else:
        step = lambda: services.decline_account_end(  # noqa: E731
            actor=staff, end_request=end_request, reason="r"
        )
    if allowed:
        step()
        end_request.refresh_from_db()
        assert end_request.status == new
    else:
        with pytest.raises(NotAllowed):
            step()
        end_request.refresh_from_db()
        assert end_request.status == old


def test_the_targeted_track_is_withdrawn_and_its_free_text_erased_at_once(
    staff_client: Client,
) -> None:
    from tests.commitments.factories import applied, coordinator, held, organisation, scheduled
    from voorrang.commitments.models import Application
    from voorrang.commitments.states import ApplicationStatus

    user, seeker = seeker_with_account("track@example.org")
    org = organisation()
    welfare = coordinator(org)
    application = held(scheduled(applied(org, seeker=seeker), welfare), welfare)
    assert application.motivation and application.intakes.exclude(notes="").exists()
    end_request = services.request_account_end(user=user, reason="moving abroad")
    erasure = services.confirm_account_end(
        actor=account("confirming@example.org", "staff-allocation"), end_request=end_request
    )
    assert erasure.track_applications == 1
    application = Application.objects.get(pk=application.pk)
    assert application.status == ApplicationStatus.WITHDRAWN
    assert application.seeker is None and application.pseudonym.startswith("P-")
    assert (application.motivation, application.skills, application.experience) == ("", "", "")
    assert not application.intakes.exclude(notes="").exists()
    event = AuditEvent.objects.get(action="account.end_confirmed")
    assert event.after["track_applications_erased"] == 1
    assert AuditEvent.objects.filter(action="track.erased_at_account_end").count() == 1
