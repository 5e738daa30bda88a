"""The income and household check on the staff seeker page, beside the evidence: checked, or
rejected with a reason (named on its field when missing, nothing stored); the trail says it
in words; the work queue lists the evidence still to check. The seeker reads what was
rejected, why and what to do, on their pages and before responding to a home."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.allocation.flow import published
from tests.factories import SeekerFactory
from tests.portal.helpers import pdf, seeker_with_account
from voorrang.audit.models import AuditEvent
from voorrang.seekers import evidence as evidence_files
from voorrang.seekers.models import CheckStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("storage_backend")]


def with_evidence(seeker):
    stored = evidence_files.store_upload(owner=None, upload=pdf())
    stored.seeker = seeker
    stored.save(update_fields=["seeker"])
    return stored


def test_staff_check_the_income_beside_the_evidence(staff_client: Client, staff) -> None:
    seeker = SeekerFactory(income_check="unchecked", household_check="unchecked")
    evidence = with_evidence(seeker)
    url = f"/staff/seekers/{seeker.registration_number}/"
    html = staff_client.get(url).content.decode()
    assert "Check of income and household" in html
    assert f"{url}evidence/{evidence.pk}/" in html
    assert f"{url}check/income/" in html
    assert f"{url}check/household/reject/" in html

    answer = staff_client.post(f"{url}check/income/")
    assert answer.status_code == 302
    seeker.refresh_from_db()
    assert seeker.income_check == CheckStatus.CHECKED
    assert seeker.income_checked_by == staff
    page = staff_client.get(url).content.decode()
    assert "The income is checked." in page
    assert f'{url}check/income/"' not in page  # checked: only the rejection is offered
    assert "Income checked by" in page  # the trail, in words
    assert "seeker.income_checked" not in page


def test_a_rejection_without_a_reason_is_refused_on_its_field(staff_client: Client) -> None:
    seeker = SeekerFactory(income_check="unchecked")
    url = f"/staff/seekers/{seeker.registration_number}/check/household/reject/"
    answer = staff_client.post(url, {"check-reject-household-reason": "  "})
    assert answer.status_code == 400
    html = answer.content.decode()
    assert "Say why it is rejected, so the seeker knows." in html
    assert 'id="id_check-reject-household-reason"' in html
    assert 'aria-invalid="true"' in html
    seeker.refresh_from_db()
    assert seeker.household_check == CheckStatus.CHECKED
    assert not AuditEvent.objects.filter(action="seeker.household_rejected").exists()

    answer = staff_client.post(
        url, {"check-reject-household-reason": "A second adult lives there."}
    )
    assert answer.status_code == 302
    seeker.refresh_from_db()
    assert seeker.household_check == CheckStatus.REJECTED
    page = staff_client.get(f"/staff/seekers/{seeker.registration_number}/").content.decode()
    assert "Reason: A second adult lives there." in page
    assert "Household rejected by" in page


def test_an_unknown_part_is_not_found(staff_client: Client) -> None:
    seeker = SeekerFactory()
    url = f"/staff/seekers/{seeker.registration_number}/check/local-tie/"
    assert staff_client.post(url).status_code == 404


def test_the_work_queue_lists_evidence_to_check(staff_client: Client) -> None:
    waiting = SeekerFactory(income_check="unchecked")
    with_evidence(waiting)
    SeekerFactory(income_check="unchecked")  # no evidence: nothing to check yet
    checked = SeekerFactory()
    with_evidence(checked)
    html = staff_client.get("/staff/").content.decode()
    assert "Evidence to check" in html
    assert f"/staff/seekers/{waiting.registration_number}/#check" in html
    assert f"/staff/seekers/{checked.registration_number}/#check" not in html
    assert "1 registration has uploaded evidence" in html


def test_the_seeker_reads_the_rejection_and_what_to_do(staff) -> None:
    from voorrang.seekers import services

    user, seeker = seeker_with_account(income_check="unchecked")
    services.reject_income(actor=staff, seeker=seeker, reason="The payslips are from 2019.")
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    for url in ("/my/", "/my/details/"):
        html = client.get(url).content.decode()
        assert "We could not approve your income." in html
        assert "The reason: The payslips are from 2019." in html
        assert "/my/details/income/" in html
        assert "Your household: we checked it. It is approved." in html


def test_the_seeker_sees_before_responding_that_the_income_is_not_checked(staff) -> None:
    vacancy = published(staff)
    user, seeker = seeker_with_account(income_check="unchecked")
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    html = client.get(f"/homes/{vacancy.reference}/").content.decode()
    assert "Respond to this home" in html
    assert "The rent of this home depends on your income. We have not checked your income" in html
    seeker.income_check = CheckStatus.CHECKED
    seeker.save(update_fields=["income_check"])
    html = client.get(f"/homes/{vacancy.reference}/").content.decode()
    assert "depends on your income" not in html
