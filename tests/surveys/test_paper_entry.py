"""Staff type in a paper questionnaire: answered, not answered, dates, and never twice."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import BuildingFactory, StaffFactory
from tests.staff.accounts import account, log_in
from tests.surveys.factories import answers, day, open_wave
from voorrang.audit.selectors import trail
from voorrang.errors import InvalidChange, NotAllowed
from voorrang.surveys import services
from voorrang.surveys.models import Invitation, Submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def wave():
    return open_wave()


@pytest.fixture
def respondent(wave):
    return services.add_respondent(actor=None, building=wave.building, cohort="incumbent")


def test_a_paper_form_is_stored_with_who_entered_it(wave, respondent) -> None:
    staff = StaffFactory(groups=["staff-welfare"])
    submission = services.enter_paper_form(
        actor=staff, wave=wave, respondent=respondent, completed_on=day(), answers=answers()
    )
    assert submission.channel == "paper"
    assert submission.entered_by == staff
    assert trail(submission).get().action == "survey_submission.paper"
    with pytest.raises(NotAllowed):
        services.enter_paper_form(
            actor=staff, wave=wave, respondent=respondent, completed_on=day(), answers=answers()
        )


def test_a_paper_form_stops_the_respondents_link(wave, respondent) -> None:
    invitation, token = services.issue_invitation(actor=None, wave=wave, respondent=respondent)
    services.enter_paper_form(
        actor=None, wave=wave, respondent=respondent, completed_on=day(), answers=answers()
    )
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    with pytest.raises(NotAllowed):
        services.submit_online(token=token, answers=answers())


def test_wrong_paper_entries_name_the_problem(wave, respondent) -> None:
    with pytest.raises(InvalidChange) as error:
        services.enter_paper_form(
            actor=None, wave=wave, respondent=respondent, completed_on=day(3), answers=answers()
        )
    assert error.value.field == "completed_on"
    elsewhere = services.add_respondent(
        actor=None, building=BuildingFactory(name="Berkenhof"), cohort="regular"
    )
    with pytest.raises(InvalidChange) as error:
        services.enter_paper_form(
            actor=None, wave=wave, respondent=elsewhere, completed_on=day(), answers=answers()
        )
    assert error.value.field == "respondent"
    services.close_wave(actor=None, wave=wave)
    with pytest.raises(NotAllowed):
        services.enter_paper_form(
            actor=None, wave=wave, respondent=respondent, completed_on=day(), answers=answers()
        )
    assert Submission.objects.count() == 0


def test_the_paper_page_asks_every_question_and_stores_not_answered(wave, respondent) -> None:
    client = Client()
    log_in(client, account("welfare", "staff-welfare"))
    url = f"/staff/surveys/{wave.pk}/paper/{respondent.pk}/"
    assert client.get(url).status_code == 200
    incomplete = client.post(url, {"completed_on": day().isoformat()})
    assert incomplete.status_code == 400
    assert Submission.objects.count() == 0
    data = {"completed_on": day().isoformat()}
    for code, given in answers().items():
        for item, option in given.items():
            data[f"{code}-{item}"] = option
    data["social-cohesion-pleasant"] = "-"
    done = client.post(url, data)
    assert done.status_code == 302
    stored = dict(Submission.objects.get().answers.values_list("item", "option"))
    assert stored["pleasant"] == ""
    assert stored["emptiness"] == "yes"
    assert Invitation.objects.count() == 0


def test_the_welfare_coordinator_sees_paper_entry_but_no_management_buttons(
    wave, respondent
) -> None:
    client = Client()
    log_in(client, account("coordinator", "staff-welfare"))
    html = client.get(f"/staff/surveys/{wave.pk}/").content.decode()
    assert f"/staff/surveys/{wave.pk}/paper/{respondent.pk}/" in html
    assert "/invite/" not in html
    assert "/close/" not in html
    assert "/respondents/" not in html
    researcher = Client()
    log_in(researcher, account("researcher-x", "researcher"))
    html = researcher.get(f"/staff/surveys/{wave.pk}/").content.decode()
    assert "/invite/" in html and "/close/" in html and "/respondents/" in html
