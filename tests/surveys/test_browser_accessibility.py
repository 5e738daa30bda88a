"""The survey pages pass axe-core in chromium: the public questionnaire (reached by a link,
without JavaScript), its answers, and the staff pages with and without errors."""

from __future__ import annotations

import pytest

from tests.factories import BuildingFactory
from tests.portal.browser import axe_violations, log_in
from tests.staff.accounts import account
from tests.surveys.factories import answers, day, open_wave
from voorrang.surveys import services
from voorrang.surveys.models import Submission

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page, url: str) -> list[str]:
    response = page.goto(url)
    assert response.status < 500, url
    return [f"{url}: {v}" for v in axe_violations(page)]


def test_the_questionnaire_passes_axe_and_works_without_javascript(chromium, live_server) -> None:
    context = chromium.new_context(locale="nl-NL", java_script_enabled=False)
    page = context.new_page()
    wave = open_wave(building=BuildingFactory(name="L-flat"))
    respondent = services.add_respondent(actor=None, building=wave.building, cohort="targeted")
    _invitation, token = services.issue_invitation(actor=None, wave=wave, respondent=respondent)
    url = f"{live_server.url}/vragenlijst/{token}/"
    page.goto(url)
    assert "Vragenlijst over wonen in uw gebouw" in page.content()
    page.get_by_label("Helemaal mee eens").first.check()
    emptiness = page.get_by_role("group", name="1. Ik ervaar een leegte om me heen.")
    emptiness.get_by_label("Nee").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Mijn antwoorden versturen").click()
    assert "Bedankt" in page.content()
    stored = dict(Submission.objects.get().answers.values_list("item", "option"))
    assert stored["know_each_other"] == "strongly_agree"
    assert stored["emptiness"] == "no"
    page.goto(url)
    assert "al ingevuld" in page.content()
    context.close()


def test_every_survey_page_passes_axe(page, live_server) -> None:
    lflat = BuildingFactory(name="L-flat", designated=True)
    other = BuildingFactory(name="Berkenhof", designated=False)
    researcher = account("onderzoeker", "researcher")
    waves = {}
    for building in (lflat, other):
        for offset in (0, 12):
            wave = open_wave(building=building, offset=offset, actor=researcher)
            waves[(building.name, offset)] = wave
            for _ in range(6):
                respondent = services.add_respondent(
                    actor=researcher, building=building, cohort="incumbent"
                )
                services.enter_paper_form(
                    actor=researcher,
                    wave=wave,
                    respondent=respondent,
                    completed_on=day(),
                    answers=answers(),
                )
    wave = waves[("L-flat", 0)]
    newcomer = services.add_respondent(actor=researcher, building=lflat, cohort="targeted")
    _invitation, token = services.issue_invitation(actor=None, wave=wave, respondent=newcomer)
    base = live_server.url
    problems: list[str] = []
    for path in [f"/vragenlijst/{token}/", "/vragenlijst/onbekend/"]:
        problems += check(page, base + path)
    log_in(page, live_server, researcher)
    for path in [
        "/staff/surveys/",
        "/staff/surveys/new/",
        f"/staff/surveys/{wave.pk}/",
        f"/staff/surveys/{wave.pk}/paper/{newcomer.pk}/",
        "/staff/surveys/results/",
    ]:
        problems += check(page, base + path)
    # Forms with errors, as staff see them.
    page.goto(base + "/staff/surveys/new/")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    problems += [f"wave errors: {v}" for v in axe_violations(page)]
    page.goto(base + f"/staff/surveys/{wave.pk}/paper/{newcomer.pk}/")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    problems += [f"paper errors: {v}" for v in axe_violations(page)]
    # The page that shows a new link once.
    page.goto(base + f"/staff/surveys/{wave.pk}/")
    with page.expect_navigation():
        page.get_by_role("button", name=f"Nieuwe link voor {newcomer.pseudonym}").click()
    assert "/vragenlijst/" in page.content()
    problems += [f"link page: {v}" for v in axe_violations(page)]
    assert problems == []
