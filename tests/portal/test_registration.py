"""Registering as a home seeker, one question per page; evidence checked by content and
served only to its owner and to staff; later changes audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from tests.factories import StaffFactory, UserFactory
from tests.portal.helpers import PASSWORD, PNG, pdf, seeker_with_account
from tests.staff.accounts import log_in
from voorrang.audit.models import AuditEvent
from voorrang.seekers.models import EvidenceFile, Seeker

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def account(client: Client):
    user = UserFactory(username="anna@example.org", email="anna@example.org")
    user.save()
    client.force_login(user)
    return user


def walk_registration(client: Client, upload=None) -> None:
    assert client.get("/register/").status_code == 200
    r = client.post(
        "/register/you/",
        {"first_name": "Anna", "last_name": "de Vries", "birth_date": "1990-04-01"},
    )
    assert r["Location"] == "/register/household/"
    r = client.post(
        "/register/household/",
        {
            "action": "add",
            "first_name": "Bram",
            "last_name": "de Vries",
            "birth_date": "2015-06-01",
        },
    )
    assert r["Location"] == "/register/household/"
    r = client.post("/register/household/", {"action": "done"})
    assert r["Location"] == "/register/income/"
    r = client.post(
        "/register/income/",
        {
            "income": "32.000,50",
            "income_evidence_kind": "tax_statement",
            "income_evidence_date": "2025-05-01",
            "evidence": upload or pdf(),
        },
    )
    assert r["Location"] == "/register/contact/", r.content.decode()[:3000]
    r = client.post(
        "/register/contact/",
        {
            "phone": "06 12345678",
            "street": "Laan",
            "number": "12",
            "postcode": "3705ab",
            "town": "Zeist",
        },
    )
    assert r["Location"] == "/register/local-tie/"
    r = client.post("/register/local-tie/", {"local_tie": "yes"})
    assert r["Location"] == "/register/check/"


def test_registering_step_by_step(client: Client, account) -> None:
    walk_registration(client)
    check = client.get("/register/check/")
    assert "Bram de Vries" in check.content.decode()

    response = client.post("/register/check/", follow=True)

    seeker = Seeker.objects.get(user=account)
    assert seeker.registration_number.startswith("W") and len(seeker.registration_number) == 7
    assert seeker.registration_number in response.content.decode()
    assert seeker.registered_on == dt.date.today()
    assert seeker.income == Decimal("32000.50")
    assert seeker.postcode == "3705 AB" and seeker.local_tie
    assert [m.first_name for m in seeker.members.all()] == ["Anna", "Bram"]
    assert seeker.main_applicant.first_name == "Anna"
    assert seeker.evidence_files.get().content_type == "application/pdf"
    assert account.groups.filter(name="seeker").exists()
    assert AuditEvent.objects.filter(action="seeker.registered", object_id=str(seeker.pk)).exists()

    # The same page submitted again registers nothing new, and says why.
    again = client.post("/register/check/", follow=True)
    assert Seeker.objects.filter(user=account).count() == 1
    assert "You are registered already." in again.content.decode()


def test_registration_numbers_follow_each_other(client: Client, account) -> None:
    seeker_with_account("other@example.org", registration_number="W100500")
    walk_registration(client)
    client.post("/register/check/")
    assert Seeker.objects.get(user=account).registration_number == "W100501"


def test_a_step_cannot_be_skipped(client: Client, account) -> None:
    assert client.get("/register/check/")["Location"] == "/register/you/"


@pytest.mark.parametrize(
    ("upload", "problem"),
    [
        (pdf("evil.pdf", b"MZ\x90\x00 not a pdf"), "must be a PDF, PNG or JPEG"),
        (pdf("empty.pdf", b""), "empty"),
    ],
)
def test_evidence_is_checked_by_content(client: Client, account, upload, problem) -> None:
    client.post("/register/you/", {"first_name": "A", "last_name": "B", "birth_date": "1990-01-01"})
    client.post("/register/household/", {"action": "done"})
    response = client.post(
        "/register/income/",
        {
            "income": "30000",
            "income_evidence_kind": "payslip",
            "income_evidence_date": "2025-01-01",
            "evidence": upload,
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert problem in html and 'href="#id_evidence"' in html
    assert not EvidenceFile.objects.exists()


def test_evidence_larger_than_the_limit_is_refused(client: Client, account, settings) -> None:
    settings.VOORRANG_EVIDENCE_MAX_BYTES = 1024
    client.post("/register/you/", {"first_name": "A", "last_name": "B", "birth_date": "1990-01-01"})
    client.post("/register/household/", {"action": "done"})
    response = client.post(
        "/register/income/",
        {
            "income": "30000",
            "income_evidence_kind": "payslip",
            "income_evidence_date": "2025-01-01",
            "evidence": pdf(content=b"%PDF-" + b"x" * 2000),
        },
    )
    assert response.status_code == 400
    assert "larger than" in response.content.decode()


def test_bad_answers_name_the_field(client: Client, account) -> None:
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    r = client.post("/register/you/", {"first_name": "", "last_name": "B", "birth_date": future})
    html = r.content.decode()
    assert r.status_code == 400
    assert "First name:" in html
    assert "Birth date: The date cannot be in the future. Fill in today or an earlier date." in html
    r = client.post(
        "/register/contact/",
        {"phone": "abc", "street": "L", "number": "1", "postcode": "12345", "town": "Zeist"},
    )
    html = r.content.decode()
    assert "Phone number:" in html and "Postcode: Enter a Dutch postcode" in html


def test_evidence_is_served_to_its_owner_only(client: Client, tmp_path) -> None:
    """Staff open evidence from the seeker's staff page, where it is recorded
    (tests/staff/test_seeker_evidence.py), not through the seeker's own address."""
    user, seeker = seeker_with_account()
    client.force_login(user)
    client.post(
        "/my/details/income/",
        {
            "income": "31000",
            "income_evidence_kind": "payslip",
            "income_evidence_date": "2025-01-01",
            "evidence": pdf(),
        },
    )
    evidence = seeker.evidence_files.get()
    stored = tmp_path / "evidence" / evidence.stored_name
    assert stored.exists() and oct(stored.stat().st_mode & 0o777) == "0o600"
    assert oct(stored.parent.stat().st_mode & 0o777) == "0o700"

    own = client.get(f"/my/evidence/{evidence.pk}/")
    assert own.status_code == 200 and b"".join(own.streaming_content).startswith(b"%PDF-")
    assert own["Content-Type"] == "application/pdf"

    other, _ = seeker_with_account("other@example.org")
    client.force_login(other)
    assert client.get(f"/my/evidence/{evidence.pk}/").status_code == 404
    for username, role in (("staff", "staff-allocation"), ("welfare", "staff-welfare")):
        staff = StaffFactory(username=username, groups=[role])
        staff.save()
        log_in(client, staff)
        assert client.get(f"/my/evidence/{evidence.pk}/").status_code == 404
    client.logout()
    assert client.get(f"/my/evidence/{evidence.pk}/").status_code == 302


def test_changes_are_audited_with_before_and_after(client: Client) -> None:
    user, seeker = seeker_with_account(income=Decimal("30000"))
    client.force_login(user)
    client.post(
        "/my/details/income/",
        {
            "income": "35000",
            "income_evidence_kind": "payslip",
            "income_evidence_date": "2025-01-01",
            "evidence": pdf("slip.png", PNG),
        },
    )
    client.post(
        "/my/details/contact/",
        {
            "phone": "0612345678",
            "street": "Laan",
            "number": "3",
            "postcode": "3705 AB",
            "town": "Zeist",
        },
    )
    client.post("/my/details/local-tie/", {"local_tie": "yes"})
    client.post(
        "/my/details/household/",
        {"first_name": "Kim", "last_name": "Jansen", "birth_date": "2018-02-02"},
    )
    member = seeker.members.get(first_name="Kim")
    client.post("/my/details/household/", {"remove": member.pk})

    seeker.refresh_from_db()
    assert seeker.income == Decimal("35000") and seeker.local_tie
    events = AuditEvent.objects.filter(object_type="seekers.seeker", object_id=str(seeker.pk))
    actions = list(events.values_list("action", flat=True))
    assert actions.count("seeker.details_changed") == 3
    assert {"seeker.evidence_added", "seeker.member_added", "seeker.member_removed"} <= set(actions)
    income_change = events.filter(action="seeker.details_changed").first()
    assert income_change.before["income"] == "30000.00"
    assert income_change.after["income"] == "35000.00"
    assert seeker.evidence_files.get().content_type == "image/png"
    # Contact details and names are not copied into the append-only trail, so that they can
    # be erased when the account ends.
    contact_change = events.filter(action="seeker.details_changed")[1]
    assert contact_change.after == {
        "contact_details_changed": ["number", "phone", "postcode", "street", "town"]
    }
    trail = str(list(events.values_list("before", "after", "summary")))
    assert "0612345678" not in trail and "Laan" not in trail and "Kim" not in trail


def test_the_main_applicant_cannot_be_removed(client: Client) -> None:
    user, seeker = seeker_with_account()
    client.force_login(user)
    response = client.post(
        "/my/details/household/", {"remove": seeker.main_applicant.pk}, follow=True
    )
    assert "The main applicant cannot be removed." in response.content.decode()
    assert seeker.members.count() == 1


def test_the_seeker_group_exists_for_sign_ups() -> None:
    assert Group.objects.filter(name="seeker").exists()
    assert PASSWORD
