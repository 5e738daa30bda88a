"""Input at the portal: names come in without bidi controls (and a new coordinator's name too),
stored names are shown isolated, a refused evidence file is one log line, free text has its
limit."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.factories import UserFactory
from tests.staff.accounts import log_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def signed_in(client: Client) -> Client:
    user = UserFactory(username="anna@example.org", email="anna@example.org")
    user.save()
    log_in(client, user)
    return client


def test_a_right_to_left_override_typed_in_a_name_is_taken_out(signed_in: Client) -> None:
    response = signed_in.post(
        "/register/you/",
        {
            "first_name": "Anna\u202e",
            "last_name": "\u2066de Vries\u2069",
            "birth_date": "1990-04-01",
        },
    )
    assert response.status_code == 302
    answers = json.dumps(signed_in.session["registration"], ensure_ascii=False, default=str)
    assert "\u202e" not in answers and "\u2066" not in answers
    assert '"Anna"' in answers and '"de Vries"' in answers


def test_a_name_of_only_invisible_characters_is_no_name(signed_in: Client) -> None:
    response = signed_in.post(
        "/register/you/",
        {"first_name": "\u202e\u200b", "last_name": "de Vries", "birth_date": "1990-04-01"},
    )
    assert response.status_code == 400
    assert 'href="#id_first_name"' in response.content.decode()


def test_a_new_coordinators_name_is_cleaned() -> None:
    from tests.commitments import factories as f
    from voorrang.commitments import team

    org = f.organisation()
    added = team.add_coordinator_by_email(
        actor=f.coordinator(org),
        organisation=org,
        email="nieuw@welzijn.example",
        first_name="Mo\u202ehamed",
        last_name="El\u200f Amrani",
    )
    user = added.user
    assert (user.first_name, user.last_name) == ("Mohamed", "El Amrani")


def income_step(client: Client, upload) -> object:
    client.post("/register/you/", {"first_name": "A", "last_name": "B", "birth_date": "1990-01-01"})
    client.post("/register/household/", {"action": "done"})
    return client.post(
        "/register/income/",
        {
            "income": "30000",
            "income_evidence_kind": "payslip",
            "income_evidence_date": "2025-01-01",
            "evidence": upload,
        },
    )


def test_a_refused_evidence_file_is_one_log_line(signed_in: Client, caplog) -> None:
    import logging

    from tests.portal.helpers import pdf
    from voorrang.seekers.models import EvidenceFile

    with caplog.at_level(logging.INFO):
        response = income_step(signed_in, pdf("evil.pdf", b"MZ\x90\x00 not a pdf"))
    assert response.status_code == 400
    lines = [r for r in caplog.records if "upload refused" in str(r.msg)]
    assert len(lines) == 1
    assert not EvidenceFile.objects.exists()


def test_a_stored_name_with_an_override_is_isolated_on_the_seekers_own_page(
    client: Client,
) -> None:
    from tests.portal.helpers import seeker_with_account

    user, seeker = seeker_with_account()
    seeker.members.update(first_name="Jan\u202eredbew")
    log_in(client, user)
    html = client.get("/my/details/").content.decode()
    assert "<bdi>Jan\u202eredbew " in html


def test_a_reason_for_ending_an_account_over_its_limit_is_refused() -> None:
    from tests.portal.helpers import seeker_with_account
    from voorrang.errors import InvalidChange
    from voorrang.portal import services
    from voorrang.portal.models import AccountEndRequest

    user, _seeker = seeker_with_account()
    with pytest.raises(InvalidChange) as caught:
        services.request_account_end(user=user, reason="x" * 2001)
    assert caught.value.field == "reason"
    assert not AccountEndRequest.objects.exists()
