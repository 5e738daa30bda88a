"""Income evidence uploaded by a seeker is opened again by the seeker from their own page and
by letting staff from the seeker's staff page; every staff opening is in the audit trail;
nobody else gets it. On both file storages: the data folder and the database."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.portal.helpers import PDF, PNG, pdf, seeker_with_account
from tests.staff.accounts import account, log_in
from voorrang.audit.models import AuditEvent
from voorrang.files import file_storage
from voorrang.seekers import evidence as evidence_files
from voorrang.seekers.models import EvidenceFile

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("storage_backend")]


def _uploaded_through_the_page(client: Client, content: bytes = PDF, name: str = "ib60.pdf"):
    user, seeker = seeker_with_account()
    client.force_login(user)
    answer = client.post(
        "/my/details/income/",
        {
            "income": "31000",
            "income_evidence_kind": "payslip",
            "income_evidence_date": "2025-01-01",
            "evidence": pdf(name, content),
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    return user, seeker, seeker.evidence_files.get()


def _staff_url(seeker, evidence) -> str:
    return f"/staff/seekers/{seeker.registration_number}/evidence/{evidence.pk}/"


def test_an_upload_is_opened_by_the_seeker_from_their_page(client: Client) -> None:
    _, _, evidence = _uploaded_through_the_page(client)
    assert file_storage().exists(evidence_files.name_of(evidence))
    overview = client.get("/my/details/").content.decode()
    link = f"/my/evidence/{evidence.pk}/"
    assert f'href="{link}"' in overview
    answer = client.get(link)
    assert answer.status_code == 200
    assert b"".join(answer.streaming_content) == PDF
    assert answer["Content-Type"] == "application/pdf"
    assert answer["Content-Disposition"] == f'attachment; filename="evidence-{evidence.pk}.pdf"'
    assert answer["X-Content-Type-Options"] == "nosniff"
    assert answer["Cache-Control"] == "private, no-store"


def test_letting_staff_open_it_from_the_seeker_page_and_each_opening_is_recorded(
    client: Client,
) -> None:
    _, seeker, evidence = _uploaded_through_the_page(client, PNG, "scan.png")
    staff = account("verhuur1", "staff-allocation")
    staff_client = Client(headers={"accept-language": "en"})
    log_in(staff_client, staff)
    page = staff_client.get(f"/staff/seekers/{seeker.registration_number}/").content.decode()
    assert f'href="{_staff_url(seeker, evidence)}"' in page
    assert re.search(r"every opening is recorded", page)
    for _ in range(2):
        answer = staff_client.get(_staff_url(seeker, evidence))
        assert answer.status_code == 200
        assert b"".join(answer.streaming_content) == PNG
        assert answer["Content-Type"] == "image/png"
        assert answer["X-Content-Type-Options"] == "nosniff"
        assert answer["Cache-Control"] == "private, no-store"
        # Shown by the browser on its own: its policy allows the image and the browser's
        # inline styling of it, nothing else.
        assert answer["Content-Security-Policy"] == (
            "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; "
            "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
        )
    events = AuditEvent.objects.filter(action="evidence.opened")
    assert events.count() == 2
    event = events.first()
    assert event.actor == staff
    assert event.after == {"file": evidence.pk, "seeker": seeker.pk, "sha256": evidence.sha256}


@pytest.mark.parametrize(
    ("role", "status"),
    [("staff-welfare", 403), ("policy", 403), ("researcher", 403), ("seeker", 403)],
)
def test_other_roles_are_refused_the_staff_address(client: Client, role: str, status: int) -> None:
    _, seeker, evidence = _uploaded_through_the_page(client)
    other = Client()
    log_in(other, account(f"someone-{role}", role))
    assert other.get(_staff_url(seeker, evidence)).status_code == status
    assert not AuditEvent.objects.filter(action="evidence.opened").exists()


def test_another_seekers_file_is_not_found_under_this_seekers_address(client: Client) -> None:
    _, seeker, _ = _uploaded_through_the_page(client)
    _, other_seeker = seeker_with_account("other@example.org")
    theirs = EvidenceFile.objects.create(
        seeker=other_seeker,
        stored_name="0" * 32,
        original_name="x.pdf",
        content_type="application/pdf",
        size=4,
        sha256="0" * 64,
    )
    staff_client = Client()
    log_in(staff_client, account("verhuur1", "staff-allocation"))
    assert staff_client.get(_staff_url(seeker, theirs)).status_code == 404
    assert not AuditEvent.objects.filter(action="evidence.opened").exists()


def test_another_seeker_does_not_get_the_file(client: Client) -> None:
    _, _, evidence = _uploaded_through_the_page(client)
    other_user, _ = seeker_with_account("other@example.org")
    client.force_login(other_user)
    assert client.get(f"/my/evidence/{evidence.pk}/").status_code == 404


def test_a_file_whose_content_is_gone_is_not_found_and_not_recorded(client: Client) -> None:
    _, seeker, evidence = _uploaded_through_the_page(client)
    file_storage().delete(evidence_files.name_of(evidence))
    assert client.get(f"/my/evidence/{evidence.pk}/").status_code == 404
    staff_client = Client()
    log_in(staff_client, account("verhuur1", "staff-allocation"))
    assert staff_client.get(_staff_url(seeker, evidence)).status_code == 404
    assert not AuditEvent.objects.filter(action="evidence.opened").exists()


def test_files_have_no_public_address() -> None:
    with pytest.raises(NotImplementedError):
        file_storage().url("evidence/anything")
