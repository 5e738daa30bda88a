"""Urgency on the seeker page: one staff member records a declaration, another confirms or
rejects it, anyone ends it early; bad input shows on its field and stores nothing. The
seeker reads where their urgency stands on their own page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from tests.factories import SeekerFactory, UrgencyFactory
from tests.portal.helpers import seeker_with_account
from tests.staff.accounts import log_in
from voorrang.audit.models import AuditEvent
from voorrang.seekers.models import UrgencyDeclaration, UrgencyStatus

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% the committee's letter\n"


@pytest.fixture
def storage(storage_backend) -> str:
    """The application's storages, each in turn (tests/storages.py)."""
    return storage_backend


def fields(**changes) -> dict:
    today = timezone.localdate()
    return {
        "urgency-kind": "medical",
        "urgency-valid_from": (today - dt.timedelta(days=10)).isoformat(),
        "urgency-valid_until": (today + dt.timedelta(days=180)).isoformat(),
        "urgency-issued_by": "Urgentiecommissie regio Utrecht",
        "urgency-note": "Letter of the GP enclosed",
        **changes,
    }


def url_of(seeker) -> str:
    return f"/staff/seekers/{seeker.registration_number}/"


def test_two_staff_members_record_and_confirm_an_urgency(
    staff_client: Client, second_staff, storage
) -> None:
    seeker = SeekerFactory()
    url = url_of(seeker)
    assert "Record an urgency declaration" in staff_client.get(url).content.decode()
    response = staff_client.post(
        url + "urgency/",
        {**fields(), "urgency-document": SimpleUploadedFile("letter.pdf", PDF)},
    )
    assert response.status_code == 302
    declaration = UrgencyDeclaration.objects.get()
    assert declaration.status == UrgencyStatus.PROPOSED
    html = staff_client.get(url).content.decode()
    assert "Waiting for confirmation by a second staff member" in html
    assert "another staff member must confirm or reject it" in html
    confirm = f"{url}urgency/{declaration.pk}/confirm/"
    assert confirm not in html
    # Not by the one who recorded it, not even by sending the form by hand.
    refused = staff_client.post(confirm)
    assert refused.status_code == 409
    assert "another staff member" in refused.content.decode()
    declaration.refresh_from_db()
    assert declaration.status == UrgencyStatus.PROPOSED

    other = Client(headers={"accept-language": "en"})
    log_in(other, second_staff)
    queue = other.get("/staff/").content.decode()
    assert f"{url}#urgency-{declaration.pk}" in queue
    assert "Urgency declarations to confirm" in queue
    # The proposer's own queue does not list it.
    assert f"#urgency-{declaration.pk}" not in staff_client.get("/staff/").content.decode()

    page = other.get(url).content.decode()
    assert confirm in page
    document = other.get(f"{url}urgency/{declaration.pk}/document/")
    assert document.status_code == 200
    assert b"".join(document.streaming_content) == PDF
    assert document["Content-Disposition"].startswith("attachment")

    assert other.post(confirm).status_code == 302
    declaration.refresh_from_db()
    assert declaration.status == UrgencyStatus.CONFIRMED
    html = other.get(url).content.decode()
    assert "Valid" in html and "Urgency confirmed" in html
    assert "verhuur2" in html  # confirmed by
    assert "seeker.urgency" not in html  # the history in words, never codes


def test_bad_input_is_shown_on_its_field_and_nothing_is_stored(staff_client: Client) -> None:
    seeker = SeekerFactory()
    response = staff_client.post(
        url_of(seeker) + "urgency/",
        fields(**{"urgency-valid_from": "2025-06-01", "urgency-valid_until": "2025-05-01"}),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "The last day of validity cannot be before the first day." in html
    assert 'id="id_urgency-valid_until_error"' in html or "id_urgency-valid_until" in html
    missing = staff_client.post(url_of(seeker) + "urgency/", fields(**{"urgency-issued_by": ""}))
    assert missing.status_code == 400
    assert "Fill in who issued the urgency declaration." in missing.content.decode()
    assert not UrgencyDeclaration.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="seeker.urgency").exists()


def test_a_rejection_needs_a_reason_and_ending_early_too(
    staff_client: Client, second_staff
) -> None:
    seeker = SeekerFactory()
    url = url_of(seeker)
    staff_client.post(url + "urgency/", fields())
    declaration = UrgencyDeclaration.objects.get()
    other = Client(headers={"accept-language": "en"})
    log_in(other, second_staff)
    reject = f"{url}urgency/{declaration.pk}/reject/"
    empty = other.post(reject, {f"urgency-reject-{declaration.pk}-reason": ""})
    assert empty.status_code == 400
    assert "Say why the urgency declaration is rejected." in empty.content.decode()
    assert (
        other.post(reject, {f"urgency-reject-{declaration.pk}-reason": "Unsigned"}).status_code
        == 302
    )
    declaration.refresh_from_db()
    assert declaration.status == UrgencyStatus.REJECTED

    current = UrgencyFactory(seeker=SeekerFactory(), valid_until=dt.date(2099, 1, 1))
    end = f"{url_of(current.seeker)}urgency/{current.pk}/end/"
    assert other.post(end, {f"urgency-end-{current.pk}-reason": ""}).status_code == 400
    assert other.post(end, {f"urgency-end-{current.pk}-reason": "Housed"}).status_code == 302
    current.refresh_from_db()
    assert current.status == UrgencyStatus.ENDED
    assert "Ended early" in other.get(url_of(current.seeker)).content.decode()


def test_a_declaration_past_its_last_day_shows_as_ended(staff_client: Client) -> None:
    old = UrgencyFactory(valid_from=dt.date(2021, 1, 1), valid_until=dt.date(2021, 12, 31))
    html = staff_client.get(url_of(old.seeker)).content.decode()
    assert "Ended: its last day has passed" in html
    assert "by itself after 31 December 2021" in html
    assert f"urgency/{old.pk}/end/" not in html


@pytest.mark.parametrize(
    ("status", "until", "sentence"),
    [
        ("proposed", dt.date(2099, 1, 1), "A second staff member still checks it"),
        ("confirmed", dt.date(2099, 1, 1), "You have urgency until 1 January 2099"),
        ("confirmed", dt.date(2021, 1, 1), "Your urgency ended after 1 January 2021"),
        ("rejected", dt.date(2099, 1, 1), "was not accepted"),
    ],
)
def test_the_seeker_reads_where_their_urgency_stands(status, until, sentence) -> None:
    user, seeker = seeker_with_account()
    UrgencyFactory(seeker=seeker, status=status, valid_from=dt.date(2020, 1, 1), valid_until=until)
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    html = client.get("/my/").content.decode()
    assert sentence in html


def test_the_seeker_reads_it_in_dutch() -> None:
    user, seeker = seeker_with_account()
    UrgencyFactory(seeker=seeker, valid_from=dt.date(2020, 1, 1), valid_until=dt.date(2099, 1, 1))
    client = Client(headers={"accept-language": "nl"})
    client.force_login(user)
    assert "U hebt urgentie tot en met 1 januari 2099" in client.get("/my/").content.decode()
