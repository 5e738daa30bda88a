"""An invitation link: its token stored only as a hash, used once, until it expires."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.staff.accounts import log_in
from tests.surveys.factories import answers, open_wave
from voorrang.audit.selectors import trail
from voorrang.errors import InvalidChange, NotAllowed
from voorrang.surveys import services
from voorrang.surveys.models import Answer, Invitation, Submission
from voorrang.surveys.tokens import token_hash

pytestmark = pytest.mark.django_db


@pytest.fixture
def link():
    wave = open_wave()
    respondent = services.add_respondent(actor=None, building=wave.building, cohort="targeted")
    invitation, token = services.issue_invitation(actor=None, wave=wave, respondent=respondent)
    return invitation, token


def test_only_the_hash_of_the_token_is_stored(link) -> None:
    invitation, token = link
    assert len(token) >= 40
    assert invitation.token_hash == token_hash(token)
    assert not Invitation.objects.filter(token_hash=token).exists()
    assert trail(invitation).get().action == "survey_invitation.issued"
    assert token not in repr(trail(invitation).get().after)


def test_a_link_can_be_used_once(link) -> None:
    invitation, token = link
    submission = services.submit_online(token=token, answers=answers())
    assert submission.channel == "online"
    assert Answer.objects.filter(submission=submission).count() == 11
    invitation.refresh_from_db()
    assert invitation.used_at is not None
    with pytest.raises(NotAllowed) as error:
        services.submit_online(token=token, answers=answers())
    assert error.value.code == "used"
    assert Submission.objects.count() == 1


def test_an_expired_or_replaced_link_does_not_work(link) -> None:
    invitation, token = link
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    with pytest.raises(NotAllowed) as error:
        services.submit_online(token=token, answers=answers())
    assert error.value.code == "expired"
    # A new link for the same respondent revokes the old one.
    _new, new_token = services.issue_invitation(
        actor=None, wave=invitation.wave, respondent=invitation.respondent
    )
    with pytest.raises(NotAllowed) as error:
        services.submit_online(token=token, answers=answers())
    assert error.value.code in ("revoked", "expired")
    services.submit_online(token=new_token, answers=answers())


def test_an_unknown_token_and_a_wrong_answer_are_refused(link) -> None:
    _invitation, token = link
    with pytest.raises(NotAllowed):
        services.submit_online(token="nonsense", answers=answers())
    wrong = answers()
    wrong["loneliness"]["trust"] = "perhaps"
    with pytest.raises(InvalidChange) as error:
        services.submit_online(token=token, answers=wrong)
    assert error.value.field == "loneliness-trust"
    assert Submission.objects.count() == 0  # nothing half-written; the link still works
    services.submit_online(token=token, answers=answers())


def test_the_public_form_works_without_javascript_and_once(link) -> None:
    _invitation, token = link
    client = Client()
    url = f"/vragenlijst/{token}/"
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<fieldset" in html and "<legend" in html
    assert "Ik ervaar een leegte om me heen." in html
    data = {f"loneliness-{k}": v for k, v in answers()["loneliness"].items()}
    data["social-cohesion-pleasant"] = "agree"  # the rest skipped: allowed
    thanks = client.post(url, data)
    assert thanks.status_code == 200
    submission = Submission.objects.get()
    stored = dict(submission.answers.values_list("item", "option"))
    assert stored["pleasant"] == "agree"
    assert stored["know_each_other"] == ""
    assert stored["emptiness"] == "yes"
    again = client.get(url)
    assert again.status_code == 410
    assert client.post(url, data).status_code == 410
    assert client.get("/vragenlijst/unknown-token/").status_code == 404


def test_the_public_form_refuses_an_option_that_is_not_offered(link) -> None:
    _invitation, token = link
    response = Client().post(f"/vragenlijst/{token}/", {"loneliness-trust": "perhaps"})
    assert response.status_code == 400
    assert Submission.objects.count() == 0


def test_links_for_a_mail_merge_come_once_as_csv_for_those_without_one() -> None:
    from tests.staff.accounts import account

    wave = open_wave()
    added = services.add_respondents(
        actor=None, building=wave.building, cohort="incumbent", count=4
    )
    services.enter_paper_form(
        actor=None, wave=wave, respondent=added[0], completed_on=timezone.localdate(),
        answers=answers(),
    )  # fmt: skip
    services.issue_invitation(actor=None, wave=wave, respondent=added[1])
    client = Client()
    log_in(client, account("merge", "researcher"))
    url = f"/staff/surveys/{wave.pk}/invite-all/"
    assert client.post(url).status_code == 400  # the confirmation is required
    response = client.post(url, {"all-confirm": "on"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().strip().splitlines()
    assert lines[0] == "pseudonym,cohort,link,valid_until"
    pseudonyms = sorted(line.split(",")[0] for line in lines[1:])
    assert pseudonyms == sorted(r.pseudonym for r in added[2:])
    token = lines[1].split(",")[2].rstrip("/").rsplit("/", 1)[1]
    services.submit_online(token=token, answers=answers())
    # Asked again: nobody left without a link.
    again = client.post(url, {"all-confirm": "on"}).content.decode().strip().splitlines()
    assert len(again) == 1


def test_respondents_can_be_added_in_numbers_within_limits() -> None:
    wave = open_wave()
    added = services.add_respondents(actor=None, building=wave.building, cohort="regular", count=7)
    assert len({r.pseudonym for r in added}) == 7
    with pytest.raises(InvalidChange) as error:
        services.add_respondents(actor=None, building=wave.building, cohort="regular", count=0)
    assert error.value.field == "count"
